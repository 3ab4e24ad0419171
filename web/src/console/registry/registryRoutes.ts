/**
 * The console's schema-registry pages (issue 12), by their place in the address fragment:
 * #/subgraphs?name=police&version=<id>, #/approvals, #/supergraphs, #/check?name=police.
 */
export type RegistryPage = 'subgraphs' | 'approvals' | 'supergraphs' | 'check';
export const REGISTRY_PAGES: readonly RegistryPage[] = Object.freeze(['subgraphs', 'approvals', 'supergraphs', 'check']);

export function isRegistryPage(page: string): page is RegistryPage {
  return (REGISTRY_PAGES as readonly string[]).includes(page);
}

export type RegistryNavigate = (page: RegistryPage, params?: Record<string, string | undefined>) => void;

/** Who reads the registry in the console: privacy officers decide, data stewards (and publishers) read. */
export const OFFICER_ROLE = 'privacy-officer';
const REGISTRY_READER_ROLES: readonly string[] = Object.freeze([OFFICER_ROLE, 'data-steward', 'schema-publisher']);

export function readsRegistry(roles: readonly string[]): boolean {
  return roles.some((role) => REGISTRY_READER_ROLES.includes(role));
}

/** The subgraphs in a steward's reading order: their own agency's first, the rest by name. */
export function ownAgencyFirst<Item extends { name: string }>(items: readonly Item[], agency: string | undefined): Item[] {
  return [...items].sort((a, b) => Number(b.name === agency) - Number(a.name === agency) || a.name.localeCompare(b.name));
}
