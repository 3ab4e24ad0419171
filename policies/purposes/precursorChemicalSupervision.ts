import { definePurpose } from '../purpose';
import { ENTERPRISE_DISCLOSURE, PIPL_STATE_ORGAN_LIMITS, PIPL_STATUTORY_DUTY } from './laws';

/** Supervision of precursor chemicals: enterprises, their permits, inspections and penalties; no persons. */
export const precursorChemicalSupervision = definePurpose({
  name: 'precursor-chemical-supervision',
  title: '易制毒化学品监管',
  description:
    'Supervising the purchase and transport of precursor chemicals: enterprises, their precursor-chemical permits, inspections and administrative penalties. No personal data.',
  legalBasis: [
    '《易制毒化学品管理条例》第二条：国家对易制毒化学品的生产、经营、购买、运输和进口、出口实行分类管理和许可制度',
    '《易制毒化学品管理条例》第三条：公安、市场监督管理等部门在各自的职责范围内负责易制毒化学品有关管理工作',
    ENTERPRISE_DISCLOSURE,
    PIPL_STATUTORY_DUTY,
    PIPL_STATE_ORGAN_LIMITS,
  ],
  roles: ['market-inspector', 'police-investigator'],
  caseRef: { required: false },
  coveredTypes: [
    'Enterprise',
    'EnterpriseConnection',
    'EnterpriseEdge',
    'PageInfo',
    'PrecursorPermit',
    'Inspection',
    'AdministrativePenalty',
  ],
  // No kind rules: the covered types carry no personal data. Should one gain a classified field, it is
  // denied (no rule) and validation asks for a decision.
  kindRules: {},
  fieldRules: {},
});
