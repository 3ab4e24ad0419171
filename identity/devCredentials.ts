import { createHash, timingSafeEqual } from 'node:crypto';
import type { DemoUser, RealmDefinition } from './realm';

/** Constant-time comparison of two secrets of any length (their digests have the same length). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The demo user these credentials name, or undefined. Usernames are case-insensitive, as in Keycloak;
 * an unknown user costs the same comparison as a wrong password, so the answer tells neither apart.
 */
export function checkDemoCredentials(realm: RealmDefinition, username: string, password: string): DemoUser | undefined {
  const user = realm.users.find((candidate) => candidate.username === username.toLowerCase());
  const passwordMatches = sameSecret(password, user?.password ?? '\u0000no user');
  return user && passwordMatches ? user : undefined;
}
