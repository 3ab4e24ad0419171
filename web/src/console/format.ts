import type { Translate } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import type { AuditOutcome, FieldEffect } from './auditQueries';

/** Times are stored in UTC; officers read them in their own time zone, to the second. */
export function formatTime(iso: string | null | undefined, locale: 'zh' | 'en'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

export function outcomeLabel(t: Translate, outcome: AuditOutcome): string {
  return t(`outcome.${outcome}` as MessageKey);
}

export function effectLabel(t: Translate, effect: FieldEffect): string {
  return t(`effect.${effect}` as MessageKey);
}

const AGENCIES = ['petitions', 'police', 'court', 'procuratorate', 'market', 'bank', 'data-bureau', 'mediation'] as const;
export const AGENCY_CODES: readonly string[] = AGENCIES;

export function agencyLabel(t: Translate, agency: string | null | undefined): string {
  if (!agency) return '—';
  return (AGENCIES as readonly string[]).includes(agency) ? t(`agency.${agency}` as MessageKey) : agency;
}

/** The datetime-local value of an ISO time, in local time (the input has no zone). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A refusal or override code in words where the console knows it, else the code itself. */
export function codeLabel(t: Translate, code: string): string {
  const key = `code.${code}` as MessageKey;
  const label = t(key);
  return label === undefined || label === key ? code : label;
}
