import { createTokenVerifier, AuthenticationError } from '../../gateway/identity';
import type { Identity } from '../../gateway/identity/identity';
import { createVerifiedTokens } from '../../gateway/identity/verifiedTokens';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import { freePort } from '../../runtime/freePort';
import { passwordToken } from './tokenEndpoint';

const identityUntil = (expiresAt: number): Identity => Object.freeze({ subject: 's', username: 'u', roles: [], expiresAt: new Date(expiresAt) }) as unknown as Identity;

describe('the verified-token cache', () => {
  it('serves an identity only before its exp, and forgets it after', () => {
    let now = 1_000_000;
    const cache = createVerifiedTokens({ clock: () => now });
    const identity = identityUntil(now + 5_000);
    cache.remember('token-a', identity);
    expect(cache.get('token-a')).toBe(identity);
    now += 4_999;
    expect(cache.get('token-a')).toBe(identity);
    now += 1; // exactly exp: no longer
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep an identity that has already expired', () => {
    const now = 1_000_000;
    const cache = createVerifiedTokens({ clock: () => now });
    cache.remember('late', identityUntil(now));
    expect(cache.get('late')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded: past maxEntries the least recently used token goes', () => {
    const cache = createVerifiedTokens({ maxEntries: 2, clock: () => 0 });
    const [a, b, c] = [identityUntil(10), identityUntil(10), identityUntil(10)];
    cache.remember('a', a);
    cache.remember('b', b);
    expect(cache.get('a')).toBe(a); // a is now the most recent
    cache.remember('c', c);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.get('c')).toBe(c);
  });

  it('tells tokens apart by their whole value, not a prefix', () => {
    const cache = createVerifiedTokens({ clock: () => 0 });
    cache.remember('header.payload.signature', identityUntil(10));
    expect(cache.get('header.payload.signaturX')).toBeUndefined();
    expect(cache.get('header.payload.signature ')).toBeUndefined();
  });

  it('with 0 entries keeps nothing', () => {
    const cache = createVerifiedTokens({ maxEntries: 0, clock: () => 0 });
    cache.remember('a', identityUntil(10));
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a bound that is not a whole number', () => {
    expect(() => createVerifiedTokens({ maxEntries: -1 })).toThrow(/maxEntries/);
    expect(() => createVerifiedTokens({ maxEntries: 1.5 })).toThrow(/maxEntries/);
  });
});

describe('the token verifier with its cache, against real signed tokens', () => {
  let idp: RunningDevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ port: await freePort() });
  });
  afterAll(() => idp.close());
  const reasonOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof AuthenticationError ? error.reason : `unexpected ${String(error)}`),
    );

  it('answers a token seen before from the cache (the very same identity)', async () => {
    const verifier = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway' });
    const token = await passwordToken(idp.issuer, 'mediator.wang');
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    // Without the cache every request is verified afresh: equal, never the same object.
    const uncached = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway', verifiedTokenEntries: 0 });
    const again = await uncached.verify(token);
    expect(again).toEqual(first);
    expect(await uncached.verify(token)).not.toBe(again);
  });

  it('never accepts a cached token at or past its exp', async () => {
    const verifier = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway', clockToleranceSeconds: 0 });
    const now = Math.floor(Date.now() / 1000);
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), iat: now, exp: now + 2 });
    expect(await reasonOf(verifier.verify(token))).toBe('accepted');
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    expect(await reasonOf(verifier.verify(token))).toBe('token expired');
  });

  it('stops answering from the cache when its clock passes exp, even where the verifier would still accept', async () => {
    let offset = 0;
    const verifier = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway', clock: () => Date.now() + offset });
    const token = await passwordToken(idp.issuer, 'mediator.wang');
    const first = await verifier.verify(token);
    offset = first.expiresAt.getTime() - Date.now();
    // Past exp for the cache: verified afresh (the real clock says the token is still valid), a new identity.
    const second = await verifier.verify(token);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });

  it('does not cache a failure as valid: a refused token is refused every time, for its own reason', async () => {
    const verifier = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway', clients: ['govgraph-console'] });
    const token = await passwordToken(idp.issuer, 'mediator.wang'); // issued to govgraph-cli
    expect(await reasonOf(verifier.verify(token))).toBe('client not accepted');
    expect(await reasonOf(verifier.verify(token))).toBe('client not accepted');
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect(await reasonOf(verifier.verify(tampered))).toBe('signature invalid');
    expect(await reasonOf(verifier.verify(tampered))).toBe('signature invalid');
  });

  it('keeps a token accepted by one verifier from passing another with stricter rules', async () => {
    const token = await passwordToken(idp.issuer, 'mediator.wang');
    await createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway' }).verify(token);
    const strict = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway', clients: ['govgraph-console'] });
    expect(await reasonOf(strict.verify(token))).toBe('client not accepted');
  });
});
