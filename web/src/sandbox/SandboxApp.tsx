import { AppHeader } from '../shared/AppHeader';
import { useI18n } from '../shared/i18n';
import { SignInPanel } from '../shared/SignInPanel';
import { useAuth } from '../shared/useAuth';
import { Sandbox } from './Sandbox';

export function SandboxApp() {
  const { t } = useI18n();
  const auth = useAuth('/');
  const session = auth.state.status === 'signed-in' ? auth.state.session : undefined;
  return (
    <div className="app">
      <AppHeader page="sandbox" session={session} onSignOut={auth.signOut} />
      {session && auth.config ? (
        <Sandbox config={auth.config} session={session} onExpired={auth.expire} />
      ) : (
        <SignInPanel state={auth.state} title={t('sandbox.title')} text={t('sandbox.intro')} onSignIn={() => auth.signIn()} />
      )}
    </div>
  );
}
