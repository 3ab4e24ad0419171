import { definePurpose } from '../purpose';
import { allow } from '../rules';
import {
  ANTI_TELECOM_FRAUD_FUNDS,
  CRIMINAL_PROCEDURE_EVIDENCE,
  PIPL_EMERGENCY_PROPERTY,
  PIPL_SENSITIVE_INFORMATION,
  PIPL_STATE_ORGAN_LIMITS,
  PIPL_STATUTORY_DUTY,
} from './laws';

/** A police investigator working one telecom-fraud case: follow the money, stop the payment. */
export const fraudInvestigation = definePurpose({
  name: 'fraud-investigation',
  title: '电信网络诈骗侦查',
  description:
    'Investigating a registered telecom/network fraud case: victims and account holders in clear, the fraud case, payee accounts, their flagged transactions and stop-payment orders, and police incidents.',
  legalBasis: [
    PIPL_STATUTORY_DUTY,
    PIPL_EMERGENCY_PROPERTY,
    PIPL_SENSITIVE_INFORMATION,
    PIPL_STATE_ORGAN_LIMITS,
    ANTI_TELECOM_FRAUD_FUNDS,
    CRIMINAL_PROCEDURE_EVIDENCE,
  ],
  roles: ['police-investigator'],
  caseRef: {
    required: true,
    description: 'the id of the fraud case (电诈案件) under investigation',
    pattern: /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/,
  },
  coveredTypes: [
    'Person',
    'FraudCase',
    'Account',
    'AccountHolder',
    'FlaggedTransaction',
    'StopPaymentOrder',
    'Enterprise',
    'Incident',
    'IncidentInvolvement',
    'IncidentConnection',
    'IncidentEdge',
    'PageInfo',
  ],
  kindRules: {
    ID_NUMBER: allow('identifying victims and payees is the investigation'),
    PERSON_NAME: allow(),
    PHONE: allow('fraud runs over phones'),
    ADDRESS: allow(),
    BIRTH_DATE: allow(),
    BANK_ACCOUNT: allow('following the money means following accounts'),
    MONEY_AMOUNT: allow('losses and transfers must match to the yuan'),
    FREE_TEXT: allow('incident reports are the police’s own records'),
    CRIMINAL: allow('the investigation is about criminal involvement'),
  },
  fieldRules: {},
  identifiesSubjects: {
    who: 'the victim of the fraud case, its payee accounts and their holders',
    legalBasis: [CRIMINAL_PROCEDURE_EVIDENCE, ANTI_TELECOM_FRAUD_FUNDS],
  },
  caseRecordsOnly: {
    'Incident.summary': 'the incident reports of the case’s victim and account holders',
  },
  // A fraud case can have dozens of payee accounts and holders; its case bounds the reach.
  budgets: { subjectsPerUserHour: 200, identifierLookupsPerOperation: 20, identifierLookupsPerUserHour: 200 },
});
