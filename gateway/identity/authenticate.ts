import { bearerTokenFrom, type RequestLike } from './bearerToken';
import type { Identity } from './identity';
import type { TokenVerifier } from './tokenVerifier';

/** Step 1 of the request flow: the caller's Identity, or an AuthenticationError (fail closed). */
export function authenticate(verifier: TokenVerifier, request: RequestLike): Promise<Identity> {
  try {
    return verifier.verify(bearerTokenFrom(request));
  } catch (error) {
    return Promise.reject(error);
  }
}
