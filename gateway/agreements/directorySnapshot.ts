import { createHash } from 'node:crypto';
import { Kind, parse } from 'graphql';
import type { AgreedOperationRow } from './agreedOperation';

/** One agreed operation, with what the check needs of its document worked out once when it is loaded. */
export interface AgreedEntry extends AgreedOperationRow {
  /** The variables the agreed operation declares: a request may send these and no others. */
  readonly declaredVariables: ReadonlySet<string>;
}

/**
 * Everything in the agreements database at one moment, indexed for the request path: which documents
 * exist (to resolve a `documentId`), and per application (azp) per document hash the agreements that
 * cover it. Immutable; the directory swaps in a new one on each refresh.
 */
export interface DirectorySnapshot {
  readonly loadedAt: Date;
  /** documentHash → the exact document text, whatever its agreements' status. */
  readonly documents: ReadonlyMap<string, string>;
  /** clientId → documentHash → the agreements of that application covering that document. */
  readonly byClient: ReadonlyMap<string, ReadonlyMap<string, readonly AgreedEntry[]>>;
  /** Rows left out because their document does not parse or does not hash to its recorded hash. */
  readonly rejected: readonly { agreementId: string; operationName: string; reason: string }[];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * What a document's checks found, kept across reloads (agreed documents never change: the store's
 * operations are append-only), so a reload every few seconds hashes and parses only what is new.
 */
export type DocumentFactsCache = Map<string, { readonly text: string; readonly operationName: string; readonly declared: ReadonlySet<string> }>;

/**
 * Indexes the rows. Pure but for `cache`, which it reads and fills. A row whose document does not hash to
 * its recorded hash is left out (the hash is what a request is matched on; a mismatch means the store is
 * wrong, and the gateway refuses rather than guess), as is one whose document does not parse.
 */
export function buildDirectorySnapshot(rows: readonly AgreedOperationRow[], loadedAt: Date, cache: DocumentFactsCache = new Map()): DirectorySnapshot {
  const documents = new Map<string, string>();
  const byClient = new Map<string, Map<string, AgreedEntry[]>>();
  const rejected: { agreementId: string; operationName: string; reason: string }[] = [];
  for (const row of rows) {
    const hash = row.documentHash.toLowerCase();
    const known = cache.get(hash);
    let declared: ReadonlySet<string>;
    if (known && known.text === row.document && known.operationName === row.operationName) {
      declared = known.declared;
    } else {
      if (sha256Hex(row.document) !== hash) {
        rejected.push({ agreementId: row.agreementId, operationName: row.operationName, reason: 'the document does not hash to its recorded documentHash' });
        continue;
      }
      try {
        declared = declaredVariables(row.document, row.operationName);
      } catch (error) {
        rejected.push({ agreementId: row.agreementId, operationName: row.operationName, reason: `the document does not parse: ${(error as Error).message}` });
        continue;
      }
      cache.set(hash, { text: row.document, operationName: row.operationName, declared });
    }
    documents.set(hash, row.document);
    let forClient = byClient.get(row.clientId);
    if (!forClient) byClient.set(row.clientId, (forClient = new Map()));
    const entries = forClient.get(hash) ?? [];
    entries.push(Object.freeze({ ...row, documentHash: hash, declaredVariables: declared }));
    forClient.set(hash, entries);
  }
  return Object.freeze({ loadedAt, documents, byClient, rejected });
}

/** The variable names the named operation of `document` declares (the only operation, when unnamed). */
function declaredVariables(document: string, operationName: string): ReadonlySet<string> {
  const operations = parse(document, { noLocation: true }).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((candidate) => candidate.name?.value === operationName) ?? (operations.length === 1 ? operations[0] : undefined);
  if (!operation) throw new Error(`it defines no operation ${operationName}`);
  return new Set((operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value));
}
