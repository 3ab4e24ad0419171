import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { WebConfig } from '../shared/config';
import { requestGraph, type GraphQLAnswer } from '../shared/graphql';
import { isExpired, type Session } from '../shared/oidc';

/** Every read of the console states this purpose: the gateway audits the officer's own reads. */
export const AUDIT_PURPOSE = 'audit-review';

export type Ask = <Data>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLAnswer<Data>>;

/**
 * An `ask` for one of the gateway's GraphQL endpoints under the signed-in person's bearer token (and a purpose
 * where the endpoint reads people's data): an expired session or a 401 signs in again.
 */
export function useSessionAsk(path: string, session: Session, onExpired: () => void, purpose?: string): Ask {
  return useCallback<Ask>(
    async (query, variables) => {
      if (isExpired(session)) onExpired();
      const answer = await requestGraph<any>(path, { token: session.accessToken, ...(purpose ? { purpose } : {}), query, ...(variables ? { variables } : {}) });
      if (answer.status === 401) onExpired();
      return answer;
    },
    [path, session, onExpired, purpose],
  );
}

const AuditGraphContext = createContext<Ask | undefined>(undefined);

export function AuditGraphProvider(props: { config: WebConfig; session: Session; onExpired(): void; children: ReactNode }) {
  const ask = useSessionAsk(props.config.graphqlPath, props.session, props.onExpired, AUDIT_PURPOSE);
  return <AuditGraphContext.Provider value={ask}>{props.children}</AuditGraphContext.Provider>;
}

export function useAuditGraph(): Ask {
  const ask = useContext(AuditGraphContext);
  if (!ask) throw new Error('useAuditGraph outside AuditGraphProvider');
  return ask;
}

export type Loadable<Data> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; data: Data; answer: GraphQLAnswer<Data> }
  | { status: 'failed'; answer: GraphQLAnswer<Data> | undefined; message: string };

/** Runs one query whenever `key` changes (undefined: nothing to ask yet); the newest answer wins. */
export function useAuditQuery<Data>(query: string, variables: Record<string, unknown> | undefined, key: string | undefined): Loadable<Data> {
  return useQueryWith<Data>(useAuditGraph(), query, variables, key);
}

/** The same for any endpoint's `ask` (the audit graph, the agreements workflow). */
export function useQueryWith<Data>(ask: Ask, query: string, variables: Record<string, unknown> | undefined, key: string | undefined): Loadable<Data> {
  const [state, setState] = useState<Loadable<Data>>({ status: 'idle' });
  useEffect(() => {
    if (key === undefined) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    ask<Data>(query, variables)
      .then((answer) => {
        if (!current) return;
        if (answer.data != null && !answer.errors?.length) setState({ status: 'done', data: answer.data, answer });
        else setState({ status: 'failed', answer, message: answer.errors?.[0]?.message ?? `HTTP ${answer.status}` });
      })
      .catch((error: Error) => {
        if (current) setState({ status: 'failed', answer: undefined, message: error.message });
      });
    return () => {
      current = false;
    };
    // `key` stands for the query and its variables (objects made anew on each render).
  }, [key, ask]);
  return state;
}
