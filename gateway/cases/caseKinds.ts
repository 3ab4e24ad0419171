/**
 * The kinds of case a case-bound purpose names (issue 9, item 1), as data: which agency owns such cases,
 * the graph queries the gateway verifies a reference with, and how to read the answer — whether the case
 * is open, which district it lies in, who its subjects are and which records are its own. The verifier
 * (caseVerification.ts) runs these queries; caseStanding.ts decides from what they return.
 */

/** One step of a verification: a query to one agency's subgraph, its variables from what is known so far. */
export interface VerificationStep {
  readonly subgraph: string;
  readonly query: string;
}

export interface CaseKind {
  /** For people and the audit: "dispute", "fraud case". */
  readonly name: string;
  /** The purpose whose X-Case-Ref names a case of this kind. */
  readonly purpose: string;
  /** The agency that owns such cases; only its staff (their `agency` claim) work them. */
  readonly ownerAgency: string;
  /** The case record's own type, e.g. `Dispute`: its own narrative is one of the case's records. */
  readonly recordType: string;
  /** Whether its subjects' police incidents are records of the case (their narratives released). */
  readonly subjectIncidentsAreRecords: boolean;
  /** The statuses of an open case, as the owner records them; any other status is closed. */
  readonly openStatuses: readonly string[];
  /** Where a reference names the case's district (group 1), if it does: checked before any lookup. */
  readonly districtInReference?: RegExp;
  /** Where the case is looked up: its id as `$id`; the answer's root field is `case`. */
  readonly lookup: VerificationStep;
}

/**
 * 矛调中心 disputes, owned by the petitions office. `outcome` is its status: 调解中 (being mediated) is
 * open; 调解成功, 调解不成转诉讼 and 已撤回 end the mediation (seed/vocabulary/petitions.ts). The parties are
 * its subjects; their petitions are its records beside the dispute's own summary.
 */
export const DISPUTE_CASES: CaseKind = Object.freeze({
  name: 'dispute',
  purpose: 'dispute-resolution',
  ownerAgency: 'petitions',
  recordType: 'Dispute',
  subjectIncidentsAreRecords: false,
  openStatuses: Object.freeze(['调解中']),
  districtInReference: /^TJ-[0-9]{4}-([0-9]{6})-/,
  lookup: Object.freeze({
    subgraph: 'petitions',
    query: 'query CaseVerification($id: ID!) { case: dispute(id: $id) { id status: outcome district parties { person { idNumber petitions { id } } } } }',
  }),
});

/**
 * 电诈案件, owned by the police. 已立案 (registered) and 侦查中 (under investigation) are open; 已破案
 * (solved) and 移送起诉 (handed to the prosecutor) end the investigation (seed/vocabulary/police.ts). The
 * victim, the payee accounts and their holders (the bank knows them) are its subjects; their incidents
 * are its records.
 */
export const FRAUD_CASES: CaseKind = Object.freeze({
  name: 'fraud case',
  purpose: 'fraud-investigation',
  ownerAgency: 'police',
  recordType: 'FraudCase',
  subjectIncidentsAreRecords: true,
  openStatuses: Object.freeze(['已立案', '侦查中']),
  lookup: Object.freeze({
    subgraph: 'police',
    query: 'query CaseVerification($id: ID!) { case: fraudCase(id: $id) { id status district victim { idNumber } payeeAccounts { accountNumber } } }',
  }),
});

/** The holders of accounts, from the bank: `$representations` are the accounts. */
export const ACCOUNT_HOLDERS: VerificationStep = Object.freeze({
  subgraph: 'bank',
  query:
    'query CaseAccountHolders($representations: [_Any!]!) { _entities(representations: $representations) { ... on Account { accountNumber holder { __typename ... on Person { idNumber } ... on Enterprise { creditCode } } } } }',
});

/** The subjects' names (to mask them inside released narratives) and incidents, from the police. */
export const PERSON_DETAILS: VerificationStep = Object.freeze({
  subgraph: 'police',
  query:
    'query CasePersons($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { idNumber name incidents { id } } } }',
});

export const CASE_KINDS: readonly CaseKind[] = Object.freeze([DISPUTE_CASES, FRAUD_CASES]);

/** The kind of case a purpose's X-Case-Ref names, if it names one. */
export function caseKindOf(purpose: string): CaseKind | undefined {
  return CASE_KINDS.find((kind) => kind.purpose === purpose);
}
