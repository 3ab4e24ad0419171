import { definePurpose } from '../purpose';
import { allow } from '../rules';
import {
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
    '《中华人民共和国反电信网络诈骗法》第二十条：涉案资金即时查询、紧急止付、快速冻结、及时解冻和资金返还制度',
    '《中华人民共和国刑事诉讼法》第五十四条：公安机关有权向有关单位和个人收集、调取证据',
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
});
