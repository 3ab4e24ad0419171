import { useEffect, useState } from 'react';
import { useI18n } from '../shared/i18n';
import { purposeLabel } from '../shared/purposes';
import { DECIDE_SHARING_REQUEST, SHARING_REQUEST, type ApprovalDecision, type RequestedOperation, type SharingRequest, type Viewer } from './agreementQueries';
import { AgencyList, AgreementStatusBadge, answerProblem, ApprovalTable, FieldEffectBadge, LegalBasis, RequestStatusBadge, seatLabel, WorkflowEvents } from './agreementParts';
import { openSeats } from './agreementSeats';
import { useAgreementsGraph, useAgreementsQuery } from './agreementsGraph';
import { AnswerError } from './AnswerError';
import { formatTime } from './format';
import { hashOf } from './hashRoute';

/**
 * One sharing request as its approvers judge it: who asks, why, under which purpose and legal basis, for how
 * long; for each operation the agencies it reads and every field's decision (allow / mask with its strategy /
 * deny), as the gateway would decide it; the seats and who decided; and, for a seat of this viewer still
 * open, approve or reject (a rejection needs a reason — the API refuses one without, too).
 */
export function SharingRequestView(props: { id: string; viewer: Viewer }) {
  const { t, locale } = useI18n();
  const state = useAgreementsQuery<{ sharingRequest: SharingRequest | null }>(SHARING_REQUEST, { id: props.id }, props.id);
  // The request as last answered: the read, then the decision's own answer.
  const [request, setRequest] = useState<SharingRequest | null>();
  useEffect(() => {
    if (state.status === 'done') setRequest(state.data.sharingRequest);
  }, [state]);

  return (
    <section className="agreement-page" data-testid="request-view">
      <p>
        <a href={hashOf('requests')} className="small">
          ← {t('request.back')}
        </a>
      </p>
      <AnswerError state={state} />
      {state.status === 'loading' && request === undefined && <p className="muted">{t('common.loading')}</p>}
      {request === null && (
        <p className="muted" data-testid="request-not-found">
          {t('request.notFound')}
        </p>
      )}
      {request && (
        <>
          <header className="card agreement-summary">
            <h1 data-testid="request-title">{request.title}</h1>
            <dl className="facts">
              <dt>{t('request.status')}</dt>
              <dd data-testid="request-status">
                <RequestStatusBadge status={request.status} />
              </dd>
              <dt>{t('request.application')}</dt>
              <dd data-testid="request-application">
                {request.application.name} <span className="mono small muted">{request.application.clientId}</span>
              </dd>
              <dt>{t('request.seedSystem')}</dt>
              <dd>{request.application.seedSystem}</dd>
              <dt>{t('request.owningUnit')}</dt>
              <dd>{request.application.owningUnit}</dd>
              <dt>{t('request.contacts')}</dt>
              <dd>
                {request.application.contacts.length === 0
                  ? '—'
                  : request.application.contacts.map((contact) => `${contact.name}（${contact.role}${contact.email ? ` ${contact.email}` : ''}）`).join('；')}
              </dd>
              <dt>{t('request.submittedBy')}</dt>
              <dd>
                {request.submittedBy} · {formatTime(request.submittedAt, locale)}
              </dd>
              <dt>{t('request.justification')}</dt>
              <dd className="review-note" data-testid="request-justification">
                {request.justification}
              </dd>
              <dt>{t('request.purpose')}</dt>
              <dd data-testid="request-purpose">
                {purposeLabel(request.purpose, locale)} <span className="mono small muted">{request.purpose}</span>
              </dd>
              <dt>{t('request.legalBasis')}</dt>
              <dd>
                <LegalBasis items={request.legalBasis} />
              </dd>
              <dt>{t('request.period')}</dt>
              <dd data-testid="request-period">
                {formatTime(request.validFrom, locale)} – {formatTime(request.validTo, locale)}
              </dd>
              {request.agreement && (
                <>
                  <dt>{t('request.agreement')}</dt>
                  <dd data-testid="request-agreement">
                    <a href={hashOf('agreement', { id: request.agreement.id })}>{request.agreement.id}</a> <AgreementStatusBadge status={request.agreement.status} />
                  </dd>
                </>
              )}
            </dl>
          </header>

          <h2>{t('request.operations', { count: request.operations.length })}</h2>
          {request.operations.map((operation) => (
            <OperationDecisions key={operation.documentHash} operation={operation} />
          ))}

          <section className="card">
            <h2>{t('request.approvals')}</h2>
            <ApprovalTable approvals={request.approvals} />
          </section>

          {/* After what is asked and who has decided: the approver reads first, then decides. */}
          <Decision request={request} viewer={props.viewer} onDecided={setRequest} />

          <section className="card">
            <h2>{t('request.events')}</h2>
            <WorkflowEvents events={request.events} />
          </section>
        </>
      )}
    </section>
  );
}

/** One operation: what it reads and what each field would be, as the gateway decides for the purpose. */
function OperationDecisions({ operation }: { operation: RequestedOperation }) {
  const { t } = useI18n();
  return (
    <article className="card operation" data-testid="request-operation" data-operation={operation.name} aria-label={operation.name}>
      <h3 className="mono">{operation.name}</h3>
      <dl className="facts">
        <dt>{t('request.operationHash')}</dt>
        <dd className="mono small" data-testid="operation-hash">
          {operation.documentHash}
        </dd>
        <dt>{t('request.readsAgencies')}</dt>
        <dd data-testid="operation-agencies">
          <AgencyList agencies={operation.agencies} />
        </dd>
        <dt>{t('request.variables')}</dt>
        <dd className="mono">{operation.variables.length ? operation.variables.map((name) => `$${name}`).join(', ') : t('request.noVariables')}</dd>
      </dl>
      {operation.refusedFields > 0 && (
        <p className="error" role="note" data-testid="operation-refused">
          {t('request.refusedFields', { count: operation.refusedFields })}
        </p>
      )}
      <details>
        <summary>{t('request.document')}</summary>
        <pre className="document" data-testid="operation-document">
          {operation.document}
        </pre>
      </details>
      <h4>{t('request.fields')}</h4>
      <table className="data field-table">
        <thead>
          <tr>
            <th>{t('request.coordinate')}</th>
            <th>{t('request.effect')}</th>
            <th>{t('request.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {operation.fields.map((field) => (
            <tr key={field.coordinate} data-testid="operation-field" data-coordinate={field.coordinate} data-effect={field.effect} data-strategy={field.strategy ?? ''}>
              <td className="mono">{field.coordinate}</td>
              <td>
                <FieldEffectBadge effect={field.effect} strategy={field.strategy} />
              </td>
              <td className="small">{field.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function Decision(props: { request: SharingRequest; viewer: Viewer; onDecided(request: SharingRequest): void }) {
  const { t } = useI18n();
  const ask = useAgreementsGraph();
  const seats = openSeats(props.viewer, props.request);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState<ApprovalDecision>();
  const [outcome, setOutcome] = useState<{ ok: true; decision: ApprovalDecision } | { ok: false; message: string }>();

  const decide = async (decision: ApprovalDecision) => {
    const text = reason.trim();
    if (saving || (decision === 'REJECT' && !text)) return;
    setSaving(decision);
    setOutcome(undefined);
    try {
      const answer = await ask<{ decideSharingRequest: SharingRequest }>(DECIDE_SHARING_REQUEST, { id: props.request.id, decision, ...(text ? { reason: text } : {}) });
      const decided = answer.data?.decideSharingRequest;
      if (decided && !answer.errors?.length) {
        setOutcome({ ok: true, decision });
        setReason('');
        props.onDecided(decided);
      } else setOutcome({ ok: false, message: answerProblem(answer) });
    } catch (error) {
      setOutcome({ ok: false, message: (error as Error).message });
    } finally {
      setSaving(undefined);
    }
  };

  if (seats.length === 0 && !outcome) {
    return (
      <p className="muted" data-testid="decision-none">
        {t('request.noSeat')}
      </p>
    );
  }
  return (
    <section className="card decision" data-testid="decision" aria-label={t('request.decide')}>
      <h2>{t('request.decide')}</h2>
      {seats.length > 0 && (
        <>
          <p data-testid="decision-seats">{t('request.decideAs', { seats: seats.map((seat) => seatLabel(t, seat.seat)).join('、') })}</p>
          <label className="field">
            {t('request.decisionReasonLabel')}
            <textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              placeholder={t('request.decisionReasonPlaceholder')}
              maxLength={2000}
              rows={3}
              aria-describedby="reject-needs-reason"
              data-testid="decision-reason"
            />
          </label>
          <p id="reject-needs-reason" className="hint">
            {t('request.rejectNeedsReason')}
          </p>
          <div className="decision-buttons">
            <button type="button" className="primary" disabled={Boolean(saving)} onClick={() => decide('APPROVE')} data-testid="decision-approve">
              {saving === 'APPROVE' ? t('request.deciding') : t('request.approve')}
            </button>
            <button type="button" className="danger" disabled={Boolean(saving) || !reason.trim()} onClick={() => decide('REJECT')} data-testid="decision-reject">
              {saving === 'REJECT' ? t('request.deciding') : t('request.reject')}
            </button>
          </div>
        </>
      )}
      {outcome?.ok && (
        <p className="small" role="status" data-testid="decision-saved">
          {t(outcome.decision === 'APPROVE' ? 'request.decided.APPROVE' : 'request.decided.REJECT')}
        </p>
      )}
      {outcome && !outcome.ok && (
        <p className="error" role="alert" data-testid="decision-failed">
          {t('request.decideFailed')} {outcome.message}
        </p>
      )}
    </section>
  );
}
