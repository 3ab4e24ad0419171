import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../shared/i18n';
import { purposeLabel } from '../shared/purposes';
import { AGREEMENT, REVOKE_AGREEMENT, type Agreement, type Viewer } from './agreementQueries';
import { AgencyList, AgreementStatusBadge, answerProblem, ApprovalTable, LegalBasis, WorkflowEvents } from './agreementParts';
import { agenciesRead, mayRevoke } from './agreementSeats';
import { useAgreementsGraph, useAgreementsQuery } from './agreementsGraph';
import { AnswerError } from './AnswerError';
import { formatTime } from './format';
import { hashOf } from './hashRoute';

/**
 * One agreement: the operations by name and hash the gateway runs for the application, the period, who
 * approved, the history; and revocation — a reason, then a confirmation — effective at once on every gateway.
 */
export function AgreementView(props: { id: string; viewer: Viewer }) {
  const { t, locale } = useI18n();
  // Read again after a revocation: the page then shows what a fresh read says, not only the mutation's own answer.
  const [version, setVersion] = useState(0);
  const state = useAgreementsQuery<{ agreement: Agreement | null }>(AGREEMENT, { id: props.id }, `${props.id}|${version}`);
  const [agreement, setAgreement] = useState<Agreement | null>();
  const [revokedHere, setRevokedHere] = useState(false);
  useEffect(() => {
    if (state.status === 'done') setAgreement(state.data.agreement);
  }, [state]);

  return (
    <section className="agreement-page" data-testid="agreement-view">
      <p>
        <a href={hashOf('agreements')} className="small">
          ← {t('agreement.back')}
        </a>
      </p>
      <AnswerError state={state} />
      {state.status === 'loading' && agreement === undefined && <p className="muted">{t('common.loading')}</p>}
      {agreement === null && (
        <p className="muted" data-testid="agreement-not-found">
          {t('agreement.notFound')}
        </p>
      )}
      {agreement && (
        <>
          <header className="card agreement-summary">
            <h1>
              {t('agreement.title')} · {agreement.application.name}
            </h1>
            <dl className="facts">
              <dt>{t('request.status')}</dt>
              <dd data-testid="agreement-status">
                <AgreementStatusBadge status={agreement.status} />
              </dd>
              <dt>{t('request.application')}</dt>
              <dd>
                {agreement.application.name} <span className="mono small muted">{agreement.application.clientId}</span> · {agreement.application.seedSystem}
              </dd>
              <dt>{t('request.owningUnit')}</dt>
              <dd>{agreement.application.owningUnit}</dd>
              <dt>{t('request.purpose')}</dt>
              <dd>
                {purposeLabel(agreement.purpose, locale)} <span className="mono small muted">{agreement.purpose}</span>
              </dd>
              <dt>{t('request.legalBasis')}</dt>
              <dd>
                <LegalBasis items={agreement.legalBasis} />
              </dd>
              <dt>{t('agreements.period')}</dt>
              <dd data-testid="agreement-period">
                {formatTime(agreement.validFrom, locale)} – {formatTime(agreement.validTo, locale)}
              </dd>
              <dt>{t('agreement.agencies')}</dt>
              <dd>
                <AgencyList agencies={agenciesRead(agreement.request)} />
              </dd>
              <dt>{t('agreements.approvers')}</dt>
              <dd data-testid="agreement-approvers">{agreement.approvers.join(', ') || '—'}</dd>
              <dt>{t('agreement.request')}</dt>
              <dd>
                <a href={hashOf('request', { id: agreement.request.id })}>{agreement.request.title}</a>
              </dd>
              {agreement.revokedAt && (
                <>
                  <dt>{t('agreement.revokedAt')}</dt>
                  <dd>{formatTime(agreement.revokedAt, locale)}</dd>
                  <dt>{t('agreement.revokedBy')}</dt>
                  <dd data-testid="agreement-revoked-by">{agreement.revokedBy ?? '—'}</dd>
                  <dt>{t('agreement.revokeReason')}</dt>
                  <dd className="review-note" data-testid="agreement-revoke-reason">
                    {agreement.revokeReason ?? '—'}
                  </dd>
                </>
              )}
            </dl>
          </header>

          {!agreement.revokedAt && agreement.status !== 'REVOKED' && agreement.status !== 'EXPIRED' && mayRevoke(props.viewer, agreement.request) && (
            <Revocation
              key={agreement.id}
              agreement={agreement}
              onRevoked={(revoked) => {
                setRevokedHere(true);
                setAgreement(revoked);
                setVersion((value) => value + 1);
              }}
            />
          )}
          {revokedHere && (
            <p className="card" role="status" data-testid="revoke-done">
              {t('agreement.revoked')}
            </p>
          )}

          <section className="card">
            <h2>{t('agreement.operations')}</h2>
            <table className="data" data-testid="agreement-operations">
              <thead>
                <tr>
                  <th>{t('agreement.operationName')}</th>
                  <th>{t('agreement.operationHash')}</th>
                </tr>
              </thead>
              <tbody>
                {agreement.operations.map((operation) => (
                  <tr key={operation.documentHash} data-testid="agreement-operation" data-operation={operation.name}>
                    <td className="mono">{operation.name}</td>
                    <td className="mono small" data-testid="agreement-operation-hash">
                      {operation.documentHash}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('request.approvals')}</h3>
            <ApprovalTable approvals={agreement.request.approvals} />
            <h3>{t('request.events')}</h3>
            <WorkflowEvents events={agreement.request.events} />
          </section>
        </>
      )}
    </section>
  );
}

/** Two steps, so a stray click revokes nothing: open the form, give a reason, confirm. */
function Revocation(props: { agreement: Agreement; onRevoked(agreement: Agreement): void }) {
  const { t } = useI18n();
  const ask = useAgreementsGraph();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (!text || saving) return;
    setSaving(true);
    setProblem(undefined);
    try {
      const answer = await ask<{ revokeAgreement: Agreement }>(REVOKE_AGREEMENT, { id: props.agreement.id, reason: text });
      const revoked = answer.data?.revokeAgreement;
      if (revoked && !answer.errors?.length) props.onRevoked(revoked);
      else setProblem(answerProblem(answer));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card revocation" data-testid="revocation" aria-label={t('agreement.revokeTitle')}>
      {!open ? (
        <button type="button" className="danger" onClick={() => setOpen(true)} data-testid="revoke-open">
          {t('agreement.revoke')}
        </button>
      ) : (
        <form onSubmit={submit} className="review-form">
          <h2>{t('agreement.revokeTitle')}</h2>
          <p className="notice">{t('agreement.revokeExplain')}</p>
          <label className="field">
            {t('agreement.revokeReasonLabel')}
            <textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              placeholder={t('agreement.revokeReasonPlaceholder')}
              maxLength={2000}
              rows={3}
              required
              data-testid="revoke-reason"
            />
          </label>
          <div className="decision-buttons">
            <button type="submit" className="danger" disabled={!reason.trim() || saving} data-testid="revoke-confirm">
              {saving ? t('agreement.revoking') : t('agreement.confirmRevoke')}
            </button>
            <button type="button" className="secondary" disabled={saving} onClick={() => setOpen(false)} data-testid="revoke-cancel">
              {t('agreement.cancel')}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="revoke-failed">
          {t('agreement.revokeFailed')} {problem}
        </p>
      )}
    </section>
  );
}
