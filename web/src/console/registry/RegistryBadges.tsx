import { useI18n, type Translate } from '../../shared/i18n';
import type { MessageKey } from '../../shared/messages';
import { FINDING_SEVERITIES, VERSION_STATUSES } from './registryQueries';

/** A version's status in words; a status the console does not know shows as it came. */
export function statusLabel(t: Translate, status: string): string {
  return (VERSION_STATUSES as readonly string[]).includes(status) ? t(`registry.status.${status}` as MessageKey) : status;
}

/** A version's status in words and colour. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const known = (VERSION_STATUSES as readonly string[]).includes(status);
  return (
    <span className={`badge status-${known ? status : 'unknown'}`} data-testid="version-status" data-status={status}>
      {statusLabel(t, status)}
    </span>
  );
}

/** A finding's severity as text (never colour alone) and colour: blocking red, approval amber, warning yellow, info grey. */
export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useI18n();
  const known = (FINDING_SEVERITIES as readonly string[]).includes(severity);
  return (
    <span className={`badge severity-${known ? severity : 'unknown'}`} data-testid="finding-severity" data-severity={severity}>
      {known ? t(`registry.severity.${severity}` as MessageKey) : severity}
    </span>
  );
}
