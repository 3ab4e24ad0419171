import { createContext, useContext, type ReactNode } from 'react';
import type { WebConfig } from '../shared/config';
import type { Session } from '../shared/oidc';
import { useQueryWith, useSessionAsk, type Ask, type Loadable } from './auditGraph';

/**
 * The agreements workflow API (`POST /agreements/graphql`) for the pages of stewards and officers: the
 * bearer token only — the workflow reads no agency's data, so no purpose is stated — and a 401 signs in again.
 */
const AgreementsGraphContext = createContext<Ask | undefined>(undefined);

export function AgreementsGraphProvider(props: { config: WebConfig; session: Session; onExpired(): void; children: ReactNode }) {
  const ask = useSessionAsk(props.config.agreementsPath, props.session, props.onExpired);
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
