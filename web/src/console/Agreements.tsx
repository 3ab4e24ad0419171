import { useI18n } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import { purposeLabel } from '../shared/purposes';
import { AGREEMENT_STATUSES, AGREEMENTS, type AgreementStatus, type AgreementSummary } from './agreementQueries';
import { AgreementStatusBadge } from './agreementParts';
import { daysLeft, EXPIRING_WITHIN_DAYS, expiresSoon } from './agreementSeats';
import { useAgreementsQuery } from './agreementsGraph';
import { DataTable } from './DataTable';
import { formatTime } from './format';
import { hashOf, type ConsolePage } from './hashRoute';
import { ChoiceFilter, FilterCard } from './ListFilters';

type Navigate = (page: ConsolePage, params?: Record<string, string | undefined>) => void;

/** Every agreement (in force, expiring, expired, revoked, not yet valid), filtered by status; expiring ones stand out. */
export function Agreements(props: { params: URLSearchParams; navigate: Navigate }) {
  const { t, locale } = useI18n();
  const statusParam = props.params.get('status') ?? '';
  const status = (AGREEMENT_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as AgreementStatus) : undefined;
  const variables = status ? { status } : {};
  const state = useAgreementsQuery<{ agreements: AgreementSummary[] }>(AGREEMENTS, variables, status ?? '');
  const agreements = state.status === 'done' ? state.data.agreements : [];
  const now = new Date();

  return (
    <section>
      <FilterCard testId="agreements-filters" explain={t('agreements.explain', { days: EXPIRING_WITHIN_DAYS })}>
        <ChoiceFilter
          label={t('agreements.status')}
          value={status}
          values={AGREEMENT_STATUSES}
          labelOf={(value) => t(`agreement.status.${value}` as MessageKey)}
          anyLabel={t('agreements.any')}
          onChange={(value) => props.navigate('agreements', { status: value })}
          testId="agreements-status"
        />
      </FilterCard>
      <DataTable
        state={state}
        testId="agreements-table"
        headings={[t('agreements.application'), t('agreements.purpose'), t('agreements.operations'), t('agreements.period'), t('agreements.status'), t('agreements.approvers')]}
        rows={agreements}
        empty={t('agreements.empty')}
        emptyTestId="agreements-empty"
        row={(agreement) => {
          const soon = expiresSoon(agreement, now);
          return (
            <tr
              key={agreement.id}
              data-testid="agreement-row"
              data-agreement-id={agreement.id}
              data-status={agreement.status}
              data-expiring={soon ? 'true' : undefined}
              className={soon ? 'expiring' : undefined}
            >
              <td>
                <a href={hashOf('agreement', { id: agreement.id })} data-testid="agreement-link">
                  {agreement.application.name}
                </a>
                <div className="mono small muted">{agreement.application.clientId}</div>
              </td>
              <td>
                {purposeLabel(agreement.purpose, locale)}
                <div className="mono small muted">{agreement.purpose}</div>
              </td>
              <td className="mono small">{agreement.operations.map((operation) => operation.name).join(', ')}</td>
              <td className="nowrap small">
                {formatTime(agreement.validFrom, locale)}
                <br />
                {formatTime(agreement.validTo, locale)}
              </td>
              <td>
                <AgreementStatusBadge status={agreement.status} />
                {soon && (
                  <div className="small expiring-note" data-testid="agreement-days-left">
                    {t('agreements.daysLeft', { days: Math.max(0, daysLeft(agreement.validTo, now)) })}
                  </div>
                )}
              </td>
              <td className="small">{agreement.approvers.join(', ')}</td>
            </tr>
          );
        }}
      />
    </section>
  );
}
