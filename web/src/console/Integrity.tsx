import { useState } from 'react';
import { useI18n } from '../shared/i18n';
import { AnswerError } from './AnswerError';
import { useAuditQuery } from './auditGraph';
import { INTEGRITY, type IntegrityReport } from './auditQueries';
import { formatTime } from './format';

/** Is the log intact? The chain verification, per gateway chain, and the latest signed checkpoint. */
export function Integrity() {
  const { t, locale } = useI18n();
  const [run, setRun] = useState(1);
  const state = useAuditQuery<{ auditIntegrity: IntegrityReport }>(INTEGRITY, undefined, String(run));
  const report = state.status === 'done' ? state.data.auditIntegrity : undefined;
  return (
    <div className="integrity">
      <div className="range-picker">
        <button type="button" className="secondary" onClick={() => setRun(run + 1)} disabled={state.status === 'loading'}>
          {t('integrity.verifyAgain')}
        </button>
      </div>
      <AnswerError state={state} />
      {state.status === 'loading' && <p className="muted">{t('integrity.verifying')}</p>}
      {report && (
        <>
          <section className={`card verdict ${report.intact ? 'intact' : 'broken'}`} data-testid="integrity-verdict">
            <h2>{report.intact ? t('integrity.intact') : t('integrity.broken')}</h2>
            <p className="muted">
              {t('integrity.verifiedAt')} {formatTime(report.verifiedAt ?? new Date().toISOString(), locale)} · {t('integrity.signatures')}{' '}
              <span className="mono">{report.checkpointSignatures}</span>
            </p>
          </section>
          {report.chains.map((chain) => (
            <section key={chain.chainId} className="card chain" data-testid="integrity-chain">
              <h2 className="mono">{chain.chainId}</h2>
              <dl className="facts">
                <dt>{t('integrity.records')}</dt>
                <dd>{chain.records.toLocaleString()}</dd>
                <dt>{t('integrity.head')}</dt>
                <dd className="mono small">
                  #{chain.headSeq ?? '—'} {chain.headHash ?? ''}
                </dd>
                <dt>{t('integrity.checkpoints')}</dt>
                <dd>
                  {chain.checkpointsVerified} / {chain.checkpointsTotal}
                </dd>
                {chain.failure && (
                  <>
                    <dt>{t('integrity.failure')}</dt>
                    <dd className="error">
                      <code>{chain.failure.kind}</code> #{chain.failure.seq} {chain.failure.message}
                    </dd>
                  </>
                )}
              </dl>
              <h3>{t('integrity.latestCheckpoint')}</h3>
              {chain.latestCheckpoint ? (
                <dl className="facts" data-testid="latest-checkpoint">
                  <dt>{t('integrity.signedAt')}</dt>
                  <dd>{formatTime(chain.latestCheckpoint.signedAt, locale)}</dd>
                  <dt>{t('integrity.position')}</dt>
                  <dd className="mono">#{chain.latestCheckpoint.seq}</dd>
                  <dt>hash</dt>
                  <dd className="mono small">{chain.latestCheckpoint.hash}</dd>
                  <dt>{t('integrity.key')}</dt>
                  <dd className="mono small">{chain.latestCheckpoint.keyId}</dd>
                  <dt>{t('integrity.signature')}</dt>
                  <dd>
                    <span className={`badge ${chain.latestCheckpoint.signature === 'valid' ? 'allow' : chain.latestCheckpoint.signature === 'not-verified' ? 'mask' : 'deny'}`}>
                      {chain.latestCheckpoint.signature}
                    </span>
                  </dd>
                </dl>
              ) : (
                <p className="muted">{t('integrity.noCheckpoint')}</p>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
