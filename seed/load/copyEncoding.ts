import type { CopyValue, Row } from '../tables/tableSpec';

/**
 * PostgreSQL COPY text format: tab-separated columns, newline-terminated rows, \N for NULL, and
 * backslash escapes for the four characters that would otherwise break the framing.
 */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot COPY the number ${value}`);
    return String(value);
  }
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] as string) : value;
}

export function encodeCopyRow(row: Row): string {
  let line = '';
  for (let index = 0; index < row.length; index++) {
    if (index > 0) line += '\t';
    line += encodeCopyValue(row[index] as CopyValue);
  }
  return `${line}\n`;
}
