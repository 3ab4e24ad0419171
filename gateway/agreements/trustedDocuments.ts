import type { Request, RequestHandler } from 'express';
import { isRecord } from '../pipeline/requestBodyShape';
import { sha256Hex, type DirectorySnapshot } from './directorySnapshot';

/**
 * How the request named its document, worked out before Apollo reads the body:
 * - `resolved`: by id (`documentId: "sha256:<hex>"`, GraphQL-over-HTTP trusted documents, or Apollo's
 *   `extensions.persistedQuery.sha256Hash`) — the agreed text now stands in `query`;
 * - `unknown`: by an id no agreement has (or while no agreements could be read);
 * - `malformed`: an id that is not a SHA-256, or one sent with a query text it is not the hash of.
 */
export type TrustedDocument =
  | { kind: 'resolved'; hash: string }
  | { kind: 'unknown'; hash: string; directoryLoaded: boolean }
  | { kind: 'malformed'; message: string };

const SHA256 = /^[0-9a-f]{64}$/i;
const trusted = new WeakMap<Request, TrustedDocument>();

/** What trustedDocuments() found in this request's body; undefined when it named no document by id. */
export function trustedDocumentOf(req: Request): TrustedDocument | undefined {
  return trusted.get(req);
}

/**
 * Pure: the document a body names by id, if it names one. Both ways of naming are accepted because
 * clients exist for both (graphql-http / Relay send `documentId`, Apollo Client's persisted-queries link
 * sends the extension); either way the id is the SHA-256 of the exact text.
 */
export function documentIdOf(body: Record<string, unknown>): { hash: string } | { malformed: string } | undefined {
  const extensions = isRecord(body.extensions) ? body.extensions : undefined;
  const persisted = extensions && isRecord(extensions.persistedQuery) ? extensions.persistedQuery : undefined;
  if (body.documentId !== undefined && body.documentId !== null) {
    const id = body.documentId;
    if (typeof id !== 'string' || !id.startsWith('sha256:') || !SHA256.test(id.slice(7))) {
      return { malformed: 'documentId must be "sha256:" followed by the 64 hex digits of the document\'s SHA-256.' };
    }
    const hash = id.slice(7).toLowerCase();
    if (persisted && persisted.sha256Hash !== undefined && String(persisted.sha256Hash).toLowerCase() !== hash) {
      return { malformed: 'documentId and extensions.persistedQuery.sha256Hash name different documents.' };
    }
    return { hash };
  }
  if (persisted) {
    const hash = persisted.sha256Hash;
    if (typeof hash !== 'string' || !SHA256.test(hash)) return { malformed: 'extensions.persistedQuery.sha256Hash must be the 64 hex digits of the document\'s SHA-256.' };
    return { hash: hash.toLowerCase() };
  }
  return undefined;
}

/**
 * Resolves a document sent by id to its agreed text before Apollo Server parses the body (Apollo's own
 * automatic persisted queries are off: an id is only ever an agreed document, never one registered by
 * whoever sent it first). Refuses nothing itself — the context function does, audited, knowing the caller.
 */
export function trustedDocuments(snapshot: () => DirectorySnapshot | undefined): RequestHandler {
  return (req, _res, next) => {
    const body: unknown = req.body;
    if (req.method !== 'POST' || !isRecord(body)) return next();
    const named = documentIdOf(body);
    if (!named) return next();
    // Apollo must see neither: it would refuse the extension (APQ is off) and does not know documentId.
    delete body.documentId;
    if (isRecord(body.extensions)) {
      const { persistedQuery: _persisted, ...rest } = body.extensions;
      body.extensions = rest;
    }
    if ('malformed' in named) {
      trusted.set(req, { kind: 'malformed', message: named.malformed });
      return next();
    }
    if (typeof body.query === 'string' && body.query !== '') {
      // Both sent (Apollo's link does on a retry): the text must be the one the id names.
      trusted.set(req, sha256Hex(body.query) === named.hash ? { kind: 'resolved', hash: named.hash } : { kind: 'malformed', message: 'The query text does not hash to the document id sent with it.' });
      return next();
    }
    const current = snapshot();
    const text = current?.documents.get(named.hash);
    if (text === undefined) {
      trusted.set(req, { kind: 'unknown', hash: named.hash, directoryLoaded: current !== undefined });
      // Something for Apollo to parse should the refusal not come first; the context function refuses before it does.
      return next();
    }
    body.query = text;
    trusted.set(req, { kind: 'resolved', hash: named.hash });
    next();
  };
}
