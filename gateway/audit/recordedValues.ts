import { createHmac } from 'node:crypto';
import { Kind, visit, type DocumentNode } from 'graphql';
import { UNRECORDABLE, type AuditUnrecordable, type UnrecordableMarker } from '../../audit/record';

/**
 * How values a client sent appear in its audit record: never as sent. Every literal of the document and
 * every value of the variables — strings, integers, fractions alike — becomes a keyed pseudonym
 * (AUDIT_SUBJECT_KEY), so the log holds no ID number however it was written (`"3301…"`, `3301…`, `$id`),
 * while the same value still has the same pseudonym in every record. What cannot be pseudonymised
 * honestly becomes an UNRECORDABLE marker with the reason, listed in the record's `unrecordable`. Pure.
 */

/** Variables deeper than this are cut: no input the graph declares nests half as deep. */
export const MAX_VARIABLE_DEPTH = 32;
/** Values recorded per request; the rest become markers. Bounds the record whatever the body holds. */
export const MAX_VARIABLE_VALUES = 1_000;

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** `~` and 16 hex digits of HMAC-SHA256(key, "value:" + text): the same text, the same pseudonym. */
export function pseudonymOf(key: string, text: string): string {
  return `~${createHmac('sha256', key).update(`value:${text}`, 'utf8').digest('hex').slice(0, 16)}`;
}

/**
 * The document hash: HMAC-SHA256(key, "document:" + text), hex. Keyed because a plain hash of a document
 * holding an ID number is a dictionary away from the number (18-digit IDs are a small space).
 */
export function documentHashOf(key: string, text: string): string {
  return createHmac('sha256', key).update(`document:${text}`, 'utf8').digest('hex');
}

export function unrecordable(reason: string): UnrecordableMarker {
  return { [UNRECORDABLE]: reason };
}

/** The document with every string, integer and float literal replaced by its pseudonym (as a string literal). */
export function pseudonymiseLiterals(document: DocumentNode, key: string): DocumentNode {
  const replace = (value: string) => ({ kind: Kind.STRING, value: pseudonymOf(key, value), block: false }) as const;
  return visit(document, {
    StringValue: (node) => replace(node.value),
    // The digits as written, so `330110197803150018` and `"330110197803150018"` share a pseudonym.
    IntValue: (node) => replace(node.value),
    FloatValue: (node) => replace(node.value),
  });
}

export const REASONS = Object.freeze({
  bigNumber: 'a number of magnitude 2^53 or more: JSON parsing kept only the nearest double, not the digits sent',
  notFinite: 'a number beyond the range of a double (1e400 parses as Infinity)',
  tooDeep: `nested deeper than ${MAX_VARIABLE_DEPTH} levels`,
  tooMany: `more than ${MAX_VARIABLE_VALUES} values in the variables`,
  notJson: 'not a JSON value',
});

/**
 * The variables as the record holds them: structure kept, object keys kept where they are GraphQL names
 * (other keys are pseudonymised too: an undeclared variable may be named anything, an ID number included),
 * every scalar pseudonymised except booleans and null. Markers where a value cannot be recorded; each
 * distinct reason is added to `notes` once, under `$.variables`.
 */
export function recordVariables(variables: unknown, key: string, notes: AuditUnrecordable[]): Record<string, unknown> {
  const reasons = new Set<string>();
  let budget = MAX_VARIABLE_VALUES;
  const mark = (reason: string) => {
    reasons.add(reason);
    return unrecordable(reason);
  };
  // Recursion is bounded by MAX_VARIABLE_DEPTH, whatever the nesting of the input.
  const record = (value: unknown, depth: number): unknown => {
    if (budget <= 0) return mark(REASONS.tooMany);
    budget -= 1;
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'boolean':
        return value;
      case 'string':
        return pseudonymOf(key, value);
      case 'number':
        if (!Number.isFinite(value)) return mark(REASONS.notFinite);
        if (Number.isInteger(value) && !Number.isSafeInteger(value)) return mark(REASONS.bigNumber);
        // String(-0) is "0": the same value the subgraph sees.
        return pseudonymOf(key, String(value));
      case 'object': {
        if (depth >= MAX_VARIABLE_DEPTH) return mark(REASONS.tooDeep);
        if (Array.isArray(value)) {
          const items: unknown[] = [];
          for (const item of value) {
            if (budget <= 0) {
              items.push(mark(REASONS.tooMany));
              break;
            }
            items.push(record(item, depth + 1));
          }
          return items;
        }
        const members: Record<string, unknown> = {};
        for (const [name, item] of Object.entries(value)) {
          if (budget <= 0) {
            members[UNRECORDABLE] = REASONS.tooMany;
            reasons.add(REASONS.tooMany);
            break;
          }
          // defineProperty: a key `__proto__` stays a member, it does not set the prototype.
          Object.defineProperty(members, GRAPHQL_NAME.test(name) ? name : pseudonymOf(key, name), {
            value: record(item, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return members;
      }
      default:
        return mark(REASONS.notJson);
    }
  };
  const isObject = variables !== null && typeof variables === 'object' && !Array.isArray(variables);
  if (!isObject && variables !== null && variables !== undefined) reasons.add('the variables are not a JSON object');
  const recorded = isObject ? record(variables, 0) : {};
  for (const reason of reasons) notes.push({ path: '$.variables', reason });
  return recorded as Record<string, unknown>;
}
