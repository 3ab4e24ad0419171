import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { WebConfig } from '../shared/config';
import { requestGraph } from '../shared/graphql';
import { isExpired, type Session } from '../shared/oidc';
import { useQueryWith, type Ask, type Loadable } from './auditGraph';

/**
 * The agreements workflow API (`POST /agreements/graphql`) for the pages of stewards and officers: the
 * bearer token only — the workflow reads no agency's data, so no purpose is stated — and a 401 signs in again.
 */
const AgreementsGraphContext = createContext<Ask | undefined>(undefined);

export function AgreementsGraphProvider(props: { config: WebConfig; session: Session; onExpired(): void; children: ReactNode }) {
  const { config, session, onExpired } = props;
  const ask = useCallback<Ask>(
    async (query, variables) => {
      if (isExpired(session)) onExpired();
      const answer = await requestGraph<any>(config.agreementsPath, { token: session.accessToken, query, ...(variables ? { variables } : {}) });
      if (answer.status === 401) onExpired();
      return answer;
    },
    [config, session, onExpired],
  );
  return <AgreementsGraphContext.Provider value={ask}>{props.children}</AgreementsGraphContext.Provider>;
}

export function useAgreementsGraph(): Ask {
  const ask = useContext(AgreementsGraphContext);
  if (!ask) throw new Error('useAgreementsGraph outside AgreementsGraphProvider');
  return ask;
}

export function useAgreementsQuery<Data>(query: string, variables: Record<string, unknown> | undefined, key: string | undefined): Loadable<Data> {
  return useQueryWith<Data>(useAgreementsGraph(), query, variables, key);
}
