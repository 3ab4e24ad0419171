import { applyMask, type MaskContext } from './masks';
import { REDACTED_TEXT } from './masks/redact';
import type { Purpose } from './purpose';

/** Masks one name the way the purpose masks names. */
export type NameMasker = (name: string) => string;

/** Text usable as a literal inside a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of every name in `text` by `maskName(name)`, in one pass from the left: where
 * names overlap (王建 and 王建国) the longest one at a position wins, and a replaced name is never matched
 * again. Chinese has no word boundaries, so a name is masked wherever its characters occur, inside longer
 * words too: a subject named 高兴 masks 很高兴 as 很高*. Over-masking a word is the price of never leaving a
 * name in clear. Names shorter than two characters are ignored: one character is a surname or a word, not
 * a name, and masking it everywhere would mask the whole text.
 */
export function maskNamesInText(text: string, names: readonly string[], maskName: NameMasker): string {
  const distinct = [...new Set(names.map((name) => name.trim()))].filter((name) => Array.from(name).length >= 2);
  if (distinct.length === 0 || text === '') return text;
  distinct.sort((a, b) => Array.from(b).length - Array.from(a).length);
  const pattern = new RegExp(distinct.map(escape).join('|'), 'gu');
  return text.replace(pattern, (name) => maskName(name));
}

/** The rule that decides a person's name under the purpose: the Person.name field rule, else the kind rule. */
function nameRule(purpose: Purpose) {
  return purpose.fieldRules['Person.name'] ?? purpose.kindRules.PERSON_NAME;
}

/**
 * Issue 9, item 4: a released free-text value with every listed subject's name masked as the purpose masks
 * `Person.name` (surname: 王建国 → 王**). A purpose that shows names in clear leaves the text as it is; one
 * that denies names, or has no rule for them, withholds each name (***). The caller (the gateway) lists the
 * names: the subjects of the record whose text it releases.
 */
export function maskSubjectNames(
  purpose: Purpose,
  text: string,
  names: readonly string[],
  context: Pick<MaskContext, 'pseudonymKey'> = { pseudonymKey: '' },
): string {
  const rule = nameRule(purpose);
  if (rule?.effect === 'allow') return text;
  if (rule?.effect !== 'mask') return maskNamesInText(text, names, () => REDACTED_TEXT);
  const maskContext: MaskContext = { kind: 'PERSON_NAME', scalar: 'String', nullable: false, purpose: purpose.name, ...context };
  return maskNamesInText(text, names, (name) => String(applyMask(rule.strategy, name, maskContext)));
}
