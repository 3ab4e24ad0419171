import { useI18n } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import { purposeLabel } from '../shared/purposes';
import { SHARING_REQUEST_STATUSES, SHARING_REQUESTS, type SharingRequestStatus, type SharingRequestSummary, type Viewer } from './agreementQueries';
import { AgencyList, RequestStatusBadge } from './agreementParts';
import { agenciesRead, openSeats } from './agreementSeats';
import { useAgreementsQuery } from './agreementsGraph';
import { DataTable } from './DataTable';
import { formatTime } from './format';
import { hashOf, type ConsolePage } from './hashRoute';
import { ChoiceFilter, FilterCard } from './ListFilters';

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
      <FilterCard testId="requests-filters" explain={t('requests.explain')}>
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
          <ChoiceFilter
            label={t('requests.status')}
            value={status}
            values={SHARING_REQUEST_STATUSES}
            labelOf={(value) => t(`request.status.${value}` as MessageKey)}
            anyLabel={t('requests.any')}
            onChange={(value) => props.navigate('requests', { view: 'all', status: value })}
            testId="requests-status"
          />
        )}
      </FilterCard>
      <DataTable
        state={state}
        testId="requests-table"
        headings={[
          t('requests.title'),
          t('requests.application'),
          t('requests.purpose'),
          t('requests.agencies'),
          t('requests.period'),
          t('requests.submitted'),
          t('requests.approvals'),
        ]}
        rows={requests}
        empty={all ? t('requests.emptyAll') : t('requests.empty')}
        emptyTestId="requests-empty"
        row={(request) => {
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
        }}
      />
    </section>
  );
}
