import { useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { AnswerError } from '../AnswerError';
import { agencyLabel, formatTime } from '../format';
import { CheckReportView } from './CheckReportView';
import { StatusBadge, statusLabel } from './RegistryBadges';
import { runMutation, useRegistryGraph, useRegistryQuery } from './registryGraph';
import { APPROVE_VERSION, PENDING_APPROVALS, REJECT_VERSION, type SchemaVersion } from './registryQueries';
import { ownAgencyFirst, type RegistryNavigate } from './registryRoutes';

type Decided = { version: SchemaVersion; decision: 'approve' | 'reject' };
/** Decided meanwhile (by another officer, in another tab) or gone: the queue this page shows is stale. */
const STALE_CODES: readonly string[] = ['CONFLICT', 'NOT_FOUND'];
type Stale = { version: SchemaVersion; code: string; message: string };

/**
 * Versions that pass the checks but would show a purpose a new field in clear: they wait here for a privacy
 * officer, who reads the report and approves or rejects with a reason. Stewards see the queue read-only.
 */
export function ApprovalsPage(props: { navigate: RegistryNavigate; officer: boolean; agency: string | undefined }) {
  const { t } = useI18n();
  // Bumped after a decision: the queue is read again (the decided version leaves it).
  const [round, setRound] = useState(0);
  const [decided, setDecided] = useState<Decided[]>([]);
  const [stale, setStale] = useState<Stale[]>([]);
  const state = useRegistryQuery<{ pendingApprovals: SchemaVersion[] }>(PENDING_APPROVALS, undefined, `pending|${round}`);
  const pending = state.status === 'done' ? ownAgencyFirst(state.data.pendingApprovals.map((version) => ({ ...version, name: version.subgraph })), props.agency) : [];
  const onDecided = (entry: Decided) => {
    setDecided((list) => [entry, ...list]);
    setRound((value) => value + 1);
  };
  const onStale = (entry: Stale) => {
    setStale((list) => [entry, ...list]);
    setRound((value) => value + 1);
  };

  return (
    <div className="registry-page">
      <p className="hint">{t('registry.approvals.explain')}</p>
      {!props.officer && <p className="notice">{t('registry.readOnly')}</p>}
      {decided.map(({ version, decision }) => (
        <p key={version.id} className={decision === 'approve' ? 'success' : 'notice'} role="status" data-testid="approval-outcome" data-version-id={version.id} data-status={version.status}>
          {decision === 'approve'
            ? t('registry.approvals.approved', { subgraph: version.subgraph, status: statusLabel(t, version.status) })
            : t('registry.approvals.rejected', { subgraph: version.subgraph })}{' '}
          <button type="button" className="link-button dark" onClick={() => props.navigate('subgraphs', { name: version.subgraph, version: version.id })}>
            {t('registry.open')}
          </button>
        </p>
      ))}
      {stale.map(({ version, code, message }) => (
        <p key={`${version.id}|${code}`} className="error" role="alert" data-testid="approval-stale" data-version-id={version.id}>
          {t('registry.approvals.stale', { subgraph: version.subgraph })} <code>{code}</code> {message}
        </p>
      ))}
      <AnswerError state={state} />
      {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {state.status === 'done' && pending.length === 0 && (
        <p className="muted" data-testid="approvals-empty">
          {t('registry.approvals.empty')}
        </p>
      )}
      {pending.map((version) => (
        <PendingVersion key={version.id} version={version} officer={props.officer} onDecided={onDecided} onStale={onStale} navigate={props.navigate} />
      ))}
    </div>
  );
}

function PendingVersion(props: { version: SchemaVersion; officer: boolean; onDecided(entry: Decided): void; onStale(entry: Stale): void; navigate: RegistryNavigate }) {
  const { t, locale } = useI18n();
  const ask = useRegistryGraph();
  const { version } = props;
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();

  const decide = async (decision: 'approve' | 'reject') => {
    if (sending) return;
    const trimmed = reason.trim();
    if (decision === 'reject' && !trimmed) {
      setProblem(t('registry.approvals.reasonRequired'));
      return;
    }
    setSending(true);
    setProblem(undefined);
    const outcome =
      decision === 'approve'
        ? await runMutation<{ approveSchemaVersion: SchemaVersion }>(ask, APPROVE_VERSION, { id: version.id, ...(trimmed ? { reason: trimmed } : {}) })
        : await runMutation<{ rejectSchemaVersion: SchemaVersion }>(ask, REJECT_VERSION, { id: version.id, reason: trimmed });
    setSending(false);
    if (!outcome.ok && STALE_CODES.includes(outcome.code)) {
      props.onStale({ version, code: outcome.code, message: outcome.message });
      return;
    }
    if (!outcome.ok) {
      setProblem(`${t('registry.approvals.failed')} ${outcome.code} ${outcome.message}`);
      return;
    }
    const data = outcome.data as { approveSchemaVersion?: SchemaVersion; rejectSchemaVersion?: SchemaVersion };
    props.onDecided({ version: data.approveSchemaVersion ?? data.rejectSchemaVersion ?? version, decision });
  };

  return (
    <article className="card pending-version" data-testid="pending-version" data-version-id={version.id} data-subgraph={version.subgraph}>
      <header className="detail-header">
        <h2>
          <span className="mono">{version.subgraph}</span> · {agencyLabel(t, version.subgraph)}
        </h2>
        <StatusBadge status={version.status} />
      </header>
      <dl className="facts">
        <dt>{t('registry.versionId')}</dt>
        <dd className="mono small">{version.id}</dd>
        <dt>{t('registry.publishedBy')}</dt>
        <dd data-testid="pending-publisher">{version.publishedBy}</dd>
        <dt>{t('registry.publishedAt')}</dt>
        <dd>{formatTime(version.publishedAt, locale)}</dd>
        <dt>{t('registry.url')}</dt>
        <dd className="mono small">{version.url}</dd>
      </dl>
      <CheckReportView report={version.report} />
      <details className="sdl">
        <summary>{t('registry.showSdl')}</summary>
        <pre className="document">{version.sdl}</pre>
      </details>
      {props.officer && (
        <form className="review-form" onSubmit={(event) => event.preventDefault()}>
          <label className="field">
            {t('registry.approvals.reason')}
            <textarea value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('registry.approvals.reasonPlaceholder')} maxLength={2000} rows={2} data-testid="approval-reason" />
          </label>
          <div className="decision-buttons">
            <button type="button" className="primary" disabled={sending} onClick={() => decide('approve')} data-testid="approve-version">
              {sending ? t('registry.approvals.deciding') : t('registry.approvals.approve')}
            </button>
            <button type="button" className="danger" disabled={sending} onClick={() => decide('reject')} data-testid="reject-version">
              {t('registry.approvals.reject')}
            </button>
          </div>
          {problem && (
            <p className="error" role="alert" data-testid="approval-failed">
              {problem}
            </p>
          )}
        </form>
      )}
    </article>
  );
}
