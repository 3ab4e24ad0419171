/**
 * Development only: secrets `npm start` and the in-process system use when none is configured, so
 * pseudonyms stay stable across restarts. Production sets PSEUDONYM_KEY and AUDIT_SUBJECT_KEY.
 */
export const DEVELOPMENT_PSEUDONYM_KEY = 'govgraph-development-pseudonym-key-not-for-production';
export const DEVELOPMENT_AUDIT_SUBJECT_KEY = 'govgraph-development-audit-subject-key-not-for-production';
