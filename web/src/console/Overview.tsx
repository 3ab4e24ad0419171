import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import { useI18n, type Translate } from '../shared/i18n';
import { purposeLabel } from '../shared/purposes';
import { AnswerError } from './AnswerError';
import { useAuditQuery } from './auditGraph';
import { USER_STATISTICS, type UserStatistics } from './auditQueries';
import { Chart } from './Chart';
import { agencyLabel, formatTime } from './format';
import type { ConsolePage } from './hashRoute';
import { bucketStarts, countTimeline } from './timeline';
import { TIMELINE_LIMIT, useTimelineEvents } from './useTimelineEvents';

const RANGES = { day: 24, week: 24 * 7, month: 24 * 30 } as const;
type Range = keyof typeof RANGES;
const PALETTE = ['#1c4f9c', '#0e7a4f', '#c2410c', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#64748b'];

function stacked(t: Translate, buckets: string[], series: Map<string, number[]>, label: (key: string) => string): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: buckets,
      datasets: [...series.entries()].map(([key, counts], index) => ({
        label: label(key),
        data: counts,
        backgroundColor: PALETTE[index % PALETTE.length],
        stack: 'all',
      })),
    },
    options: {
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('overview.accesses') } } },
    },
  };
}

/** At a glance: accesses per purpose and agency over time, refused attempts, and who is flagged. */
export function Overview(props: { navigate(page: ConsolePage, params?: Record<string, string | undefined>): void }) {
  const { t, locale } = useI18n();
  const [range, setRange] = useState<Range>('week');
  // The window ends at the next full hour, so it stays put while the page is open.
  const { from, to } = useMemo(() => {
    const end = new Date();
    end.setMinutes(60, 0, 0);
    return { from: new Date(end.getTime() - RANGES[range] * 3_600_000).toISOString(), to: end.toISOString() };
  }, [range]);
  const statistics = useAuditQuery<{ auditUserStatistics: UserStatistics[] }>(USER_STATISTICS, { from, to }, `${from}|${to}`);
  const events = useTimelineEvents(from, to);

  const hourly = range === 'day';
  const timeline = useMemo(() => {
    if (events.status !== 'done') return undefined;
    const format = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', hourly ? { hour: '2-digit', minute: '2-digit', hour12: false } : { month: '2-digit', day: '2-digit' });
    return countTimeline(events.data.events, bucketStarts(new Date(from), new Date(to), hourly), (start) => format.format(start));
  }, [events, from, to, hourly, locale]);

  const charts = useMemo(() => {
    if (!timeline) return undefined;
    const refused: ChartConfiguration = {
      type: 'line',
      data: { labels: timeline.buckets, datasets: [{ label: t('overview.refused'), data: timeline.refused, borderColor: '#b42318', backgroundColor: '#b42318', tension: 0 }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    };
    return {
      // '—': refused before a purpose was admitted, or before the caller was known.
      purpose: stacked(t, timeline.buckets, timeline.byPurpose, (key) => (key === '—' ? t('overview.noPurpose') : purposeLabel(key, locale))),
      agency: stacked(t, timeline.buckets, timeline.byAgency, (key) => (key === '—' ? t('overview.noAgency') : agencyLabel(t, key))),
      refused,
    };
  }, [timeline, t, locale]);

  const users = statistics.status === 'done' ? statistics.data.auditUserStatistics : [];
  const flagged = users.filter((user) => user.flags.length > 0);
  const refusedTotal = users.reduce((sum, user) => sum + user.refused, 0);
  const operationsTotal = users.reduce((sum, user) => sum + user.operations, 0);

  return (
    <div className="overview">
      <div className="range-picker" role="group" aria-label={t('overview.range')}>
        {(Object.keys(RANGES) as Range[]).map((key) => (
          <button key={key} type="button" className={key === range ? 'primary' : 'secondary'} onClick={() => setRange(key)} data-testid={`range-${key}`}>
            {t(`overview.range.${key}`)}
          </button>
        ))}
        <span className="muted small">
          {formatTime(from, locale)} – {formatTime(to, locale)}
        </span>
      </div>

      <div className="tiles">
        <div className="tile">
          <div className="tile-value" data-testid="tile-operations">
            {statistics.status === 'done' ? operationsTotal : '…'}
          </div>
          <div className="tile-label">{t('overview.operations')}</div>
        </div>
        <div className="tile">
          <div className="tile-value refused-value" data-testid="tile-refused">
            {statistics.status === 'done' ? refusedTotal : '…'}
          </div>
          <div className="tile-label">{t('overview.refused')}</div>
        </div>
        <div className="tile">
          <div className="tile-value">{statistics.status === 'done' ? users.length : '…'}</div>
          <div className="tile-label">{t('overview.users')}</div>
        </div>
        <div className={`tile ${flagged.length > 0 ? 'alert' : ''}`}>
          <div className="tile-value" data-testid="tile-flagged">
            {statistics.status === 'done' ? flagged.length : '…'}
          </div>
          <div className="tile-label">{t('overview.flaggedUsers')}</div>
        </div>
      </div>

      <section className="card anomalies" data-testid="anomalies">
        <h2>{t('overview.anomalies')}</h2>
        <AnswerError state={statistics} />
        {statistics.status === 'done' && flagged.length === 0 && <p className="muted">{t('overview.noAnomalies')}</p>}
        {flagged.length > 0 && (
          <table className="data compact">
            <thead>
              <tr>
                <th>{t('log.user')}</th>
                <th>{t('overview.operations')}</th>
                <th>{t('overview.refused')}</th>
                <th>{t('overview.distinctSubjects')}</th>
                <th>{t('overview.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {flagged.map((user) => (
                <tr key={user.username} data-testid="anomaly-row">
                  <td>
                    <button type="button" className="link-button dark" onClick={() => props.navigate('log', { username: user.username, from, to })}>
                      {user.username}
                    </button>
                    <div className="muted small">{agencyLabel(t, user.agency)}</div>
                  </td>
                  <td>{user.operations}</td>
                  <td>{user.refused}</td>
                  <td>
                    {user.distinctSubjects} <span className="muted small">({t('overview.perHourMax', { count: user.maxDistinctSubjectsPerHour })})</span>
                  </td>
                  <td>
                    {user.anomalies.map((anomaly) => (
                      <div key={anomaly.flag} className="flag">
                        <span className="badge deny">{t(`flag.${anomaly.flag}`)}</span>{' '}
                        <span className="small">
                          {anomaly.observed} / {anomaly.threshold}
                          {anomaly.at ? ` · ${formatTime(anomaly.at, locale)}` : ''}
                        </span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <AnswerError state={events} />
      {events.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {events.status === 'done' && events.data.truncated && <p className="notice">{t('overview.truncated', { limit: TIMELINE_LIMIT })}</p>}
      {charts && (
        <div className="chart-grid">
          <section className="card">
            <h2>{t('overview.byPurpose')}</h2>
            <Chart config={charts.purpose} label={t('overview.byPurpose')} testId="chart-purpose" />
          </section>
          <section className="card">
            <h2>{t('overview.byAgency')}</h2>
            <Chart config={charts.agency} label={t('overview.byAgency')} testId="chart-agency" />
          </section>
          <section className="card">
            <h2>{t('overview.refusedOverTime')}</h2>
            <Chart config={charts.refused} label={t('overview.refusedOverTime')} testId="chart-refused" />
          </section>
        </div>
      )}
    </div>
  );
}
