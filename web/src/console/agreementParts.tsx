import type { Translate } from '../shared/i18n';
import { useI18n } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import type { AgreementStatus, Approval, FieldDecisionEffect, SharingRequestStatus, WorkflowEvent } from './agreementQueries';
import { STEWARD_ROLE } from './agreementSeats';
import { agencyLabel, formatTime } from './format';

/** The small pieces the request and agreement pages share: statuses as words, seats, approvals, history. */

export function seatLabel(t: Translate, seat: string): string {
  if (seat.startsWith(`${STEWARD_ROLE}:`)) return t('seat.data-steward', { agency: agencyLabel(t, seat.slice(STEWARD_ROLE.length + 1)) });
  if (seat === 'privacy-officer') return t('seat.privacy-officer');
  return seat;
}

export function RequestStatusBadge({ status }: { status: SharingRequestStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge request-${status.toLowerCase()}`} data-status={status}>
      {t(`request.status.${status}` as MessageKey)}
    </span>
  );
}

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge agreement-${status.toLowerCase()}`} data-status={status}>
      {t(`agreement.status.${status}` as MessageKey)}
    </span>
  );
}

/** allow | mask | deny in words, with the mask strategy beside it: the colour repeats the text, never replaces it. */
export function FieldEffectBadge({ effect, strategy }: { effect: FieldDecisionEffect; strategy: string | null }) {
  const { t } = useI18n();
  const known = effect === 'allow' || effect === 'mask' || effect === 'deny';
  return (
    <span className={`badge ${known ? effect : ''}`}>
      {known ? t(`request.effect.${effect}` as MessageKey) : effect}
      {strategy ? ` · ${strategy}` : ''}
    </span>
  );
}

export function ApprovalTable({ approvals }: { approvals: readonly Approval[] }) {
  const { t, locale } = useI18n();
  return (
    <table className="data approvals" data-testid="approvals">
      <thead>
        <tr>
          <th>{t('request.seat')}</th>
          <th>{t('request.status')}</th>
          <th>{t('request.decidedBy')}</th>
          <th>{t('request.decidedAt')}</th>
          <th>{t('request.decisionReason')}</th>
        </tr>
      </thead>
      <tbody>
        {approvals.map((approval) => (
          <tr key={approval.seat} data-testid="approval" data-seat={approval.seat} data-status={approval.status}>
            <td>{seatLabel(t, approval.seat)}</td>
            <td>
              <RequestStatusBadge status={approval.status} />
            </td>
            <td data-testid="approval-decided-by">{approval.decidedBy ?? '—'}</td>
            <td className="nowrap">{formatTime(approval.decidedAt, locale)}</td>
            <td className="review-note">{approval.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EVENT_ACTIONS = ['submitted', 'approved', 'rejected', 'request-rejected', 'agreement-made', 'revoked'];

export function WorkflowEvents({ events }: { events: readonly WorkflowEvent[] }) {
  const { t, locale } = useI18n();
  return (
    <ol className="plain workflow-events" data-testid="workflow-events">
      {events.map((event, index) => (
        <li key={`${event.at}-${index}`} data-testid="workflow-event" data-action={event.action}>
          <span className="nowrap small muted">{formatTime(event.at, locale)}</span> <strong>{event.actor}</strong>{' '}
          {EVENT_ACTIONS.includes(event.action) ? t(`event.${event.action}` as MessageKey) : <code>{event.action}</code>}
          {event.detail && <span className="review-note"> — {event.detail}</span>}
        </li>
      ))}
    </ol>
  );
}

export function LegalBasis({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain legal-basis" data-testid="legal-basis">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export function AgencyList({ agencies }: { agencies: readonly string[] }) {
  const { t } = useI18n();
  if (agencies.length === 0) return <span className="muted">—</span>;
  return (
    <span className="agency-list">
      {agencies.map((agency) => (
        <span key={agency} className="badge agency" data-agency={agency}>
          {agencyLabel(t, agency)}
        </span>
      ))}
    </span>
  );
}

/** The first error of a mutation's answer as "CODE message" (CONFLICT, FORBIDDEN, BAD_USER_INPUT, …). */
export function answerProblem(answer: { status: number; errors?: { message: string; extensions?: { code?: string } }[] }): string {
  const error = answer.errors?.[0];
  return `${error?.extensions?.code ?? `HTTP ${answer.status}`} ${error?.message ?? ''}`.trim();
}
