import { useEffect, useState } from 'react';
import { AppHeader } from '../shared/AppHeader';
import type { WebConfig } from '../shared/config';
import { requestGraph, type GraphQLAnswer } from '../shared/graphql';
import { useI18n } from '../shared/i18n';
import type { Session } from '../shared/oidc';
import { SignInPanel } from '../shared/SignInPanel';
import { useAuth } from '../shared/useAuth';
import { AccessLog } from './AccessLog';
import { AUDIT_PURPOSE, AuditGraphProvider } from './auditGraph';
import { hashOf, useHashRoute, type ConsolePage } from './hashRoute';
import { Integrity } from './Integrity';
import { Overview } from './Overview';
import { RegistryGraphProvider } from './registry/registryGraph';
import { RegistryPages } from './registry/RegistryPages';
import { isRegistryPage, OFFICER_ROLE, readsRegistry, REGISTRY_PAGES } from './registry/registryRoutes';
import { ReviewQueue } from './ReviewQueue';
import { SubjectReport } from './SubjectReport';

const AUDIT_TABS: readonly ConsolePage[] = ['overview', 'log', 'queue', 'report', 'integrity'];

export function ConsoleApp() {
  const { t } = useI18n();
  const auth = useAuth('/console');
  const session = auth.state.status === 'signed-in' ? auth.state.session : undefined;
  return (
    <div className="app">
      <AppHeader page="console" session={session} onSignOut={auth.signOut} />
      {!session || !auth.config ? (
        <SignInPanel state={auth.state} title={t('console.title')} text={t('console.intro')} onSignIn={() => auth.signIn()} />
      ) : readsRegistry(session.claims.roles) ? (
        <AuditGraphProvider config={auth.config} session={session} onExpired={auth.expire}>
          <RegistryGraphProvider session={session} onExpired={auth.expire}>
            <Console session={session} />
          </RegistryGraphProvider>
        </AuditGraphProvider>
      ) : (
        <Refused config={auth.config} session={session} onSignOut={auth.signOut} />
      )}
    </div>
  );
}

/** Privacy officers see the audit pages and the registry's; data stewards only the registry's, to read. */
function Console({ session }: { session: Session }) {
  const { t } = useI18n();
  const [route, navigate] = useHashRoute();
  const officer = session.claims.roles.includes(OFFICER_ROLE);
  const tabs: readonly ConsolePage[] = officer ? [...AUDIT_TABS, ...REGISTRY_PAGES] : REGISTRY_PAGES;
  const page = tabs.includes(route.page) ? route.page : tabs[0]!;
  return (
    <div className="console">
      <nav className="console-tabs no-print" aria-label={t('console.sections')}>
        {tabs.map((tab) => (
          <a key={tab} href={hashOf(tab)} aria-current={page === tab ? 'page' : undefined} data-testid={`tab-${tab}`}>
            {t(`console.tab.${tab}`)}
          </a>
        ))}
        <span className="purpose-note muted small">
          {isRegistryPage(page) ? t('console.registryNote') : t('console.purposeNote', { purpose: AUDIT_PURPOSE })}
        </span>
      </nav>
      <main className="console-page">
        {isRegistryPage(page) && <RegistryPages page={page} params={route.params} navigate={navigate} officer={officer} agency={session.claims.agency} />}
        {page === 'overview' && <Overview navigate={navigate} />}
        {page === 'log' && <AccessLog params={route.params} navigate={navigate} />}
        {page === 'queue' && <ReviewQueue params={route.params} navigate={navigate} />}
        {page === 'report' && (
          <SubjectReport params={route.params} navigate={navigate} officer={`${session.claims.name ?? ''} ${session.claims.username}`.trim()} />
        )}
        {page === 'integrity' && <Integrity />}
      </main>
    </div>
  );
}

/**
 * Signed in without the privacy-officer role. The page says so, and shows the gateway's own verdict:
 * the console's purpose is refused to these roles by the gateway, whatever this page does.
 */
function Refused(props: { config: WebConfig; session: Session; onSignOut(): void }) {
  const { t } = useI18n();
  const [verdict, setVerdict] = useState<GraphQLAnswer>();
  useEffect(() => {
    requestGraph(props.config.graphqlPath, { token: props.session.accessToken, purpose: AUDIT_PURPOSE, query: '{ __typename }' })
      .then(setVerdict)
      .catch(() => undefined);
  }, [props.config, props.session]);
  const error = verdict?.errors?.[0];
  return (
    <main className="sign-in-panel">
      <section className="card" data-testid="console-refused">
        <h1>{t('console.refusedTitle')}</h1>
        <p>{t('console.refusedText', { roles: props.session.claims.roles.join(', ') || '—' })}</p>
        {verdict && (
          <p className="error" data-testid="gateway-verdict">
            {t('console.gatewaySays')} HTTP {verdict.status} <code>{error?.extensions?.code ?? '—'}</code> {error?.message}
          </p>
        )}
        <button type="button" className="secondary" onClick={props.onSignOut}>
          {t('console.signInAsOther')}
        </button>
      </section>
    </main>
  );
}
