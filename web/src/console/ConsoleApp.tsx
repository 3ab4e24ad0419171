import { useEffect, useState } from 'react';
import { AppHeader } from '../shared/AppHeader';
import type { WebConfig } from '../shared/config';
import { requestGraph, type GraphQLAnswer } from '../shared/graphql';
import { useI18n } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import type { Session } from '../shared/oidc';
import { SignInPanel } from '../shared/SignInPanel';
import { useAuth } from '../shared/useAuth';
import { AccessLog } from './AccessLog';
import { AgreementView } from './AgreementView';
import { VIEWER, type Viewer } from './agreementQueries';
import { Agreements } from './Agreements';
import { consoleAccess } from './agreementSeats';
import { AgreementsGraphProvider, useAgreementsQuery } from './agreementsGraph';
import { AnswerError } from './AnswerError';
import { AUDIT_PURPOSE, AuditGraphProvider } from './auditGraph';
import { hashOf, useHashRoute, type ConsolePage } from './hashRoute';
import { Integrity } from './Integrity';
import { Overview } from './Overview';
import { RegistryGraphProvider } from './registry/registryGraph';
import { RegistryPages } from './registry/RegistryPages';
import { isRegistryPage, OFFICER_ROLE, readsRegistry, REGISTRY_PAGES } from './registry/registryRoutes';
import { ReviewQueue } from './ReviewQueue';
import { SharingRequests } from './SharingRequests';
import { SharingRequestView } from './SharingRequestView';
import { SubjectReport } from './SubjectReport';

const AUDIT_TABS: readonly ConsolePage[] = ['overview', 'log', 'queue', 'report', 'integrity'];
const AGREEMENT_TABS: readonly ConsolePage[] = ['requests', 'agreements'];
/** A detail page lights the tab of its list. */
const TAB_OF: Partial<Record<ConsolePage, ConsolePage>> = { request: 'requests', agreement: 'agreements' };
type Access = ReturnType<typeof consoleAccess> & { registry: boolean };

function accessOf(roles: readonly string[]): Access {
  return { ...consoleAccess(roles), registry: readsRegistry(roles) };
}

export function ConsoleApp() {
  const { t } = useI18n();
  const auth = useAuth('/console');
  const session = auth.state.status === 'signed-in' ? auth.state.session : undefined;
  return (
    <div className="app">
      <AppHeader page="console" session={session} onSignOut={auth.signOut} />
      {!session || !auth.config ? (
        <SignInPanel state={auth.state} title={t('console.title')} text={t('console.intro')} onSignIn={() => auth.signIn()} />
      ) : accessOf(session.claims.roles).agreements || accessOf(session.claims.roles).registry ? (
        // Stewards reach the agreements and the registry only: the audit pages are not offered, and the gateway refuses them the audit purpose anyway.
        <AuditGraphProvider config={auth.config} session={session} onExpired={auth.expire}>
          <AgreementsGraphProvider config={auth.config} session={session} onExpired={auth.expire}>
            <RegistryGraphProvider session={session} onExpired={auth.expire}>
              <Console session={session} access={accessOf(session.claims.roles)} />
            </RegistryGraphProvider>
          </AgreementsGraphProvider>
        </AuditGraphProvider>
      ) : (
        <Refused config={auth.config} session={session} onSignOut={auth.signOut} />
      )}
    </div>
  );
}

/** Privacy officers see the audit pages, the agreements and the registry; data stewards the agreements and the registry (to read). */
function Console({ session, access }: { session: Session; access: Access }) {
  const { t } = useI18n();
  const officer = session.claims.roles.includes(OFFICER_ROLE);
  const tabs: readonly ConsolePage[] = [
    ...(access.audit ? AUDIT_TABS : []),
    ...(access.agreements ? AGREEMENT_TABS : []),
    ...(access.registry ? REGISTRY_PAGES : []),
  ];
  const [route, navigate] = useHashRoute(tabs[0]);
  // A page outside this person's tabs (a steward following an audit link) shows the first of theirs instead.
  const page = tabs.includes(route.page) || tabs.includes(TAB_OF[route.page] ?? route.page) ? route.page : tabs[0]!;
  const onAgreementsPage = AGREEMENT_TABS.includes(TAB_OF[page] ?? page);
  const viewerState = useAgreementsQuery<{ viewer: Viewer }>(VIEWER, undefined, onAgreementsPage ? session.accessToken : undefined);
  const viewer = viewerState.status === 'done' ? viewerState.data.viewer : undefined;
  const id = route.params.get('id') ?? '';
  return (
    <div className="console">
      <nav className="console-tabs no-print" aria-label={t('console.sections')}>
        {tabs.map((tab) => (
          <a key={tab} href={hashOf(tab)} aria-current={(TAB_OF[page] ?? page) === tab ? 'page' : undefined} data-testid={`tab-${tab}`}>
            {t(`console.tab.${tab}` as MessageKey)}
          </a>
        ))}
        <span className="purpose-note muted small">
          {onAgreementsPage
            ? t('console.agreementsNote')
            : isRegistryPage(page)
              ? t('console.registryNote')
              : t('console.purposeNote', { purpose: AUDIT_PURPOSE })}
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
        {onAgreementsPage && <AnswerError state={viewerState} />}
        {onAgreementsPage && viewerState.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
        {viewer && page === 'requests' && <SharingRequests params={route.params} navigate={navigate} viewer={viewer} />}
        {viewer && page === 'request' && <SharingRequestView key={id} id={id} viewer={viewer} />}
        {viewer && page === 'agreements' && <Agreements params={route.params} navigate={navigate} />}
        {viewer && page === 'agreement' && <AgreementView key={id} id={id} viewer={viewer} />}
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
