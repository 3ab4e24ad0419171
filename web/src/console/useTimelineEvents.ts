import { useEffect, useState } from 'react';
import type { GraphQLAnswer } from '../shared/graphql';
import { useAuditGraph, type Loadable } from './auditGraph';
import { TIMELINE_EVENTS, type Connection, type TimelineEvent } from './auditQueries';

/** The overview reads at most this many events (ten pages) and says so when there were more. */
export const TIMELINE_LIMIT = 1000;

export interface TimelineEvents {
  events: TimelineEvent[];
  truncated: boolean;
}

/** The events of [from, to), newest first, page after page through auditEvents. */
export function useTimelineEvents(from: string, to: string): Loadable<TimelineEvents> {
  const ask = useAuditGraph();
  const [state, setState] = useState<Loadable<TimelineEvents>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    (async () => {
      const events: TimelineEvent[] = [];
      let after: string | null = null;
      let answer: GraphQLAnswer<{ auditEvents: Connection<TimelineEvent> }> | undefined;
      for (;;) {
        answer = await ask<{ auditEvents: Connection<TimelineEvent> }>(TIMELINE_EVENTS, { filter: { from, to }, first: 100, ...(after ? { after } : {}) });
        if (!current) return;
        if (!answer.data || answer.errors?.length) {
          setState({ status: 'failed', answer: answer as never, message: answer.errors?.[0]?.message ?? `HTTP ${answer.status}` });
          return;
        }
        events.push(...answer.data.auditEvents.edges.map((edge) => edge.node));
        const { hasNextPage, endCursor }: Connection<TimelineEvent>['pageInfo'] = answer.data.auditEvents.pageInfo;
        if (!hasNextPage || !endCursor || events.length >= TIMELINE_LIMIT) {
          const data = { events, truncated: hasNextPage };
          setState({ status: 'done', data, answer: { ...answer, data } as never });
          return;
        }
        after = endCursor;
      }
    })().catch((error: Error) => current && setState({ status: 'failed', answer: undefined, message: error.message }));
    return () => {
      current = false;
    };
  }, [ask, from, to]);
  return state;
}
