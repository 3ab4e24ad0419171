import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../shared/i18n';
import { purposeLabel } from '../shared/purposes';
import { AnswerError } from './AnswerError';
import { useAuditGraph, useAuditQuery } from './auditGraph';
import {
  REVIEW_AUDIT_EVENT,
  REVIEW_KINDS,
  REVIEW_QUEUE,
  type AuditReview,
  type Connection,
  type ReviewItem,
  type ReviewKind,
  type ReviewQueueFilter,
} from './auditQueries';
import { agencyLabel, codeLabel, formatTime } from './format';
import type { ConsolePage } from './hashRoute';
import { OutcomeBadge } from './OutcomeBadge';

const PAGE_SIZE = 20;
type Navigate = (page: ConsolePage, params?: Record<string, string | undefined>) => void;

function filterOf(params: URLSearchParams): ReviewQueueFilter {
  const kind = params.get('kind');
  const state = params.get('state');
  return {
    ...((REVIEW_KINDS as readonly string[]).includes(kind ?? '') ? { kind: kind as ReviewKind } : {}),
    ...(state === 'open' ? { reviewed: false } : state === 'reviewed' ? { reviewed: true } : {}),
  };
}

/**
 * The privacy officers' review queue: break-glass uses, budget refusals and out-of-scope attempts, newest
 * first, filtered by kind and review state; an item opens beside the list, where it is marked reviewed
 * with a note (the console's one write, audited by the gateway like every read).
 */
export function ReviewQueue(props: { params: URLSearchParams; navigate: Navigate }) {
  const { t, locale } = useI18n();
  const filter = useMemo(() => filterOf(props.params), [props.params]);
  const filterKey = JSON.stringify(filter);
  const selectedId = props.params.get('item') ?? undefined;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // Bumped after a review is saved: the list is read again to show the new state.
  const [version, setVersion] = useState(0);
  useEffect(() => setCursors([null]), [filterKey]);
  const after = cursors[cursors.length - 1] ?? null;
  const state = useAuditQuery<{ auditReviewQueue: Connection<ReviewItem> }>(
    REVIEW_QUEUE,
    { filter, first: PAGE_SIZE, ...(after ? { after } : {}) },
    `${filterKey}|${after ?? ''}|${version}`,
  );
  const edges = state.status === 'done' ? state.data.auditReviewQueue.edges : [];
  const pageInfo = state.status === 'done' ? state.data.auditReviewQueue.pageInfo : undefined;

  // The open item: from the list when it is there, else as last seen (a reviewed item leaves the "not reviewed" list).
  const [selected, setSelected] = useState<ReviewItem>();
  const listed = edges.find((edge) => edge.node.id === selectedId)?.node;
  useEffect(() => {
    if (listed) setSelected(listed);
    else if (!selectedId) setSelected(undefined);
  }, [listed, selectedId]);

  const go = (params: Record<string, string | undefined>) =>
    props.navigate('queue', { kind: filter.kind, state: props.params.get('state') ?? undefined, item: selectedId, ...params });
  const onReviewed = (review: AuditReview) => {
    setSelected((item) => item && { ...item, reviewed: true, latestReview: review, reviews: [review, ...item.reviews] });
    setVersion((value) => value + 1);
  };

  return (
    <div className={`log-layout ${selectedId ? 'with-detail' : ''}`}>
      <section className="log-main">
        <div className="filters card" data-testid="queue-filters">
          <p className="hint queue-explain">{t('queue.explain')}</p>
          <label className="field">
            {t('queue.kind')}
            <select value={filter.kind ?? ''} onChange={(event) => go({ kind: event.target.value || undefined, item: undefined })} data-testid="queue-kind">
              <option value="">{t('queue.any')}</option>
              {REVIEW_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`queue.kind.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('queue.state')}
            <select value={props.params.get('state') ?? ''} onChange={(event) => go({ state: event.target.value || undefined, item: undefined })} data-testid="queue-state">
              <option value="">{t('queue.any')}</option>
              <option value="open">{t('queue.state.open')}</option>
              <option value="reviewed">{t('queue.state.reviewed')}</option>
            </select>
          </label>
        </div>

        <AnswerError state={state} />
        <div className="table-scroll">
          <table className="data log-table" data-testid="queue-table">
            <thead>
              <tr>
                <th>{t('queue.time')}</th>
                <th>{t('queue.kind')}</th>
                <th>{t('queue.who')}</th>
                <th>{t('queue.purpose')}</th>
                <th>{t('queue.what')}</th>
                <th>{t('queue.state')}</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => (
                <tr
                  key={node.id}
                  className={node.id === selectedId ? 'selected' : undefined}
                  onClick={() => go({ item: node.id })}
                  data-testid="queue-row"
                  data-record-id={node.id}
                  data-kind={node.kind}
                >
                  <td className="nowrap">{formatTime(node.time, locale)}</td>
                  <td>
                    <span className={`badge kind ${node.kind.toLowerCase()}`}>{t(`queue.kind.${node.kind}`)}</span>
                  </td>
                  <td>
                    <div>{node.user?.username ?? t('log.anonymous')}</div>
                    <div className="muted small">{agencyLabel(t, node.user?.agency)}</div>
                  </td>
                  <td>
                    {purposeLabel(node.purpose, locale)}
                    {node.caseRef && <div className="mono small">{node.caseRef}</div>}
                  </td>
                  <td>
                    <Codes codes={node.codes} />
                    {node.justification && (
                      <div className="small justification" data-testid="queue-justification">
                        “{node.justification}”
                      </div>
                    )}
                  </td>
                  <td data-testid="queue-state-cell">
                    <ReviewState item={node} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {state.status === 'done' && edges.length === 0 && <p className="muted">{t('queue.empty')}</p>}
        {state.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
        <div className="pager">
          <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('log.previous')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!pageInfo?.hasNextPage}
            onClick={() => pageInfo?.endCursor && setCursors([...cursors, pageInfo.endCursor])}
          >
            {t('log.next')}
          </button>
        </div>
      </section>
      {selectedId && selected && <ReviewDetail key={selected.id} item={selected} onClose={() => go({ item: undefined })} onReviewed={onReviewed} navigate={props.navigate} />}
    </div>
  );
}

function Codes({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  if (codes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain codes">
      {codes.map((code) => (
        <li key={code}>
          <code>{code}</code> <span className="small">{codeLabel(t, code)}</span>
        </li>
      ))}
    </ul>
  );
}

function ReviewState({ item }: { item: ReviewItem }) {
  const { t, locale } = useI18n();
  if (!item.reviewed || !item.latestReview) return <span className="badge open">{t('queue.state.open')}</span>;
  return (
    <>
      <span className="badge reviewed">{t('queue.state.reviewed')}</span>
      <div className="small muted">{t('queue.reviewedBy', { username: item.latestReview.reviewer.username, time: formatTime(item.latestReview.reviewedAt, locale) })}</div>
      <div className="small review-note" data-testid="queue-latest-note">
        {item.latestReview.note}
      </div>
    </>
  );
}

/** One item: who, when, why, what was overridden or refused, its reviews, and the form to add one. */
function ReviewDetail(props: { item: ReviewItem; onClose(): void; onReviewed(review: AuditReview): void; navigate: Navigate }) {
  const { t, locale } = useI18n();
  const ask = useAuditGraph();
  const { item } = props;
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; record: string } | { ok: false; message: string }>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim() || saving) return;
    setSaving(true);
    setOutcome(undefined);
    try {
      const answer = await ask<{ reviewAuditEvent: AuditReview }>(REVIEW_AUDIT_EVENT, { id: item.id, note: note.trim() });
      const review = answer.data?.reviewAuditEvent;
      if (review && !answer.errors?.length) {
        setOutcome({ ok: true, record: answer.extensions?.privacy?.auditRecordId ?? '—' });
        setNote('');
        props.onReviewed(review);
      } else {
        const error = answer.errors?.[0];
        setOutcome({ ok: false, message: `${error?.extensions?.code ?? `HTTP ${answer.status}`} ${error?.message ?? ''}` });
      }
    } catch (error) {
      setOutcome({ ok: false, message: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <aside className="event-detail card" data-testid="queue-detail" aria-label={t('queue.detail')}>
      <header className="detail-header">
        <h2>{t(`queue.kind.${item.kind}`)}</h2>
        <button type="button" className="link-button dark" onClick={props.onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      <dl className="facts">
        <dt>{t('detail.recordId')}</dt>
        <dd className="mono small">{item.id}</dd>
        <dt>{t('queue.time')}</dt>
        <dd>{formatTime(item.time, locale)}</dd>
        <dt>{t('queue.who')}</dt>
        <dd data-testid="queue-detail-user">
          {item.user ? (
            <>
              {item.user.username} · {agencyLabel(t, item.user.agency)} · <span className="mono">{item.user.roles.join(', ')}</span>
            </>
          ) : (
            t('log.anonymous')
          )}
        </dd>
        <dt>{t('log.purpose')}</dt>
        <dd>{purposeLabel(item.purpose, locale)}</dd>
        <dt>{t('detail.caseRef')}</dt>
        <dd className="mono">{item.caseRef ?? '—'}</dd>
        <dt>{t('log.outcome')}</dt>
        <dd>
          <OutcomeBadge outcome={item.outcome} />
        </dd>
        <dt>{t('queue.what')}</dt>
        <dd>
          <Codes codes={item.codes} />
        </dd>
        <dt>{t('queue.justification')}</dt>
        <dd data-testid="queue-detail-justification">{item.justification ?? <span className="muted">{t('queue.noJustification')}</span>}</dd>
      </dl>
      <p>
        <button type="button" className="link-button dark" onClick={() => props.navigate('log', { event: item.id })}>
          {t('queue.openEvent')}
        </button>
      </p>

      <h3>{t('queue.history')}</h3>
      {item.reviews.length === 0 ? (
        <p className="muted">{t('queue.noReviews')}</p>
      ) : (
        <ul className="plain reviews" data-testid="queue-reviews">
          {item.reviews.map((review) => (
            <li key={review.id} data-testid="queue-review">
              <div className="small muted">{t('queue.reviewedBy', { username: review.reviewer.username, time: formatTime(review.reviewedAt, locale) })}</div>
              <div className="review-note">{review.note}</div>
            </li>
          ))}
        </ul>
      )}

      <form className="review-form" onSubmit={submit}>
        <label className="field">
          {t('queue.note')}
          <textarea value={note} onChange={(event) => setNote(event.target.value)} placeholder={t('queue.notePlaceholder')} maxLength={2000} rows={3} data-testid="queue-note" />
        </label>
        <button type="submit" className="primary" disabled={!note.trim() || saving} data-testid="queue-mark-reviewed">
          {saving ? t('queue.saving') : item.reviewed ? t('queue.reviewAgain') : t('queue.markReviewed')}
        </button>
        {outcome?.ok && (
          <p className="small" role="status" data-testid="queue-saved">
            {t('queue.saved', { record: outcome.record })}
          </p>
        )}
        {outcome && !outcome.ok && (
          <p className="error" role="alert" data-testid="queue-save-failed">
            {t('queue.saveFailed')} {outcome.message}
          </p>
        )}
      </form>
    </aside>
  );
}
