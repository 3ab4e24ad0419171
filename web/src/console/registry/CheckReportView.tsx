import { useI18n } from '../../shared/i18n';
import type { MessageKey } from '../../shared/messages';
import { purposeLabel } from '../../shared/purposes';
import { formatTime } from '../format';
import { SeverityBadge } from './RegistryBadges';
import { FINDING_CHECKS, type BrokenOperation, type CheckReport, type Finding } from './registryQueries';
import { groupByCheck } from './reportGroups';

/**
 * A check report as the registry wrote it: the verdict first (blocking, needs approval, or clean), then the
 * findings grouped by check, most severe first, each with its field, its fix, and — for the operations
 * check — the recorded operations it would break, how often they ran, for which purposes and applications.
 */
export function CheckReportView({ report }: { report: CheckReport }) {
  const { t } = useI18n();
  const verdict = report.blocking ? 'blocking' : report.needsApproval ? 'approval' : 'clean';
  return (
    <section className="check-report" data-testid="check-report" data-blocking={String(report.blocking)} data-needs-approval={String(report.needsApproval)}>
      <h3>{t('registry.report.title')}</h3>
      <p className={`report-verdict verdict-${verdict}`} data-testid="report-verdict">
        {verdict === 'blocking' ? t('registry.report.blocking') : verdict === 'approval' ? t('registry.report.needsApproval') : t('registry.report.clean')}
      </p>
      {report.findings.length === 0 && <p className="muted">{t('registry.report.noFindings')}</p>}
      {groupByCheck(report.findings).map(([check, findings]) => (
        <div key={check} className="finding-group" data-testid="finding-group" data-check={check}>
          <h4>
            {(FINDING_CHECKS as readonly string[]).includes(check) ? t(`registry.check.${check}` as MessageKey) : check}{' '}
            <span className="muted small">{t('registry.report.findings', { count: findings.length })}</span>
          </h4>
          <ul className="plain findings">
            {findings.map((finding, index) => (
              <FindingItem key={`${finding.coordinate ?? ''}#${index}`} finding={finding} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  const { t } = useI18n();
  return (
    <li className={`finding severity-${finding.severity}`} data-testid="finding" data-check={finding.check} data-severity={finding.severity} data-coordinate={finding.coordinate ?? ''}>
      <div className="finding-head">
        <SeverityBadge severity={finding.severity} />
        {finding.coordinate && (
          <code className="finding-coordinate" title={t('registry.report.coordinate')} data-testid="finding-coordinate">
            {finding.coordinate}
          </code>
        )}
      </div>
      <div className="finding-message" data-testid="finding-message">
        {finding.message}
      </div>
      {finding.fix && (
        <div className="finding-fix small" data-testid="finding-fix">
          <strong>{t('registry.report.fix')}</strong>
          {finding.fix}
        </div>
      )}
      {finding.operations && finding.operations.length > 0 && <BrokenOperations operations={finding.operations} />}
    </li>
  );
}

function BrokenOperations({ operations }: { operations: readonly BrokenOperation[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="broken-operations">
      <div className="small muted">{t('registry.report.brokenOperations')}</div>
      <table className="data compact" data-testid="broken-operations">
        <thead>
          <tr>
            <th>{t('registry.report.operation')}</th>
            <th>{t('registry.report.count')}</th>
            <th>{t('registry.report.purposes')}</th>
            <th>{t('registry.report.applications')}</th>
            <th>{t('registry.report.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {operations.map((operation) => (
            <tr key={operation.documentHash} data-testid="broken-operation" data-document-hash={operation.documentHash}>
              <td>
                <div data-testid="broken-operation-name">{operation.name ?? <span className="muted">{t('registry.report.anonymousOperation')}</span>}</div>
                <div className="mono small muted" title={`${t('registry.report.documentHash')} ${operation.documentHash}`}>
                  {operation.documentHash.slice(0, 16)}…
                </div>
              </td>
              <td className="numeric" data-testid="broken-operation-count">
                {operation.count}
              </td>
              <td data-testid="broken-operation-purposes">
                {operation.purposes.map((purpose) => (
                  <div key={purpose} title={purpose}>
                    {purposeLabel(purpose, locale)}
                  </div>
                ))}
              </td>
              <td className="mono small" data-testid="broken-operation-applications">
                {operation.applications.length > 0 ? operation.applications.join(', ') : '—'}
              </td>
              <td className="nowrap">{formatTime(operation.lastSeen, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
