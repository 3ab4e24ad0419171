/** The agencies that publish a subgraph, in a fixed order (it fixes their default ports). */
export const AGENCIES = ['police', 'court', 'petitions', 'market', 'bank'] as const;
export type Agency = (typeof AGENCIES)[number];

/** Every subgraph of the graph: the five agencies, and the audit log's review API. */
export const SUBGRAPHS = [...AGENCIES, 'audit'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export const DEFAULT_SUBGRAPH_PORTS: Readonly<Record<SubgraphName, number>> = Object.freeze({
  police: 4001,
  court: 4002,
  petitions: 4003,
  market: 4004,
  bank: 4005,
  audit: 4006,
});

export function isAgency(name: string): name is Agency {
  return (AGENCIES as readonly string[]).includes(name);
}

/** Each agency's own database on the PostgreSQL server, e.g. `govgraph_police`. */
export function agencyDatabaseName(agency: Agency, prefix = 'govgraph'): string {
  return `${prefix}_${agency}`;
}

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPHS as readonly string[]).includes(name);
}
