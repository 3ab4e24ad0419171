import { definePurpose } from '../purpose';
import { deny, mask } from '../rules';
import {
  ENTERPRISE_DISCLOSURE,
  PIPL_LAWFULLY_DISCLOSED,
  PIPL_MINIMUM_NECESSITY,
  PIPL_STATE_ORGAN_LIMITS,
  PIPL_STATUTORY_DUTY,
} from './laws';

/** The financial-risk "three-colour card": enterprises, their lawsuits, penalties and suspicious reports. */
export const financialRiskMonitoring = definePurpose({
  name: 'financial-risk-monitoring',
  title: '金融风险监测',
  description:
    'Monitoring enterprises for financial risk (illegal fundraising, money laundering): enterprises, their court cases and administrative penalties, suspicious-transaction reports. Persons appear masked; amounts as bands; no accounts.',
  legalBasis: [
    PIPL_STATUTORY_DUTY,
    PIPL_STATE_ORGAN_LIMITS,
    PIPL_MINIMUM_NECESSITY,
    PIPL_LAWFULLY_DISCLOSED,
    ENTERPRISE_DISCLOSURE,
    '《中华人民共和国反洗钱法》（2024年修订）关于大额交易和可疑交易报告制度的规定',
    '《防范和处置非法集资条例》关于非法集资监测预警的规定',
  ],
  roles: ['risk-analyst', 'bank-compliance'],
  caseRef: { required: false },
  coveredTypes: [
    'Enterprise',
    'EnterpriseConnection',
    'EnterpriseEdge',
    'Case',
    'CaseParty',
    'Party',
    'CaseConnection',
    'CaseEdge',
    'AdministrativePenalty',
    'SuspiciousTransactionReport',
    'SuspiciousTransactionReportConnection',
    'SuspiciousTransactionReportEdge',
    'PageInfo',
    'Person',
  ],
  kindRules: {
    ID_NUMBER: mask('pseudonym', 'the same person behind several enterprises or cases links without being identified'),
    PERSON_NAME: mask('surname'),
    PHONE: deny('contact data is not a risk signal'),
    ADDRESS: mask('district'),
    BIRTH_DATE: deny('age is not a risk signal'),
    MONEY_AMOUNT: mask('band', 'the order of magnitude is the signal'),
    BANK_ACCOUNT: deny('accounts stay with the banks; reports are enough'),
    FREE_TEXT: deny('narratives are not needed to rate risk'),
    CRIMINAL: deny('involvement in criminal matters is sensitive personal information and not needed to rate risk'),
  },
  // The risk signal about a person is the dishonest-debtor flag; beside it and the county, anything more of the
  // person (name, birth year, ethnicity, a second county) would leave a few dozen people.
  fieldRules: {
    'Person.name': deny('the risk is the enterprise’s: a person is followed by pseudonym and dishonest-debtor status, not by name'),
    'Person.currentAddress': deny('the county of registration is enough; a second county narrows a person to a few hundred'),
    'Person.ethnicity': deny('not a risk signal'),
  },
});
