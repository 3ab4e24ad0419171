import { useI18n } from '../shared/i18n';
import type { MessageKey } from '../shared/messages';
import { purposeLabel } from '../shared/purposes';
import { AGREEMENT_STATUSES, AGREEMENTS, type AgreementStatus, type AgreementSummary } from './agreementQueries';
import { AgreementStatusBadge } from './agreementParts';
import { daysLeft, EXPIRING_WITHIN_DAYS, expiresSoon } from './agreementSeats';
import { useAgreementsQuery } from './agreementsGraph';
import { AnswerError } from './AnswerError';
import { formatTime } from './format';
import { hashOf, type ConsolePage } from './hashRoute';

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
      <div className="filters card" data-testid="agreements-filters">
        <p className="hint queue-explain">{t('agreements.explain', { days: EXPIRING_WITHIN_DAYS })}</p>
        <label className="field">
          {t('agreements.status')}
          <select value={status ?? ''} onChange={(event) => props.navigate('agreements', { status: event.target.value || undefined })} data-testid="agreements-status">
            <option value="">{t('agreements.any')}</option>
            {AGREEMENT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`agreement.status.${value}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <AnswerError state={state} />
      <div className="table-scroll">
        <table className="data" data-testid="agreements-table">
          <thead>
            <tr>
              <th>{t('agreements.application')}</th>
              <th>{t('agreements.purpose')}</th>
              <th>{t('agreements.operations')}</th>
              <th>{t('agreements.period')}</th>
              <th>{t('agreements.status')}</th>
              <th>{t('agreements.approvers')}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((agreement) => {
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
            })}
          </tbody>
        </table>
      </div>
      {state.status === 'done' && agreements.length === 0 && (
        <p className="muted" data-testid="agreements-empty">
          {t('agreements.empty')}
        </p>
      )}
      {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
    </section>
  );
}
