import { randomBytes } from 'node:crypto';

/**
 * Authorization codes of the development identity provider, in memory: short-lived and single-use.
 * A code is spent the first time it is presented, whatever the outcome (as Keycloak does): a code
 * that leaked can be tried once at most, and a reused code is told apart from an unknown one.
 */

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  username: string;
  scopes: string[];
  nonce: string | undefined;
  /** The login session the code was issued in (`sid`, `session_state`). */
  sessionId: string;
}

export type CodeRedemption =
  | { status: 'valid'; grant: CodeGrant }
  | { status: 'unknown' }
  | { status: 'used' }
  | { status: 'expired' };

export interface AuthorizationCodeStore {
  issue(grant: CodeGrant): string;
  redeem(code: string): CodeRedemption;
}

interface StoredCode {
  grant: CodeGrant;
  expiresAt: number;
  used: boolean;
}

export function createAuthorizationCodeStore(options: { lifetimeMs: number; clock: () => number }): AuthorizationCodeStore {
  const codes = new Map<string, StoredCode>();
  // Spent and expired codes are kept until a lifetime past expiry, so "used" and "expired" stay distinguishable for a while.
  const sweep = (now: number) => {
    for (const [code, stored] of codes) if (now > stored.expiresAt + options.lifetimeMs) codes.delete(code);
  };
  return {
    issue: (grant) => {
      const now = options.clock();
      sweep(now);
      const code = randomBytes(32).toString('base64url');
      codes.set(code, { grant, expiresAt: now + options.lifetimeMs, used: false });
      return code;
    },
    redeem: (code) => {
      const stored = codes.get(code);
      if (!stored) return { status: 'unknown' };
      if (stored.used) return { status: 'used' };
      stored.used = true;
      if (options.clock() > stored.expiresAt) return { status: 'expired' };
      return { status: 'valid', grant: stored.grant };
    },
  };
}
