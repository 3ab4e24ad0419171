import { createHash } from 'node:crypto';
import { DISTRICT_BOUND_ROLES } from './jurisdiction';
import { MASK_STRATEGIES } from './masks';
import type { Purpose } from './purpose';
import { PURPOSE_LIST } from './purposes';

/** JSON with object keys sorted and RegExps as their source: the same policies always hash the same. */
function canonical(value: unknown): string {
  if (value instanceof RegExp) return JSON.stringify(String(value));
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined && typeof inner !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The policy bundle's revision (like OPA's bundle `revision`): a short hash over the purposes, the
 * strategies' descriptions and the district-bound roles. Audit records name it, so one can tell which
 * policy decided.
 */
export function policyRevision(purposes: readonly Purpose[] = PURPOSE_LIST): string {
  const strategies = Object.values(MASK_STRATEGIES).map(({ name, description, kinds, scalars }) => ({
    name,
    description,
    kinds,
    scalars,
  }));
  return createHash('sha256')
    .update(canonical({ purposes, strategies, districtBoundRoles: DISTRICT_BOUND_ROLES }))
    .digest('hex')
    .slice(0, 16);
}
