import { createHmac } from 'node:crypto';

export type AuditSubjectType = 'Person' | 'Enterprise' | 'Account';

/**
 * The data subject's name in audit records: HMAC-SHA256(key, `${type}:${identifier}`) hex, first 32
 * characters. The gateway writes it; the audit review computes it again from an identifier a privacy
 * officer types, so records can be found by person without the log holding the identifier itself.
 * Keyed (AUDIT_SUBJECT_KEY), so nobody without the key can test guesses of ID numbers against the log.
 */
export function subjectPseudonym(key: string | Buffer, type: AuditSubjectType, identifier: string): string {
  return createHmac('sha256', key).update(`${type}:${identifier}`, 'utf8').digest('hex').slice(0, 32);
}
