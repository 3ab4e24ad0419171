/**
 * The kinds of personal data a subgraph can mark with `@sensitive(kind: …)`. A purpose decides per kind
 * (allow, mask with a strategy, deny); the kind also tells a mask strategy what it is looking at.
 */
export const SENSITIVE_KINDS = Object.freeze([
  'ID_NUMBER',
  'PERSON_NAME',
  'PHONE',
  'ADDRESS',
  'BIRTH_DATE',
  'BANK_ACCOUNT',
  'MONEY_AMOUNT',
  /** Narratives: incident summaries, petition content, complaint text. */
  'FREE_TEXT',
  /** Involvement in criminal matters: sensitive personal information (PIPL art. 28). */
  'CRIMINAL',
] as const);

export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

export function isSensitiveKind(name: unknown): name is SensitiveKind {
  return typeof name === 'string' && (SENSITIVE_KINDS as readonly string[]).includes(name);
}
