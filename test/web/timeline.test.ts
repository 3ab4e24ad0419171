import type { TimelineEvent } from '../../web/src/console/auditQueries';
import { bucketStarts, countTimeline } from '../../web/src/console/timeline';

/** The overview's counting: what its charts draw. */
const event = (time: string, purpose: string | null, outcome: TimelineEvent['outcome'], agency: string | null): TimelineEvent => ({
  time,
  purpose,
  outcome,
  user: agency === null ? null : { agency },
});

describe('bucketStarts', () => {
  it('gives one start per hour from the hour of `from`, each its own date', () => {
    const starts = bucketStarts(new Date(2025, 5, 30, 8, 20), new Date(2025, 5, 30, 11, 0), true);
    expect(starts.map((start) => [start.getHours(), start.getMinutes()])).toEqual([
      [8, 0],
      [9, 0],
      [10, 0],
    ]);
  });

  it('gives one start per local day from the day of `from`', () => {
    const starts = bucketStarts(new Date(2025, 5, 28, 13, 0), new Date(2025, 5, 30, 13, 0), false);
    expect(starts.map((start) => [start.getMonth(), start.getDate(), start.getHours()])).toEqual([
      [5, 28, 0],
      [5, 29, 0],
      [5, 30, 0],
    ]);
  });
});

describe('countTimeline', () => {
  const starts = bucketStarts(new Date(2025, 5, 30, 8, 0), new Date(2025, 5, 30, 11, 0), true);
  const at = (hour: number, minute: number) => new Date(2025, 5, 30, hour, minute).toISOString();

  it('counts accesses per bucket by purpose and by agency, and refusals per bucket', () => {
    const timeline = countTimeline(
      [
        event(at(8, 5), 'dispute-resolution', 'ALLOWED', 'petitions'),
        event(at(8, 59), 'dispute-resolution', 'REFUSED', 'petitions'),
        event(at(9, 0), 'fraud-investigation', 'ALLOWED', 'police'),
        event(at(10, 30), null, 'REFUSED', null),
      ],
      starts,
      (start) => String(start.getHours()),
    );
    expect(timeline.buckets).toEqual(['8', '9', '10']);
    expect(Object.fromEntries(timeline.byPurpose)).toEqual({
      'dispute-resolution': [2, 0, 0],
      'fraud-investigation': [0, 1, 0],
      '—': [0, 0, 1],
    });
    expect(Object.fromEntries(timeline.byAgency)).toEqual({ petitions: [2, 0, 0], police: [0, 1, 0], '—': [0, 0, 1] });
    expect(timeline.refused).toEqual([1, 0, 1]);
    expect(timeline.total).toBe(4);
  });

  it('leaves out events before the first bucket', () => {
    const timeline = countTimeline([event(at(7, 59), 'dispute-resolution', 'ALLOWED', 'petitions')], starts, String);
    expect(timeline.total).toBe(0);
    expect(timeline.byPurpose.size).toBe(0);
  });
});
