import path from 'node:path';

/**
 * Where the privacy directives' definitions are (`@sensitive(kind:)` with the kinds of kinds.ts,
 * `@notPersonal(reason:)`): every agency's SDL is read behind them (@govgraph/subgraph-kit's loadSchema).
 * A path, not its text: this package does no I/O.
 */
export const PRIVACY_DIRECTIVES_FILE = path.join(__dirname, 'privacy.graphql');
