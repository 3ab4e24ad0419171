/**
 * Imported first by a subgraph's entry point (bin/subgraph.ts), before graphql-js loads: graphql-js reads
 * NODE_ENV once, at load, and outside production checks every `instanceof` it makes for a second copy of
 * itself — a cost on every field of every answer. Production unless the operator says otherwise.
 * (The supervisor starts its subgraphs with NODE_ENV=production itself: it preloads graphql-js before
 * the entry point runs.)
 */
process.env.NODE_ENV ??= 'production';

export {};
