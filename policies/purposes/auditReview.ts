import { definePurpose } from '../purpose';
import { allow } from '../rules';
import { PIPL_ACCESS_RIGHT, PIPL_COMPLIANCE_AUDIT, PIPL_STATE_ORGAN_LIMITS } from './laws';
import { AUDIT_GRAPH_TYPES } from './auditGraph';

/** The privacy officer's review of who accessed what, and citizens' "who looked at my data" requests. */
export const auditReview = definePurpose({
  name: 'audit-review',
  title: '个人信息处理审计',
  description:
    'Reviewing the audit trail of cross-department queries and answering data subjects’ access requests. Sees the audit graph only, never agency data.',
  legalBasis: [
    PIPL_COMPLIANCE_AUDIT,
    PIPL_ACCESS_RIGHT,
    '《中华人民共和国数据安全法》第二十七条：建立健全全流程数据安全管理制度',
    PIPL_STATE_ORGAN_LIMITS,
  ],
  roles: ['privacy-officer'],
  caseRef: { required: false },
  // PageInfo: the audit graph's connections page with the graph's shared PageInfo (no data of its own).
  coveredTypes: [...AUDIT_GRAPH_TYPES, 'PageInfo'],
  kindRules: {
    ID_NUMBER: allow('a subject access request is answered by the requester’s ID number'),
    PERSON_NAME: allow('the officer reviews named accesses'),
  },
  // Every classified field of the audit graph, decided one by one: the review exists to show who looked at whom.
  fieldRules: {
    'AuditUser.username': allow('the officer must see who looked: each access is accountable to a named official (PIPL art. 54)'),
    'AuditUserStatistics.username': allow('anomalies are reviewed per official, so the officer must know whose activity it is'),
    'AuditSubject.display': allow('whether the caller saw the subject masked or in clear is what the review checks'),
    'SubjectAccessReport.idNumber': allow('the requester’s own ID number, typed by the officer answering their access request (PIPL art. 45)'),
    'AuditEvent.variables': allow('what was asked is the evidence under review; the gateway pseudonymised personal values before writing them'),
    'AuditBreakGlass.justification': allow('why the official overrode a limit is exactly what the break-glass review judges'),
    'AuditOperation.document': allow('the operation as sent is the evidence under review; the gateway pseudonymised its literal arguments before writing it'),
    'AuditReviewItem.justification': allow('a break-glass use is reviewed against the justification its caller gave'),
    'AuditReview.note': allow('the officers’ own review notes: what the review found, kept beside the record'),
  },
  identifiesSubjects: {
    who: 'the requester of a subject access request, by their own ID number, and the officials whose accesses are reviewed',
    legalBasis: [PIPL_ACCESS_RIGHT, PIPL_COMPLIANCE_AUDIT],
  },
});
