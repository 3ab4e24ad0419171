import type { ReactNode } from 'react';
import { useI18n } from './i18n';
import type { AuthState } from './useAuth';

/** What a page shows before sign-in: why to sign in, the button, and what went wrong last time. */
export function SignInPanel(props: { state: AuthState; title: string; text: ReactNode; onSignIn(): void }) {
  const { t } = useI18n();
  const { state } = props;
  return (
    <main className="sign-in-panel">
      <section className="card">
        <h1>{props.title}</h1>
        <p>{props.text}</p>
        {state.status === 'signed-out' && state.expired && <p className="notice">{t('auth.expired')}</p>}
        {state.status === 'error' && (
          <p className="error" role="alert">
            {t('auth.failed')}: <code>{state.error}</code>
            {state.description ? ` — ${state.description}` : ''}
          </p>
        )}
        <button type="button" className="primary" onClick={props.onSignIn} disabled={state.status === 'loading'} data-testid="sign-in">
          {t('auth.signIn')}
        </button>
        <p className="hint">{t('auth.hint')}</p>
      </section>
    </main>
  );
}
