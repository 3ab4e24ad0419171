import { ACCOUNT_HOLDERS, PERSON_DETAILS, type CaseKind } from './caseKinds';
import { subjectKey, type CaseFile } from './caseFile';

/** One query to one agency's subgraph, on the caller's behalf (a signed access context, like every fetch). */
export type SubgraphQuery = (subgraph: string, query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The owner's answer could not be had or read: the case is neither verified nor refused. */
export class CaseUnverifiable extends Error {
  override name = 'CaseUnverifiable';
}

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => (Array.isArray(value) ? value.filter((item): item is Row => item !== null && typeof item === 'object') : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads a case from its owner (caseKinds.ts), then what the other agencies know of its subjects: the
 * holders of its accounts (bank), the persons' names and incidents (police). Undefined when the owner
 * knows no such case — or hides it from this caller (another district's row).
 */
export async function readCaseFile(kind: CaseKind, ref: string, query: SubgraphQuery): Promise<CaseFile | undefined> {
  const found = (await query(kind.lookup.subgraph, kind.lookup.query, { id: ref })).case as Row | null | undefined;
  if (!found) return undefined;
  const status = text(found.status);
  const district = text(found.district);
  if (status === undefined || district === undefined) throw new CaseUnverifiable(`the ${kind.ownerAgency} service answered without a status or district`);
  const subjects = new Set<string>();
  const records = new Set<string>([subjectKey(kind.recordType, ref)]);
  const persons = new Set<string>();
  const addPerson = (person: unknown) => {
    const idNumber = text((person as Row | null)?.idNumber);
    if (idNumber) persons.add(idNumber);
  };
  for (const party of rows(found.parties)) {
    addPerson(party.person);
    for (const petition of rows((party.person as Row | null)?.petitions)) if (text(petition.id)) records.add(subjectKey('Petition', String(petition.id)));
  }
  addPerson(found.victim);
  const accounts = rows(found.payeeAccounts).flatMap((account) => (text(account.accountNumber) ? [String(account.accountNumber)] : []));
  if (accounts.length > 0) {
    const holders = await query(ACCOUNT_HOLDERS.subgraph, ACCOUNT_HOLDERS.query, {
      representations: accounts.map((accountNumber) => ({ __typename: 'Account', accountNumber })),
    });
    for (const account of rows(holders._entities)) {
      const holder = account.holder as Row | null;
      if (holder?.__typename === 'Person') addPerson(holder);
      if (holder?.__typename === 'Enterprise' && text(holder.creditCode)) subjects.add(subjectKey('Enterprise', String(holder.creditCode)));
    }
    for (const accountNumber of accounts) subjects.add(subjectKey('Account', accountNumber));
  }
  const names: string[] = [];
  if (persons.size > 0) {
    const details = await query(PERSON_DETAILS.subgraph, PERSON_DETAILS.query, {
      representations: [...persons].map((idNumber) => ({ __typename: 'Person', idNumber })),
    });
    for (const person of rows(details._entities)) {
      if (text(person.name)) names.push(String(person.name));
      if (kind.subjectIncidentsAreRecords) for (const incident of rows(person.incidents)) if (text(incident.id)) records.add(subjectKey('Incident', String(incident.id)));
    }
  }
  for (const idNumber of persons) subjects.add(subjectKey('Person', idNumber));
  return Object.freeze({ kind: kind.name, id: ref, status, district, subjects, names: Object.freeze(names), records });
}
