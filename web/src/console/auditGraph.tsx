import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { WebConfig } from '../shared/config';
import { requestGraph, type GraphQLAnswer } from '../shared/graphql';
import { isExpired, type Session } from '../shared/oidc';

/** Every read of the console states this purpose: the gateway audits the officer's own reads. */
export const AUDIT_PURPOSE = 'audit-review';

export type Ask = <Data>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLAnswer<Data>>;

const AuditGraphContext = createContext<Ask | undefined>(undefined);

export function AuditGraphProvider(props: { config: WebConfig; session: Session; onExpired(): void; children: ReactNode }) {
  const { config, session, onExpired } = props;
  const ask = useCallback<Ask>(
    async (query, variables) => {
      if (isExpired(session)) onExpired();
      const answer = await requestGraph<any>(config.graphqlPath, { token: session.accessToken, purpose: AUDIT_PURPOSE, query, ...(variables ? { variables } : {}) });
      if (answer.status === 401) onExpired();
      return answer;
    },
    [config, session, onExpired],
  );
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
