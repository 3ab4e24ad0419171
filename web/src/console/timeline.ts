import type { TimelineEvent } from './auditQueries';

/**
 * Counts for the overview's charts: accesses per bucket (hour or day, in local time) by purpose and by
 * agency, and refused attempts per bucket. Pure, so the charts draw what the tests can compute.
 */
export interface Timeline {
  buckets: string[];
  byPurpose: Map<string, number[]>;
  byAgency: Map<string, number[]>;
  refused: number[];
  total: number;
}

export function bucketStarts(from: Date, to: Date, hourly: boolean): Date[] {
  const start = new Date(from);
  if (hourly) start.setMinutes(0, 0, 0);
  else start.setHours(0, 0, 0, 0);
  const starts: Date[] = [];
  for (const at = start; at < to; ) {
    starts.push(new Date(at));
    // Calendar arithmetic in local time: a day is a day across a daylight-saving change.
    if (hourly) at.setHours(at.getHours() + 1);
    else at.setDate(at.getDate() + 1);
  }
  return starts;
}

export function countTimeline(events: readonly TimelineEvent[], starts: readonly Date[], label: (start: Date) => string): Timeline {
  const buckets = starts.map(label);
  const index = (time: string) => {
    const at = new Date(time).getTime();
    let found = -1;
    for (let position = 0; position < starts.length && starts[position]!.getTime() <= at; position += 1) found = position;
    return found;
  };
  const byPurpose = new Map<string, number[]>();
  const byAgency = new Map<string, number[]>();
  const refused = starts.map(() => 0);
  const bump = (map: Map<string, number[]>, key: string, position: number) => {
    const counts = map.get(key) ?? starts.map(() => 0);
    counts[position] = (counts[position] ?? 0) + 1;
    map.set(key, counts);
  };
  let total = 0;
  for (const event of events) {
    const position = index(event.time);
    if (position < 0) continue;
    total += 1;
    if (event.outcome === 'REFUSED') refused[position] = (refused[position] ?? 0) + 1;
    bump(byPurpose, event.purpose ?? '—', position);
    bump(byAgency, event.user?.agency ?? '—', position);
  }
  return { buckets, byPurpose, byAgency, refused, total };
}
