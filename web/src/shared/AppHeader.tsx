import { useI18n } from './i18n';
import type { Session } from './oidc';

/** The bar across both pages: product, the two pages, who is signed in, sign out, language. */
export function AppHeader(props: { page: 'sandbox' | 'console'; session: Session | undefined; onSignOut(): void }) {
  const { t, locale, setLocale } = useI18n();
  const claims = props.session?.claims;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        govgraph
      </div>
      <nav className="page-nav" aria-label={t('nav.label')}>
        <a href="/" aria-current={props.page === 'sandbox' ? 'page' : undefined}>
          {t('nav.sandbox')}
        </a>
        <a href="/console" aria-current={props.page === 'console' ? 'page' : undefined}>
          {t('nav.console')}
        </a>
      </nav>
      <div className="header-tools">
        {claims && (
          <span className="signed-in-as" data-testid="signed-in-user">
            {claims.name ? `${claims.name} · ` : ''}
            {claims.username}
            <span className="roles">{claims.roles.join(', ')}</span>
          </span>
        )}
        {claims && (
          <button type="button" className="link-button" onClick={props.onSignOut}>
            {t('auth.signOut')}
          </button>
        )}
        <button type="button" className="link-button" onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')} lang={locale === 'zh' ? 'en' : 'zh'}>
          {locale === 'zh' ? 'English' : '中文'}
        </button>
      </div>
    </header>
  );
}
