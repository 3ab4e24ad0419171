/**
 * The one text form of a record that its hash covers: JSON with object keys sorted recursively (by
 * UTF-16 code units, as RFC 8785 JCS sorts them) and no whitespace. Only strings, safe integers,
 * booleans, null, arrays and objects are allowed, so PostgreSQL's jsonb (which reorders keys and
 * reformats numbers) hands back a value that canonicalises to the same text. Object members whose
 * value is `undefined` are left out, as JSON.stringify leaves them out.
 */

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

// A NUL or an unpaired surrogate is valid in a JS string but refused by jsonb.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      if (UNSTORABLE.test(value)) throw new CanonicalJsonError(`${path}: a NUL character or an unpaired surrogate cannot be stored`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`${path}: ${value} is not a safe integer (write fractions as strings)`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item, index) => write(item, `${path}[${index}]`)).join(',')}]`;
      if (!isPlainObject(value)) throw new CanonicalJsonError(`${path}: only plain objects can be stored, not ${value.constructor?.name ?? 'this object'}`);
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort(compareCodeUnits)
        .map((key) => {
          if (UNSTORABLE.test(key)) throw new CanonicalJsonError(`${path}: key ${JSON.stringify(key)} cannot be stored`);
          return `${JSON.stringify(key)}:${write((value as Record<string, unknown>)[key], `${path}.${key}`)}`;
        })
        .join(',')}}`;
    default:
      throw new CanonicalJsonError(`${path}: a ${typeof value} cannot be stored`);
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Code-unit order, spelled out: localeCompare would depend on the machine's locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
