import { useI18n } from '../shared/i18n';
import { purposeLabel } from '../shared/purposes';
import { AnswerError } from './AnswerError';
import { useAuditQuery } from './auditGraph';
import { AUDIT_EVENT, type AuditEventDetail } from './auditQueries';
import { agencyLabel, formatTime } from './format';
import { EffectBadge, OutcomeBadge } from './OutcomeBadge';

/** One audit record in full: the operation, each field's decision and mask, the subjects, the agencies, its place in the chain. */
export function EventDetail(props: { id: string; onClose(): void }) {
  const { t, locale } = useI18n();
  const state = useAuditQuery<{ auditEvent: AuditEventDetail | null }>(AUDIT_EVENT, { id: props.id }, props.id);
  const event = state.status === 'done' ? state.data.auditEvent : undefined;
  return (
    <aside className="event-detail card" data-testid="event-detail" aria-label={t('detail.title')}>
      <header className="detail-header">
        <h2>{t('detail.title')}</h2>
        <button type="button" className="link-button dark" onClick={props.onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      <AnswerError state={state} />
      {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {state.status === 'done' && !event && <p className="muted">{t('detail.notFound')}</p>}
      {event && (
        <>
          <dl className="facts">
            <dt>{t('detail.recordId')}</dt>
            <dd className="mono" data-testid="detail-record-id">
              {event.id}
            </dd>
            <dt>{t('detail.chain')}</dt>
            <dd className="mono" data-testid="detail-chain-position">
              {event.chainId} #{event.seq}
            </dd>
            <dt>{t('log.time')}</dt>
            <dd>{formatTime(event.time, locale)}</dd>
            <dt>{t('log.user')}</dt>
            <dd>
              {event.user ? (
                <>
                  {event.user.username} · {agencyLabel(t, event.user.agency)} · <span className="mono">{event.user.roles.join(', ')}</span>
                </>
              ) : (
                t('log.anonymous')
              )}
            </dd>
            <dt>{t('detail.client')}</dt>
            <dd className="mono">{event.client ?? '—'}</dd>
            <dt>{t('log.purpose')}</dt>
            <dd>
              {purposeLabel(event.purpose, locale)} {event.purpose && <span className="mono muted">({event.purpose})</span>}
            </dd>
            <dt>{t('detail.caseRef')}</dt>
            <dd className="mono">{event.caseRef ?? '—'}</dd>
            <dt>{t('log.outcome')}</dt>
            <dd>
              <OutcomeBadge outcome={event.outcome} /> {event.errorCodes.length > 0 && <span className="mono">{event.errorCodes.join(', ')}</span>}
            </dd>
            <dt>{t('log.subgraphs')}</dt>
            <dd data-testid="detail-subgraphs">{event.subgraphs.join(', ') || '—'}</dd>
            <dt>{t('detail.latency')}</dt>
            <dd>
              {event.latencyMs} ms · {event.responseBytes.toLocaleString()} B
            </dd>
            <dt>{t('detail.policyRevision')}</dt>
            <dd className="mono">{event.policyRevision}</dd>
          </dl>

          {event.legalBasis.length > 0 && (
            <>
              <h3>{t('report.legalBasis')}</h3>
              <ul className="plain legal-basis">
                {event.legalBasis.map((basis) => (
                  <li key={basis}>{basis}</li>
                ))}
              </ul>
            </>
          )}

          <h3>{t('detail.operation')}</h3>
          <p className="mono small">
            {event.operation.type?.toLowerCase() ?? '—'} {event.operation.name ?? t('detail.anonymousOperation')}
            {event.operation.documentHash && <span className="muted"> · sha256 {event.operation.documentHash.slice(0, 16)}…</span>}
          </p>
          {event.operation.document && <pre className="document">{event.operation.document}</pre>}
          {event.variables && event.variables !== '{}' && (
            <>
              <h3>{t('detail.variables')}</h3>
              <pre className="document">{event.variables}</pre>
            </>
          )}

          <h3>
            {t('detail.fields')} <span className="muted">({event.fields.length})</span>
          </h3>
          <table className="data compact" data-testid="detail-fields">
            <thead>
              <tr>
                <th>{t('privacy.coordinate')}</th>
                <th>{t('detail.decision')}</th>
                <th>{t('privacy.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {event.fields.map((field) => (
                <tr key={field.coordinate} data-testid="detail-field">
                  <td className="mono">{field.coordinate}</td>
                  <td>
                    <EffectBadge effect={field.effect} strategy={field.strategy} />
                  </td>
                  <td className="small">{field.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>
            {t('detail.subjects')} <span className="muted">({event.subjects.length})</span>
          </h3>
          {event.subjects.length === 0 ? (
            <p className="muted">{t('detail.noSubjects')}</p>
          ) : (
            <table className="data compact" data-testid="detail-subjects">
              <tbody>
                {event.subjects.map((subject) => (
                  <tr key={`${subject.type}:${subject.pseudonym ?? subject.display}`}>
                    <td>{t(`subject.${subject.type}`)}</td>
                    <td className="mono">{subject.display}</td>
                    <td className="mono muted small" title={t('detail.pseudonym')}>
                      {subject.pseudonym?.slice(0, 12)}…
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3>{t('detail.hashes')}</h3>
          <dl className="facts hashes">
            <dt>prevHash</dt>
            <dd className="mono small">{event.prevHash}</dd>
            <dt>hash</dt>
            <dd className="mono small">{event.hash}</dd>
          </dl>
        </>
      )}
    </aside>
  );
}
