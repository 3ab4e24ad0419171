/**
 * The one text form of a record that its hash covers: JSON with object keys sorted recursively (by
 * UTF-16 code units, as RFC 8785 JCS sorts them) and no whitespace. Only strings, safe integers,
 * booleans, null, arrays and objects are allowed, so PostgreSQL's jsonb (which reorders keys and
 * reformats numbers) hands back a value that canonicalises to the same text. Object members whose
 * value is `undefined` are left out, as JSON.stringify leaves them out. Nesting is bounded (MAX_DEPTH), so a
 * hostile value fails with a CanonicalJsonError rather than overflowing the stack.
 */

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

// A NUL or an unpaired surrogate is valid in a JS string but refused by jsonb. The cheap test first:
// most strings have neither a NUL nor any surrogate.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => SUSPECT.test(text) && UNSTORABLE.test(text);

/** Where in the value a problem is, built only when there is one (the writer canonicalises every record). */
type Path = readonly [parent: Path, step: string | number] | null;

function describe(path: Path): string {
  const steps: (string | number)[] = [];
  for (let at = path; at; at = at[0]) steps.unshift(at[1]);
  return `$${steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
}

/** Deeper than any record the gateway builds (its variables are cut at 32 levels); a guard, not a format rule. */
export const MAX_DEPTH = 128;

export function canonicalJson(value: unknown): string {
  return write(value, null, 0);
}

/**
 * `"key":value` as it appears inside canonicalJson of an object holding `key` — the same text, errors,
 * paths and depth as `canonicalJson({ [key]: value }).slice(1, -1)`, without building that one-member
 * object (a new shape per key, which profiled at half of canonicalising a record member by member).
 */
export function canonicalMember(key: string, value: unknown): string {
  if (unstorable(key)) throw new CanonicalJsonError(`$: key ${JSON.stringify(key)} cannot be stored`);
  return `${JSON.stringify(key)}:${write(value, [null, key], 1)}`;
}

function write(value: unknown, path: Path, depth: number): string {
  if (value === null) return 'null';
  if (depth > MAX_DEPTH) throw new CanonicalJsonError(`${describe(path)}: nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case 'string':
      if (unstorable(value)) throw new CanonicalJsonError(`${describe(path)}: a NUL character or an unpaired surrogate cannot be stored`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // The value itself stays out of the message: it may be personal (an ID number sent as a number).
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`${describe(path)}: not a safe integer (write fractions as strings)`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index += 1) {
          if (index > 0) text += ',';
          text += write(value[index], [path, index], depth + 1);
        }
        return `${text}]`;
      }
      if (!isPlainObject(value)) {
        throw new CanonicalJsonError(`${describe(path)}: only plain objects can be stored, not ${value.constructor?.name ?? 'this object'}`);
      }
      const members = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, the order JCS prescribes (localeCompare would not).
      const keys = Object.keys(members).sort();
      let text = '{';
      for (const key of keys) {
        const member = members[key];
        if (member === undefined) continue;
        if (unstorable(key)) throw new CanonicalJsonError(`${describe(path)}: key ${JSON.stringify(key)} cannot be stored`);
        if (text.length > 1) text += ',';
        text += `${JSON.stringify(key)}:${write(member, [path, key], depth + 1)}`;
      }
      return `${text}}`;
    }
    default:
      throw new CanonicalJsonError(`${describe(path)}: a ${typeof value} cannot be stored`);
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
