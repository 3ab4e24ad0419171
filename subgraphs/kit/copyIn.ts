import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Runs `COPY … FROM STDIN` on `client` with `data` (rows already in COPY's text format) and resolves
 * once PostgreSQL has answered: outside a transaction that is after its commit. Rejects with the
 * server's error (code, constraint) as a query would.
 */
export function copyIn(client: pg.ClientBase, statement: string, data: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(statement));
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(data);
  });
}

/** A field in COPY's text format: backslash is its escape character, so it is doubled. Tab, newline and CR must not occur (JSON and hex never hold them raw). */
export function copyTextField(text: string): string {
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}
