import { useI18n } from '../../shared/i18n';
import { AnswerError } from '../AnswerError';
import { DataTable } from '../DataTable';
import { agencyLabel, formatTime } from '../format';
import { CheckReportView } from './CheckReportView';
import { StatusBadge } from './RegistryBadges';
import { useRegistryQuery } from './registryGraph';
import { SUBGRAPH, SUBGRAPHS, type SchemaVersion, type SchemaVersionSummary, type Subgraph, type Supergraph } from './registryQueries';
import { ownAgencyFirst, type RegistryNavigate } from './registryRoutes';

const newestFirst = <Version extends { publishedAt: string }>(versions: readonly Version[]) =>
  [...versions].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));

/**
 * The subgraphs in the registry (the reader's own agency first): who serves which version at which URL;
 * one subgraph's versions with their status and decision; one version's check report and SDL beside them.
 */
export function SubgraphsPage(props: { params: URLSearchParams; navigate: RegistryNavigate; agency: string | undefined }) {
  const { t, locale } = useI18n();
  const selectedName = props.params.get('name') ?? undefined;
  const selectedVersion = props.params.get('version') ?? undefined;
  const state = useRegistryQuery<{ subgraphs: Subgraph[]; servedSupergraph: Supergraph | null }>(SUBGRAPHS, undefined, 'subgraphs');
  const subgraphs = state.status === 'done' ? ownAgencyFirst(state.data.subgraphs, props.agency) : [];
  const selected = subgraphs.find((subgraph) => subgraph.name === selectedName);

  return (
    <div className={`log-layout registry-layout ${selectedVersion ? 'with-detail' : ''}`}>
      <section className="log-main">
        {state.status === 'done' && state.data.servedSupergraph && (
          <p className="hint" data-testid="served-supergraph">
            {t('registry.supergraphs.version')} <strong>v{state.data.servedSupergraph.version}</strong> · {t('registry.supergraphs.served')} ·{' '}
            {formatTime(state.data.servedSupergraph.acceptedAt, locale)} · {state.data.servedSupergraph.acceptedBy}
          </p>
        )}
        <DataTable
          state={state}
          testId="subgraphs-table"
          className="log-table"
          headings={[t('registry.name'), t('registry.url'), t('registry.servedVersion'), t('registry.publishedBy'), t('registry.publishedAt'), t('registry.versions')]}
          rows={subgraphs}
          empty={t('registry.noSubgraphs')}
          row={(subgraph) => {
            const waiting = subgraph.versions.filter((version) => version.status === 'awaiting-approval').length;
            return (
              <tr
                key={subgraph.name}
                className={subgraph.name === selectedName ? 'selected' : undefined}
                onClick={() => props.navigate('subgraphs', { name: subgraph.name })}
                data-testid="subgraph-row"
                data-subgraph={subgraph.name}
                data-served-version={subgraph.servedVersion?.id ?? ''}
              >
                <td>
                  <div className="mono">{subgraph.name}</div>
                  <div className="muted small">
                    {agencyLabel(t, subgraph.name)}
                    {subgraph.name === props.agency && <span className="badge own-agency">{t('registry.yourAgency')}</span>}
                  </div>
                </td>
                <td className="mono small">{subgraph.url}</td>
                <td className="mono small" data-testid="subgraph-served-version">
                  {subgraph.servedVersion ? shortId(subgraph.servedVersion.id) : '—'}
                </td>
                <td>{subgraph.servedVersion?.publishedBy ?? '—'}</td>
                <td className="nowrap">{formatTime(subgraph.servedVersion?.publishedAt, locale)}</td>
                <td>
                  {subgraph.versions.length}
                  {waiting > 0 && <div className="badge status-awaiting-approval">{t('registry.pendingCount', { count: waiting })}</div>}
                </td>
              </tr>
            );
          }}
        />
        {selected && <VersionsTable subgraph={selected} selectedVersion={selectedVersion} navigate={props.navigate} />}
      </section>
      {selectedName && selectedVersion && (
        <VersionDetail key={selectedVersion} name={selectedName} versionId={selectedVersion} onClose={() => props.navigate('subgraphs', { name: selectedName })} navigate={props.navigate} />
      )}
    </div>
  );
}

export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}

function VersionsTable(props: { subgraph: Subgraph; selectedVersion: string | undefined; navigate: RegistryNavigate }) {
  const { t, locale } = useI18n();
  const { subgraph } = props;
  return (
    <section className="versions card" data-testid="versions" data-subgraph={subgraph.name}>
      <h2>{t('registry.versionsOf', { name: `${subgraph.name} · ${agencyLabel(t, subgraph.name)}` })}</h2>
      <DataTable
        testId="versions-table"
        className="log-table"
        headings={[t('registry.publishedAt'), t('registry.versionId'), t('registry.publishedBy'), t('registry.url'), t('registry.status'), t('registry.decision')]}
        rows={newestFirst(subgraph.versions)}
        empty={t('registry.noVersions')}
        row={(version) => (
          <tr
            key={version.id}
            className={version.id === props.selectedVersion ? 'selected' : undefined}
            onClick={() => props.navigate('subgraphs', { name: subgraph.name, version: version.id })}
            data-testid="version-row"
            data-version-id={version.id}
            data-status={version.status}
          >
            <td className="nowrap">{formatTime(version.publishedAt, locale)}</td>
            <td className="mono small">{shortId(version.id)}</td>
            <td>{version.publishedBy}</td>
            <td className="mono small">{version.url}</td>
            <td>
              <StatusBadge status={version.status} />
            </td>
            <td className="small">
              <Decision version={version} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}

export function Decision({ version }: { version: Pick<SchemaVersionSummary, 'approvedBy' | 'approvedAt' | 'decisionReason'> }) {
  const { t, locale } = useI18n();
  if (!version.approvedBy) return <span className="muted">—</span>;
  return (
    <>
      <div>{t('registry.decidedBy', { username: version.approvedBy, time: formatTime(version.approvedAt, locale) })}</div>
      {version.decisionReason && <div className="review-note">{version.decisionReason}</div>}
    </>
  );
}

/** One version: its facts, its decision, its check report, and the SDL it published. */
function VersionDetail(props: { name: string; versionId: string; onClose(): void; navigate: RegistryNavigate }) {
  const { t, locale } = useI18n();
  const state = useRegistryQuery<{ subgraph: { name: string; versions: SchemaVersion[] } | null }>(SUBGRAPH, { name: props.name }, `${props.name}|${props.versionId}`);
  const version = state.status === 'done' ? state.data.subgraph?.versions.find((candidate) => candidate.id === props.versionId) : undefined;
  return (
    <aside className="event-detail card" data-testid="version-detail" data-version-id={props.versionId} aria-label={t('registry.version')}>
      <header className="detail-header">
        <h2>
          {props.name} · {t('registry.version')} <span className="mono">{shortId(props.versionId)}</span>
        </h2>
        <button type="button" className="link-button dark" onClick={props.onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      <AnswerError state={state} />
      {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {state.status === 'done' && !version && <p className="muted">{t('registry.notFound')}</p>}
      {version && (
        <>
          <dl className="facts">
            <dt>{t('registry.versionId')}</dt>
            <dd className="mono small">{version.id}</dd>
            <dt>{t('registry.status')}</dt>
            <dd>
              <StatusBadge status={version.status} />
            </dd>
            <dt>{t('registry.url')}</dt>
            <dd className="mono small">{version.url}</dd>
            <dt>{t('registry.publishedBy')}</dt>
            <dd>{version.publishedBy}</dd>
            <dt>{t('registry.publishedAt')}</dt>
            <dd>{formatTime(version.publishedAt, locale)}</dd>
            <dt>{t('registry.decision')}</dt>
            <dd>
              <Decision version={version} />
            </dd>
          </dl>
          <CheckReportView report={version.report} />
          <details className="sdl">
            <summary>{t('registry.showSdl')}</summary>
            <pre className="document" data-testid="version-sdl">
              {version.sdl}
            </pre>
          </details>
          <p>
            <button type="button" className="link-button dark" onClick={() => props.navigate('check', { name: props.name, from: version.id })}>
              {t('registry.checkThis')}
            </button>
          </p>
        </>
      )}
    </aside>
  );
}
