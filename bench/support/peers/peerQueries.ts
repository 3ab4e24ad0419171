import { EVERYDAY_QUERIES } from '../../../test/support/everydayQueries';

/** One row of the peer table: a query, who asks it and under which purpose (and case). */
export interface PeerQuery {
  key: string;
  label: string;
  username: string;
  purpose: string;
  caseRef?: string;
  query: string;
  variables?: Record<string, unknown>;
}

const everyday = (prefix: string) => {
  const found = EVERYDAY_QUERIES.find((entry) => entry.name.startsWith(prefix));
  if (!found) throw new Error(`no everyday query starting "${prefix}"`);
  return found;
};

const fromEveryday = (key: string, label: string, prefix: string): PeerQuery => {
  const { username, purpose, caseRef, query, variables } = everyday(prefix);
  return { key, label, username, purpose, query, ...(caseRef ? { caseRef } : {}), ...(variables ? { variables } : {}) };
};

/**
 * The README's query, a 100-row list joined across agencies, a lookup one agency answers alone, and each
 * seed purpose's main operation (test/support/everydayQueries.ts).
 */
export const PEER_QUERIES: readonly PeerQuery[] = [
  fromEveryday('readme', "README 王建国 (4 agencies)", 'the README example'),
  fromEveryday('list100', '100-row list × market join', 'the risk desk'),
  {
    key: 'lookup',
    label: 'one-agency lookup (market)',
    username: 'analyst.chen',
    purpose: 'financial-risk-monitoring',
    query: 'query Lookup($code: ID!) { enterprise(creditCode: $code) { creditCode name status registeredCapital district industry } }',
    variables: { code: '91331004MA2J8L4Q7U' },
  },
  fromEveryday('dispute', 'dispute-resolution: cockpit', 'the dispute cockpit'),
  fromEveryday('fraud', 'fraud-investigation: desk', 'the anti-fraud desk'),
  fromEveryday('risk', 'financial-risk: risk card', 'the risk card'),
  fromEveryday('precursor', 'precursor-chemical: enterprise', 'precursor supervision'),
  fromEveryday('litigation', 'litigation-source: counts', 'litigation-source governance'),
];
