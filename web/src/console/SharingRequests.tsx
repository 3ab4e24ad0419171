import { useI18n } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import { purposeLabel } from '../shared/purposes';
import { SHARING_REQUEST_STATUSES, SHARING_REQUESTS, type SharingRequestStatus, type SharingRequestSummary, type Viewer } from './agreementQueries';
import { AgencyList, RequestStatusBadge } from './agreementParts';
import { agenciesRead, openSeats } from './agreementSeats';
import { useAgreementsQuery } from './agreementsGraph';
import { AnswerError } from './AnswerError';
import { formatTime } from './format';
import { hashOf, type ConsolePage } from './hashRoute';

type Navigate = (page: ConsolePage, params?: Record<string, string | undefined>) => void;

/**
 * "Requests waiting for me": the sharing requests with a seat this person fills still undecided (the API's
 * awaitingMe), or every request by status. Each opens the decision view.
 */
export function SharingRequests(props: { params: URLSearchParams; navigate: Navigate; viewer: Viewer }) {
  const { t, locale } = useI18n();
  const all = props.params.get('view') === 'all';
  const statusParam = props.params.get('status') ?? '';
  const status = all && (SHARING_REQUEST_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as SharingRequestStatus) : undefined;
  const variables = all ? { awaitingMe: false, ...(status ? { status } : {}) } : { awaitingMe: true };
  const state = useAgreementsQuery<{ sharingRequests: SharingRequestSummary[] }>(SHARING_REQUESTS, variables, JSON.stringify(variables));
  const requests = state.status === 'done' ? state.data.sharingRequests : [];

  return (
    <section>
      <div className="filters card" data-testid="requests-filters">
        <p className="hint queue-explain">{t('requests.explain')}</p>
        <label className="field">
          {t('requests.view')}
          <select
            value={all ? 'all' : 'mine'}
            onChange={(event) => props.navigate('requests', { view: event.target.value === 'all' ? 'all' : undefined })}
            data-testid="requests-view"
          >
            <option value="mine">{t('requests.view.mine')}</option>
            <option value="all">{t('requests.view.all')}</option>
          </select>
        </label>
        {all && (
          <label className="field">
            {t('requests.status')}
            <select value={status ?? ''} onChange={(event) => props.navigate('requests', { view: 'all', status: event.target.value || undefined })} data-testid="requests-status">
              <option value="">{t('requests.any')}</option>
              {SHARING_REQUEST_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`request.status.${value}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <AnswerError state={state} />
      <div className="table-scroll">
        <table className="data" data-testid="requests-table">
          <thead>
            <tr>
              <th>{t('requests.title')}</th>
              <th>{t('requests.application')}</th>
              <th>{t('requests.purpose')}</th>
              <th>{t('requests.agencies')}</th>
              <th>{t('requests.period')}</th>
              <th>{t('requests.submitted')}</th>
              <th>{t('requests.approvals')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => {
              const approved = request.approvals.filter((approval) => approval.status === 'APPROVED').length;
              const mine = openSeats(props.viewer, request).length > 0;
              return (
                <tr key={request.id} data-testid="request-row" data-request-id={request.id} data-status={request.status} className={mine ? 'awaiting-me' : undefined}>
                  <td>
                    <a href={hashOf('request', { id: request.id })} data-testid="request-link">
                      {request.title}
                    </a>
                    <div className="muted small">{request.operations.map((operation) => operation.name).join(', ')}</div>
                  </td>
                  <td>
                    <div>{request.application.name}</div>
                    <div className="mono small muted">{request.application.clientId}</div>
                  </td>
                  <td>
                    {purposeLabel(request.purpose, locale)}
                    <div className="mono small muted">{request.purpose}</div>
                  </td>
                  <td>
                    <AgencyList agencies={agenciesRead(request)} />
                  </td>
                  <td className="nowrap small">
                    {formatTime(request.validFrom, locale)}
                    <br />
                    {formatTime(request.validTo, locale)}
                  </td>
                  <td className="small">
                    <div className="nowrap">{formatTime(request.submittedAt, locale)}</div>
                    <div className="muted">{request.submittedBy}</div>
                  </td>
                  <td>
                    <RequestStatusBadge status={request.status} />
                    <div className="small muted">{t('requests.approvalsCount', { done: approved, total: request.approvals.length })}</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {state.status === 'done' && requests.length === 0 && (
        <p className="muted" data-testid="requests-empty">
          {all ? t('requests.emptyAll') : t('requests.empty')}
        </p>
      )}
      {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
    </section>
  );
}
