import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../shared/i18n';
import { purposeLabel } from '../shared/purposes';
import { AnswerError } from './AnswerError';
import { useAuditQuery } from './auditGraph';
import { SUBJECT_ACCESS_REPORT, type RefusedAttempt, type SubjectAccess, type SubjectAccessReport } from './auditQueries';
import { isValidResidentId as isResidentIdNumber } from '../../../seed/identifiers/residentId';
import { agencyLabel, codeLabel, formatTime } from './format';
import type { ConsolePage } from './hashRoute';
import { EffectBadge, OutcomeBadge } from './OutcomeBadge';

/**
 * A citizen's "who looked at my data" request (PIPL art. 45): who accessed the person, when, for what
 * purpose and on what legal basis, and what they were shown masked or in clear; and beside the answers,
 * the attempts that named the person and were refused (who, when, purpose, why). Printable.
 */
export function SubjectReport(props: {
  params: URLSearchParams;
  officer: string;
  navigate(page: ConsolePage, params?: Record<string, string | undefined>): void;
}) {
  const { t, locale } = useI18n();
  const idNumber = props.params.get('id') ?? '';
  const [draft, setDraft] = useState(idNumber);
  useEffect(() => setDraft(idNumber), [idNumber]);
  const valid = isResidentIdNumber(idNumber);
  const state = useAuditQuery<{ subjectAccessReport: SubjectAccessReport }>(SUBJECT_ACCESS_REPORT, { idNumber }, valid ? idNumber : undefined);
  const draftInvalid = draft !== '' && !isResidentIdNumber(draft.trim().toUpperCase());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim().toUpperCase();
    if (isResidentIdNumber(value)) props.navigate('report', { id: value });
  };
  const report = state.status === 'done' ? state.data.subjectAccessReport : undefined;

  return (
    <div className="report-page">
      <form className="card report-form no-print" onSubmit={submit}>
        <label className="field">
          {t('report.idNumber')}
          <input value={draft} onChange={(event) => setDraft(event.target.value)} placeholder={t('log.subjectPlaceholder')} aria-invalid={draftInvalid || undefined} data-testid="report-id" />
        </label>
        <button type="submit" className="primary" disabled={draftInvalid || draft === ''} data-testid="report-submit">
          {t('report.generate')}
        </button>
        {report && (
          <button type="button" className="secondary" onClick={() => window.print()} data-testid="report-print">
            {t('report.print')}
          </button>
        )}
        {draftInvalid && <p className="field-error">{t('log.badIdNumber')}</p>}
        <p className="hint">{t('report.explain')}</p>
      </form>

      <AnswerError state={state} />
      {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {report && (
        <article className="card report" data-testid="subject-report">
          <header className="report-header">
            <h1>{t('report.title')}</h1>
            <dl className="facts">
              <dt>{t('report.idNumber')}</dt>
              <dd className="mono" data-testid="report-id-number">
                {report.idNumber}
              </dd>
              <dt>{t('report.generatedAt')}</dt>
              <dd>{formatTime(new Date().toISOString(), locale)}</dd>
              <dt>{t('report.generatedBy')}</dt>
              <dd>{props.officer}</dd>
              <dt>{t('report.accessCount')}</dt>
              <dd data-testid="report-count">{report.accesses.length}</dd>
              <dt>{t('report.refusedCount')}</dt>
              <dd data-testid="report-refused-count">{report.refusedAttempts.length}</dd>
            </dl>
          </header>
          <h2>{t('report.answersTitle')}</h2>
          {report.accesses.length === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : (
            <table className="data report-table" data-testid="report-table">
              <thead>
                <tr>
                  <th>{t('log.time')}</th>
                  <th>{t('report.who')}</th>
                  <th>{t('report.purposeAndBasis')}</th>
                  <th>{t('report.shown')}</th>
                  <th>{t('log.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {report.accesses.map((access) => (
                  <AccessRow key={access.recordId} access={access} />
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('report.refusedTitle')}</h2>
          <p className="hint">{t('report.refusedExplain')}</p>
          {report.refusedAttempts.length === 0 ? (
            <p className="muted">{t('report.refusedNone')}</p>
          ) : (
            <table className="data report-table refused" data-testid="report-refused-table">
              <thead>
                <tr>
                  <th>{t('log.time')}</th>
                  <th>{t('report.who')}</th>
                  <th>{t('log.purpose')}</th>
                  <th>{t('report.why')}</th>
                </tr>
              </thead>
              <tbody>
                {report.refusedAttempts.map((attempt) => (
                  <RefusedRow key={attempt.recordId} attempt={attempt} />
                ))}
              </tbody>
            </table>
          )}
          <p className="hint report-footer">{t('report.footer')}</p>
        </article>
      )}
    </div>
  );
}

function AccessRow({ access }: { access: SubjectAccess }) {
  const { t, locale } = useI18n();
  const masked = access.fields.filter((field) => field.effect !== 'ALLOW');
  const clear = access.fields.filter((field) => field.effect === 'ALLOW');
  return (
    <tr data-testid="report-row" data-record-id={access.recordId}>
      <td className="nowrap">
        {formatTime(access.time, locale)}
        <div className="muted small mono">{access.recordId.slice(0, 8)}</div>
      </td>
      <td>
        <div data-testid="report-username">{access.user?.username ?? t('log.anonymous')}</div>
        <div className="muted small">{agencyLabel(t, access.user?.agency)}</div>
        <div className="muted small mono">{access.user?.roles.join(', ')}</div>
      </td>
      <td>
        <div data-testid="report-purpose">
          {purposeLabel(access.purpose, locale)} {access.caseRef && <span className="mono small">· {access.caseRef}</span>}
        </div>
        <ul className="plain legal-basis small">
          {access.legalBasis.map((basis) => (
            <li key={basis}>{basis}</li>
          ))}
        </ul>
        <div className="muted small">
          {t('report.via')} {access.subgraphs.join(', ') || '—'}
          {access.operationName ? ` · ${access.operationName}` : ''}
        </div>
      </td>
      <td>
        <div className="shown-as" data-testid="report-shown-as">
          {access.shownAs.map((subject) => (
            <span key={`${subject.type}:${subject.display}`} className="mono">
              {subject.display}
            </span>
          ))}
        </div>
        <div className="field-decisions small">
          {masked.map((field) => (
            <div key={field.coordinate}>
              <span className="mono">{field.coordinate}</span> <EffectBadge effect={field.effect} strategy={field.strategy} />
            </div>
          ))}
          {clear.length > 0 && (
            <div className="muted">
              {t('report.clearFields')}: <span className="mono">{clear.map((field) => field.coordinate).join(', ')}</span>
            </div>
          )}
        </div>
      </td>
      <td>
        <OutcomeBadge outcome={access.outcome} />
      </td>
    </tr>
  );
}

function RefusedRow({ attempt }: { attempt: RefusedAttempt }) {
  const { t, locale } = useI18n();
  return (
    <tr data-testid="report-refused-row" data-record-id={attempt.recordId}>
      <td className="nowrap">
        {formatTime(attempt.time, locale)}
        <div className="muted small mono">{attempt.recordId.slice(0, 8)}</div>
      </td>
      <td>
        <div data-testid="report-refused-username">{attempt.user?.username ?? t('log.anonymous')}</div>
        <div className="muted small">{agencyLabel(t, attempt.user?.agency)}</div>
        <div className="muted small mono">{attempt.user?.roles.join(', ')}</div>
      </td>
      <td data-testid="report-refused-purpose">
        {purposeLabel(attempt.purpose, locale)} {attempt.caseRef && <span className="mono small">· {attempt.caseRef}</span>}
        {attempt.operationName && <div className="muted small mono">{attempt.operationName}</div>}
      </td>
      <td data-testid="report-refused-why">
        <ul className="plain codes">
          {attempt.errorCodes.map((code) => (
            <li key={code}>
              <code>{code}</code> <span className="small">{codeLabel(t, code)}</span>
            </li>
          ))}
        </ul>
        {attempt.deniedFields.length > 0 && (
          <div className="small muted">
            <span className="mono">{attempt.deniedFields.map((field) => field.coordinate).join(', ')}</span>
          </div>
        )}
      </td>
    </tr>
  );
}
