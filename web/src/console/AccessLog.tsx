import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../shared/i18n';
import { PURPOSE_OPTIONS, purposeLabel } from '../shared/purposes';
import { AnswerError } from './AnswerError';
import { useAuditQuery } from './auditGraph';
import { AUDIT_EVENTS, type AuditEventFilter, type AuditEventSummary, type AuditOutcome, type Connection } from './auditQueries';
import { EventDetail } from './EventDetail';
import { isValidResidentId as isResidentIdNumber } from '../../../seed/identifiers/residentId';
import { AGENCY_CODES, agencyLabel, formatTime, fromLocalInput, toLocalInput } from './format';
import type { ConsolePage } from './hashRoute';
import { OutcomeBadge } from './OutcomeBadge';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['username', 'agency', 'purpose', 'subjectIdNumber', 'from', 'to', 'outcome'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

function filterOf(params: URLSearchParams): AuditEventFilter {
  const filter: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as AuditEventFilter;
}

/** Who accessed what: the audit log filtered by user, agency, purpose, subject, time and outcome, a page at a time. */
export function AccessLog(props: { params: URLSearchParams; navigate(page: ConsolePage, params?: Record<string, string | undefined>): void }) {
  const { t, locale } = useI18n();
  const filter = useMemo(() => filterOf(props.params), [props.params]);
  const filterKey = JSON.stringify(filter);
  const selectedEvent = props.params.get('event') ?? undefined;
  // Cursors of the pages before this one (the first page has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => setCursors([null]), [filterKey]);
  const after = cursors[cursors.length - 1] ?? null;
  const state = useAuditQuery<{ auditEvents: Connection<AuditEventSummary> }>(
    AUDIT_EVENTS,
    { filter, first: PAGE_SIZE, ...(after ? { after } : {}) },
    `${filterKey}|${after ?? ''}`,
  );

  const [draft, setDraft] = useState<Record<FilterKey, string>>(() => draftOf(filter));
  // The form follows the address: a new search, the back button, a link from the overview.
  useEffect(() => setDraft(draftOf(filter)), [filterKey]); // filterKey stands for filter
  const idInvalid = draft.subjectIdNumber !== '' && !isResidentIdNumber(draft.subjectIdNumber);

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (idInvalid) return;
    props.navigate('log', {
      username: draft.username.trim() || undefined,
      agency: draft.agency || undefined,
      purpose: draft.purpose || undefined,
      subjectIdNumber: draft.subjectIdNumber.trim() || undefined,
      from: fromLocalInput(draft.from),
      to: fromLocalInput(draft.to),
      outcome: draft.outcome || undefined,
    });
  };
  const open = (id: string | undefined) => props.navigate('log', { ...Object.fromEntries(Object.entries(filter)), event: id });
  const set = (key: FilterKey) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const edges = state.status === 'done' ? state.data.auditEvents.edges : [];
  const pageInfo = state.status === 'done' ? state.data.auditEvents.pageInfo : undefined;

  return (
    <div className={`log-layout ${selectedEvent ? 'with-detail' : ''}`}>
      <section className="log-main">
        <form className="filters card" onSubmit={search} data-testid="log-filters">
          <label className="field">
            {t('log.username')}
            <input value={draft.username} onChange={set('username')} placeholder={t('log.usernamePlaceholder')} data-testid="filter-username" />
          </label>
          <label className="field">
            {t('log.agency')}
            <select value={draft.agency} onChange={set('agency')} data-testid="filter-agency">
              <option value="">{t('log.any')}</option>
              {AGENCY_CODES.map((code) => (
                <option key={code} value={code}>
                  {agencyLabel(t, code)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('log.purpose')}
            <select value={draft.purpose} onChange={set('purpose')} data-testid="filter-purpose">
              <option value="">{t('log.any')}</option>
              {PURPOSE_OPTIONS.map((purpose) => (
                <option key={purpose.name} value={purpose.name}>
                  {purposeLabel(purpose.name, locale)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('log.subject')}
            <input
              value={draft.subjectIdNumber}
              onChange={set('subjectIdNumber')}
              placeholder={t('log.subjectPlaceholder')}
              aria-invalid={idInvalid || undefined}
              data-testid="filter-subject"
            />
          </label>
          <label className="field">
            {t('log.from')}
            <input type="datetime-local" value={draft.from} onChange={set('from')} data-testid="filter-from" />
          </label>
          <label className="field">
            {t('log.to')}
            <input type="datetime-local" value={draft.to} onChange={set('to')} data-testid="filter-to" />
          </label>
          <label className="field">
            {t('log.outcome')}
            <select value={draft.outcome} onChange={set('outcome')} data-testid="filter-outcome">
              <option value="">{t('log.any')}</option>
              {(['ALLOWED', 'REFUSED', 'FAILED'] as AuditOutcome[]).map((outcome) => (
                <option key={outcome} value={outcome}>
                  {t(`outcome.${outcome}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="filter-actions">
            <button type="submit" className="primary" disabled={idInvalid} data-testid="search">
              {t('log.search')}
            </button>
            <button type="button" className="secondary" onClick={() => props.navigate('log')}>
              {t('log.reset')}
            </button>
          </div>
          {idInvalid && <p className="field-error">{t('log.badIdNumber')}</p>}
        </form>

        <AnswerError state={state} />
        <div className="table-scroll">
          <table className="data log-table" data-testid="log-table">
            <thead>
              <tr>
                <th>{t('log.time')}</th>
                <th>{t('log.user')}</th>
                <th>{t('log.purpose')}</th>
                <th>{t('log.operation')}</th>
                <th>{t('log.subjects')}</th>
                <th>{t('log.subgraphs')}</th>
                <th>{t('log.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => (
                <tr
                  key={node.id}
                  className={node.id === selectedEvent ? 'selected' : undefined}
                  onClick={() => open(node.id)}
                  data-testid="log-row"
                  data-event-id={node.id}
                >
                  <td className="nowrap">{formatTime(node.time, locale)}</td>
                  <td>
                    <div>{node.user?.username ?? t('log.anonymous')}</div>
                    <div className="muted small">{agencyLabel(t, node.user?.agency)}</div>
                  </td>
                  <td>
                    <div>{purposeLabel(node.purpose, locale)}</div>
                    {node.caseRef && <div className="muted small mono">{node.caseRef}</div>}
                  </td>
                  <td className="mono small">
                    {node.operation.type?.toLowerCase() ?? '—'} {node.operation.name ?? ''}
                  </td>
                  <td className="small">
                    {node.subjects.slice(0, 3).map((subject) => (
                      <div key={`${subject.type}:${subject.display}`} className="mono">
                        {subject.display}
                      </div>
                    ))}
                    {node.subjects.length > 3 && <div className="muted">+{node.subjects.length - 3}</div>}
                  </td>
                  <td className="small">{node.subgraphs.join(', ') || '—'}</td>
                  <td>
                    <OutcomeBadge outcome={node.outcome} />
                    {node.errorCodes.length > 0 && <div className="muted small mono">{node.errorCodes.join(', ')}</div>}
                  </td>
                </tr>
              ))}
              {state.status === 'done' && edges.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('log.none')}
                  </td>
                </tr>
              )}
              {state.status === 'loading' && (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('common.loading')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div className="pager">
          <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('log.previous')}
          </button>
          <span className="muted" data-testid="page-number">
            {t('log.page', { page: cursors.length })}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={!pageInfo?.hasNextPage}
            onClick={() => pageInfo?.endCursor && setCursors([...cursors, pageInfo.endCursor])}
            data-testid="next-page"
          >
            {t('log.next')}
          </button>
        </div>
      </section>
      {selectedEvent && <EventDetail id={selectedEvent} onClose={() => open(undefined)} />}
    </div>
  );
}

function draftOf(filter: AuditEventFilter): Record<FilterKey, string> {
  return {
    username: filter.username ?? '',
    agency: filter.agency ?? '',
    purpose: filter.purpose ?? '',
    subjectIdNumber: filter.subjectIdNumber ?? '',
    from: toLocalInput(filter.from),
    to: toLocalInput(filter.to),
    outcome: filter.outcome ?? '',
  };
}
