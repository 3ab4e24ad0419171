import { useCallback, useEffect, useState } from 'react';
import { loadWebConfig, type WebConfig } from './config';
import { useI18n } from './i18n';
import { beginSignIn, completeSignIn, signOut, type CallbackResult, type Session } from './oidc';

/**
 * The page's sign-in state: loading the configuration and completing a callback, signed out (maybe
 * because the token expired), signed in (the session in memory), or an error to show.
 */
export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; session: Session }
  | { status: 'error'; error: string; description: string | undefined };

export interface Auth {
  config: WebConfig | undefined;
  state: AuthState;
  signIn(options?: { prompt?: 'login' }): void;
  signOut(): void;
  /** The gateway said the token is no longer valid: sign in again (silently while the provider's session lasts). */
  expire(): void;
}

// A callback is completed once per page load, even if React runs the effect twice.
let callback: Promise<{ config: WebConfig; result: CallbackResult }> | undefined;

export function useAuth(redirectPath: string): Auth {
  const { locale } = useI18n();
  const [config, setConfig] = useState<WebConfig>();
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  useEffect(() => {
    callback ??= loadWebConfig().then(async (loaded) => ({ config: loaded, result: await completeSignIn(loaded) }));
    callback
      .then(({ config: loaded, result }) => {
        setConfig(loaded);
        if (result.kind === 'signed-in') setState({ status: 'signed-in', session: result.session });
        else if (result.kind === 'error') setState({ status: 'error', error: result.error, description: result.description });
        else setState({ status: 'signed-out', expired: false });
      })
      .catch((error: Error) => setState({ status: 'error', error: 'unavailable', description: error.message }));
  }, []);

  const signIn = useCallback(
    (options: { prompt?: 'login' } = {}) => {
      if (!config) return;
      beginSignIn(config, { redirectPath, locale, ...options }).catch((error: Error) =>
        setState({ status: 'error', error: 'unavailable', description: error.message }),
      );
    },
    [config, redirectPath, locale],
  );
  const end = useCallback(() => {
    if (!config) return;
    const session = state.status === 'signed-in' ? state.session : undefined;
    setState({ status: 'signed-out', expired: false });
    signOut(config, session, redirectPath).catch(() => undefined);
  }, [config, state, redirectPath]);
  const expire = useCallback(() => setState({ status: 'signed-out', expired: true }), []);

  return { config, state, signIn, signOut: end, expire };
}
