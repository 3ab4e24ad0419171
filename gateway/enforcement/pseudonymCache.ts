import { LRUCache } from 'lru-cache';
import { subjectPseudonym, type AuditSubjectType } from '../../audit/subjectPseudonym';
import { pseudonymOf } from '../../policies/masks/pseudonym';

/** Distinct values kept per cache: the people and companies a busy hour's answers name, with room. */
export const DEFAULT_PSEUDONYM_ENTRIES = 50_000;

/**
 * The HMACs the gateway computes over and over — the `pseudonym` mask of a value under a purpose, the audit's
 * subject pseudonym — remembered (bounded, least recently used out), since the same people recur in answer
 * after answer. Each cache belongs to one key, so a value is only ever answered with the HMAC under that key;
 * the purpose is part of the mask's entry, so two purposes' pseudonyms stay apart.
 */
export interface PseudonymCache {
  /** pseudonymOf(value, purpose, pseudonymKey). */
  mask(purpose: string, value: string): string;
  /** subjectPseudonym(subjectKey, type, identifier). */
  subject(type: AuditSubjectType, identifier: string): string;
}

export function createPseudonymCache(options: { pseudonymKey: string; subjectKey: string; maxEntries?: number }): PseudonymCache {
  const max = options.maxEntries ?? DEFAULT_PSEUDONYM_ENTRIES;
  const masks = new LRUCache<string, string>({ max });
  const subjects = new LRUCache<string, string>({ max });
  return {
    mask(purpose, value) {
      // The length prefix keeps (purpose "a:b", value "c") apart from (purpose "a", value "b:c").
      const key = `${purpose.length}:${purpose}:${value}`;
      let found = masks.get(key);
      if (found === undefined) masks.set(key, (found = pseudonymOf(value, purpose, options.pseudonymKey)));
      return found;
    },
    subject(type, identifier) {
      const key = `${type}:${identifier}`;
      let found = subjects.get(key);
      if (found === undefined) subjects.set(key, (found = subjectPseudonym(options.subjectKey, type, identifier)));
      return found;
    },
  };
}
