import { useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { DataTable } from '../DataTable';
import { formatTime } from '../format';
import { runMutation, useRegistryGraph, useRegistryQuery } from './registryGraph';
import { ROLLBACK_SUPERGRAPH, SUPERGRAPHS, type Supergraph } from './registryQueries';

const HISTORY_LENGTH = 50;

/**
 * Every supergraph the registry accepted, newest first, the served one marked. A privacy officer rolls back to
 * an earlier one in two steps: choose it, then confirm with a reason (the registry records both).
 */
export function SupergraphsPage(props: { officer: boolean }) {
  const { t, locale } = useI18n();
  const ask = useRegistryGraph();
  const [round, setRound] = useState(0);
  const [confirming, setConfirming] = useState<Supergraph>();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; version: number } | { ok: false; message: string }>();
  const state = useRegistryQuery<{ supergraphs: Supergraph[]; servedSupergraph: Supergraph | null }>(SUPERGRAPHS, { limit: HISTORY_LENGTH }, `supergraphs|${round}`);
  const history = state.status === 'done' ? [...state.data.supergraphs].sort((a, b) => b.version - a.version) : [];
  const served = state.status === 'done' ? state.data.servedSupergraph : null;

  const rollBack = async () => {
    if (!confirming || sending || !reason.trim()) return;
    setSending(true);
    const result = await runMutation<{ rollbackSupergraph: Supergraph }>(ask, ROLLBACK_SUPERGRAPH, { version: confirming.version, reason: reason.trim() });
    setSending(false);
    if (result.ok) {
      setOutcome({ ok: true, version: result.data.rollbackSupergraph.version });
      setConfirming(undefined);
      setReason('');
      setRound((value) => value + 1);
    } else {
      setOutcome({ ok: false, message: `${result.code} ${result.message}` });
      // Someone else may have rolled back or published meanwhile: show the history as it is now.
      setConfirming(undefined);
      setRound((value) => value + 1);
    }
  };

  return (
    <div className="registry-page">
      <p className="hint">{t('registry.supergraphs.explain')}</p>
      {!props.officer && <p className="notice">{t('registry.readOnly')}</p>}
      {outcome?.ok && (
        <p className="success" role="status" data-testid="rollback-done">
          {t('registry.supergraphs.rolledBack', { version: outcome.version })}
        </p>
      )}
      {outcome && !outcome.ok && (
        <p className="error" role="alert" data-testid="rollback-failed">
          {t('registry.supergraphs.failed')} {outcome.message}
        </p>
      )}
      {confirming && (
        <section className="card confirm-rollback" role="dialog" aria-labelledby="confirm-rollback-title" data-testid="rollback-confirm" data-version={confirming.version}>
          <h2 id="confirm-rollback-title">{t('registry.supergraphs.confirmTitle', { version: confirming.version })}</h2>
          <p>
            {t('registry.supergraphs.confirmText', {
              version: confirming.version,
              time: formatTime(confirming.acceptedAt, locale),
              by: confirming.acceptedBy,
              served: served?.version ?? '—',
            })}
          </p>
          <label className="field">
            {t('registry.supergraphs.reason')}
            <textarea value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('registry.supergraphs.reasonPlaceholder')} maxLength={2000} rows={2} data-testid="rollback-reason" />
          </label>
          <div className="decision-buttons">
            <button type="button" className="danger" disabled={sending || !reason.trim()} onClick={rollBack} data-testid="rollback-confirm-button">
              {t('registry.supergraphs.confirm')}
            </button>
            <button type="button" className="secondary" disabled={sending} onClick={() => setConfirming(undefined)}>
              {t('registry.supergraphs.cancel')}
            </button>
          </div>
        </section>
      )}
      <DataTable
        state={state}
        testId="supergraphs-table"
        headings={[
          t('registry.supergraphs.version'),
          t('registry.supergraphs.acceptedAt'),
          t('registry.supergraphs.acceptedBy'),
          t('registry.supergraphs.subgraphs'),
          t('registry.supergraphs.reason'),
          // The officer's column of rollback buttons has no heading.
          ...(props.officer ? [''] : []),
        ]}
        rows={history}
        empty={t('registry.supergraphs.empty')}
        row={(supergraph) => {
          const isServed = supergraph.version === served?.version;
          return (
            <tr key={supergraph.version} className={isServed ? 'selected' : undefined} data-testid="supergraph-row" data-version={supergraph.version} data-served={String(isServed)}>
              <td>
                <strong>v{supergraph.version}</strong> {isServed && <span className="badge status-served">{t('registry.supergraphs.served')}</span>}
              </td>
              <td className="nowrap">{formatTime(supergraph.acceptedAt, locale)}</td>
              <td>{supergraph.acceptedBy}</td>
              <td className="mono small">{supergraph.subgraphs.join(', ')}</td>
              <td className="review-note" data-testid="supergraph-reason">
                {supergraph.reason}
              </td>
              {props.officer && (
                <td>
                  {!isServed && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setConfirming(supergraph);
                        setOutcome(undefined);
                      }}
                      data-testid="rollback"
                    >
                      {t('registry.supergraphs.rollback')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        }}
      />
    </div>
  );
}
