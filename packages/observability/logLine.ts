/**
 * A pino JSON line as a newcomer reads it on a terminal: `14:55:01 INFO  gateway  request ok  purpose=… ms=12`.
 * Used by packages/observability/logger.ts when stdout is a TTY outside production, and by the supervisor (npm start) for the
 * JSON lines its children print. Anything that is not a pino line is returned unchanged.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the compact form shows in its own place. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'component', 'msg']);

export function humanLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.msg !== 'string') return line;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : new Date(Number(entry.time)).toISOString().slice(11, 19);
  const rest = Object.entries(entry)
    .filter(([key]) => !SHOWN_APART.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const component = typeof entry.component === 'string' ? `[${entry.component}] ` : '';
  return `${time} ${LEVELS[entry.level] ?? String(entry.level)} ${component}${entry.msg}${rest ? `  ${rest}` : ''}`;
}
