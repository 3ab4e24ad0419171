import type pg from 'pg';

/** The part of pg's connection a submitted query writes to (pg/lib/connection.js; pg-copy-streams uses the same). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: { cork?(): void; uncork?(): void };
}

/**
 * `COPY … FROM STDIN` in ONE round trip: the statement, the data and CopyDone are written together, in one write,
 * without waiting for PostgreSQL's CopyInResponse (pg-copy-streams waits for it: a second round trip,
 * which on a loaded machine is a second wake-up of both processes per batch). Safe because a backend
 * whose COPY failed before or while reading ignores the CopyData and CopyDone that follow (PostgreSQL's
 * protocol, PostgresMain), so the connection is as after any failed statement.
 */
class CopyIn {
  /** pg replaces this with its query_timeout hook; called once the statement is over either way. */
  callback: () => void = () => undefined;

  constructor(
    private readonly statement: string,
    private readonly data: Buffer,
    private readonly done: (error?: Error) => void,
  ) {}

  submit(connection: CopyConnection): void {
    // Corked, as pg does for its extended-protocol messages: the three go out in one write, not three —
    // each write to a local socket costs a wake-up of PostgreSQL's backend (profiled: 3 % of the gateway's CPU).
    connection.stream.cork?.();
    try {
      connection.query(this.statement);
      connection.sendCopyFromChunk(this.data);
      connection.endCopyFrom();
    } finally {
      connection.stream.uncork?.();
    }
  }

  handleCopyInResponse(): void {
    // The data is already on its way.
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.callback();
    this.done();
  }

  handleError(error: Error): void {
    this.callback();
    this.done(error);
  }
}

/**
 * Runs `COPY … FROM STDIN` on `client` with `data` (rows already in COPY's text format) and resolves
 * once PostgreSQL has answered: outside a transaction that is after its commit. Rejects with the
 * server's error (code, constraint) as a query would.
 */
export function copyIn(client: pg.ClientBase, statement: string, data: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const query = new CopyIn(statement, Buffer.from(data, 'utf8'), (error) => (error ? reject(error) : resolve()));
    client.query(query as unknown as pg.Submittable);
  });
}

/** A field in COPY's text format: backslash is its escape character, so it is doubled. Tab, newline and CR must not occur (JSON and hex never hold them raw). */
export function copyTextField(text: string): string {
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}
