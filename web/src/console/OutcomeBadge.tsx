import { useI18n } from '../shared/i18n';
import type { AuditOutcome, FieldEffect } from './auditQueries';
import { effectLabel, outcomeLabel } from './format';

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useI18n();
  return <span className={`badge ${outcome.toLowerCase()}`}>{outcomeLabel(t, outcome)}</span>;
}

export function EffectBadge({ effect, strategy }: { effect: FieldEffect; strategy: string | null }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${effect.toLowerCase()}`}>
      {effectLabel(t, effect)}
      {strategy ? ` · ${strategy}` : ''}
    </span>
  );
}
