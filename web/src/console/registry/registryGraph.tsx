import { createContext, useContext, type ReactNode } from 'react';
import type { Session } from '../../shared/oidc';
import { useQueryWith, useSessionAsk, type Ask, type Loadable } from '../auditGraph';

/**
 * The registry's API on the gateway's own origin. It takes the signed-in person's bearer token and no
 * purpose: reading and deciding on schemas is governance, not a read of anyone's personal data, and
 * the registry decides itself who may do what (officers decide, stewards read).
 */
export const REGISTRY_PATH = '/registry/graphql';

export type RegistryAsk = Ask;

const RegistryGraphContext = createContext<RegistryAsk | undefined>(undefined);

export function RegistryGraphProvider(props: { session: Session; onExpired(): void; children: ReactNode }) {
  const ask = useSessionAsk(REGISTRY_PATH, props.session, props.onExpired);
  return <RegistryGraphContext.Provider value={ask}>{props.children}</RegistryGraphContext.Provider>;
}

export function useRegistryGraph(): RegistryAsk {
  const ask = useContext(RegistryGraphContext);
  if (!ask) throw new Error('useRegistryGraph outside RegistryGraphProvider');
  return ask;
}

/** Runs one registry query whenever `key` changes (undefined: nothing to ask yet); the newest answer wins. */
export function useRegistryQuery<Data>(query: string, variables: Record<string, unknown> | undefined, key: string | undefined): Loadable<Data> {
  return useQueryWith<Data>(useRegistryGraph(), query, variables, key);
}

/** A mutation's outcome in words: the value, or the registry's code and message. */
export type MutationOutcome<Data> = { ok: true; data: Data } | { ok: false; code: string; message: string };

export async function runMutation<Data>(ask: RegistryAsk, query: string, variables: Record<string, unknown>): Promise<MutationOutcome<Data>> {
  try {
    const answer = await ask<Data>(query, variables);
    if (answer.data != null && !answer.errors?.length) return { ok: true, data: answer.data };
    const error = answer.errors?.[0];
    return { ok: false, code: error?.extensions?.code ?? `HTTP_${answer.status}`, message: error?.message ?? '' };
  } catch (error) {
    return { ok: false, code: 'NETWORK', message: (error as Error).message };
  }
}
