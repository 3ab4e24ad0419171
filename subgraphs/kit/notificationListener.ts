import pg from 'pg';
import type { Database } from './database';

export interface NotificationListenerOptions {
  /** First wait before reconnecting after the connection is lost; doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  onError?: (error: Error) => void;
}

/**
 * LISTENs on `channel` over a connection of its own (a pool client would be held forever) and calls
 * `onChange` on each NOTIFY. A lost connection is reopened with backoff, and `onChange` is called once it
 * is back, since notifications sent meanwhile are lost; a first connection that fails is retried the same
 * way, so a database down at start-up is picked up when it returns. Resolves with a stop function.
 */
export async function listenForNotifications(
  db: Database,
  channel: string,
  onChange: () => void,
  options: NotificationListenerOptions = {},
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a safe channel name: ${channel}`);
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wait = retryMs;
  // Notifications may have been missed: tell the caller to look once listening again.
  let catchUp = false;

  const scheduleReconnect = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, maxRetryMs);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client(db.pool.options);
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = undefined;
      catchUp = true;
      if (error) options.onError?.(error);
      next.end().catch(() => undefined);
      scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', () => lost());
    next.on('notification', (message) => {
      if (message.channel === channel) onChange();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (stopped) {
      client = undefined;
      await next.end().catch(() => undefined);
      return;
    }
    wait = retryMs;
    if (catchUp) {
      catchUp = false;
      onChange();
    }
  };
  await connect();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const current = client;
    client = undefined;
    await current?.end().catch(() => undefined);
  };
}
