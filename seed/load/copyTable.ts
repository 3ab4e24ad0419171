import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tick } from '../records/types';
import type { TableSpec } from '../tables/tableSpec';
import { encodeCopyRow } from './copyEncoding';

/** Rows are sent in chunks of about this many characters: big enough to keep COPY busy, small enough to stay bounded. */
const CHUNK_CHARACTERS = 256 * 1024;

export class SeedAbortedError extends Error {
  override name = 'SeedAbortedError';
}

/**
 * Streams a table's rows into `COPY table FROM STDIN` on `client`. Rows are generated as the stream
 * asks for them (back-pressure), so memory stays the size of a chunk whatever the row count.
 * `isAborted` stops the walk between chunks when another agency's load has failed.
 */
export async function copyTable(client: pg.PoolClient, spec: TableSpec, tick: Tick, isAborted: () => boolean): Promise<number> {
  let rowCount = 0;
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const row of spec.rows(tick)) {
      chunk += encodeCopyRow(row);
      rowCount++;
      if (chunk.length >= CHUNK_CHARACTERS) {
        if (isAborted()) throw new SeedAbortedError(`loading ${spec.table} stopped: another agency's load failed`);
        yield chunk;
        chunk = '';
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  const copy = client.query(copyFrom(`COPY ${spec.table} (${spec.columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(), { objectMode: false }), copy);
  return rowCount;
}
