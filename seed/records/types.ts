import type { Gender } from '../identifiers/residentId';

/** Called once per person or enterprise a generator walks past, for progress reports. */
export type Tick = () => void;

/**
 * The synthetic records, one interface per kind, shaped like the agencies' tables (camelCase). Both
 * the demo cast and the random population are expressed as these, and tables/* turn them into rows.
 * Timestamps are 'YYYY-MM-DD HH:MM:SS+08', dates 'YYYY-MM-DD', amounts in yuan.
 */

export interface PersonRecord {
  idNumber: string;
  name: string;
  gender: Gender;
  birthDate: string;
  ethnicity: string;
  registeredAddress: string;
  currentAddress: string;
  phone: string;
  district: string;
}

export interface Involvement {
  idNumber: string;
  role: string;
}

export interface IncidentRecord {
  id: string;
  reportedAt: string;
  category: string;
  district: string;
  location: string;
  summary: string;
  involved: readonly Involvement[];
}

export interface PayeeAccount {
  accountNumber: string;
  amount: number;
}

export interface FraudCaseRecord {
  id: string;
  reportedAt: string;
  victimIdNumber: string;
  lossAmount: number;
  modus: string;
  status: string;
  district: string;
  payees: readonly PayeeAccount[];
}

export interface PrecursorPermitRecord {
  permitNumber: string;
  creditCode: string;
  kind: '购买' | '运输';
  chemical: string;
  quantityKg: number;
  validFrom: string;
  validUntil: string;
  district: string;
}

/** A person or an enterprise: exactly one of the two is set. */
export interface PartyReference {
  idNumber: string | null;
  creditCode: string | null;
}

export interface CourtCaseRecord {
  caseNumber: string;
  kind: '民事' | '刑事' | '行政' | '执行';
  causeOfAction: string;
  court: string;
  district: string;
  filedAt: string;
  status: string;
  claimAmount: number | null;
  judgmentAmount: number | null;
  parties: readonly (PartyReference & { role: string })[];
  dishonestDebtors: readonly (PartyReference & { listedAt: string })[];
}

export interface PetitionRecord {
  id: string;
  receivedAt: string;
  channel: string;
  category: string;
  content: string;
  status: string;
  handlingUnit: string;
  petitionerIdNumber: string;
  respondent: string;
  repeatCount: number;
  district: string;
}

export interface DisputeRecord {
  id: string;
  registeredAt: string;
  module: string;
  complexityGrade: string;
  summary: string;
  mediator: string;
  outcome: string;
  district: string;
  parties: readonly Involvement[];
}

export interface EnterpriseRecord {
  creditCode: string;
  name: string;
  legalRepIdNumber: string;
  registeredCapital: number;
  status: string;
  address: string;
  district: string;
  industry: string;
  establishedOn: string;
}

export interface InspectionRecord {
  id: string;
  creditCode: string;
  inspectedAt: string;
  inspectorUnit: string;
  result: string;
  notes: string;
}

export interface PenaltyRecord {
  decisionNumber: string;
  creditCode: string;
  decidedAt: string;
  violation: string;
  penaltyAmount: number;
  authority: string;
}

export interface ComplaintRecord {
  id: string;
  creditCode: string;
  complainantIdNumber: string | null;
  receivedAt: string;
  category: string;
  content: string;
  status: string;
}

export type AccountStatus = 'NORMAL' | 'FROZEN' | 'CLOSED';

export interface AccountRecord {
  accountNumber: string;
  bank: string;
  holderIdNumber: string | null;
  holderCreditCode: string | null;
  openedAt: string;
  status: AccountStatus;
  balance: number;
}

export interface FlaggedTransactionRecord {
  id: string;
  accountNumber: string;
  occurredAt: string;
  direction: 'IN' | 'OUT';
  amount: number;
  counterpartyAccount: string;
  counterpartyName: string;
  channel: string;
  flagReason: string;
}

export interface SuspiciousReportRecord {
  id: string;
  reportedAt: string;
  reportingBank: string;
  accountNumber: string;
  creditCode: string | null;
  reason: string;
  amountTotal: number;
}

export interface StopPaymentOrderRecord {
  id: string;
  accountNumber: string;
  fraudCaseId: string;
  issuedAt: string;
  amount: number;
  status: string;
}
