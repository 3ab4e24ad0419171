import { PURPOSE_LIST } from '../../../policies/purposes';

/**
 * The purposes the sandbox offers, taken from policies/ at build time (the same data the gateway
 * decides with): name, title, who may state it and whether it needs a case reference.
 */
export interface PurposeOption {
  name: string;
  title: string;
  description: string;
  roles: readonly string[];
  caseRef: { required: false } | { required: true; description: string; pattern: string | undefined };
}

export const PURPOSE_OPTIONS: readonly PurposeOption[] = PURPOSE_LIST.map((purpose) => ({
  name: purpose.name,
  title: purpose.title,
  description: purpose.description,
  roles: purpose.roles,
  caseRef: purpose.caseRef.required
    ? { required: true, description: purpose.caseRef.description, pattern: purpose.caseRef.pattern?.source }
    : { required: false },
}));

export function permittedTo(roles: readonly string[]): { permitted: PurposeOption[]; others: PurposeOption[] } {
  const permitted = PURPOSE_OPTIONS.filter((purpose) => purpose.roles.some((role) => roles.includes(role)));
  return { permitted, others: PURPOSE_OPTIONS.filter((purpose) => !permitted.includes(purpose)) };
}

/** Whether a case reference has the shape the purpose asks for (the gateway checks again). */
export function caseRefLooksValid(purpose: PurposeOption, caseRef: string): boolean {
  if (!purpose.caseRef.required) return true;
  if (caseRef === '') return false;
  return purpose.caseRef.pattern ? new RegExp(purpose.caseRef.pattern).test(caseRef) : true;
}

/** The purpose's title in the page's language: the Chinese title, or the purpose's name in English. */
export function purposeLabel(name: string | null | undefined, locale: 'zh' | 'en'): string {
  if (!name) return '—';
  const purpose = PURPOSE_OPTIONS.find((option) => option.name === name);
  if (!purpose) return name;
  return locale === 'zh' ? purpose.title : purpose.name;
}
