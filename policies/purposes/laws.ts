/**
 * Provisions several purposes rely on, cited once. Each purpose adds the sector law that gives it the task.
 * Where the article number of a recently revised law is not pinned here, the provision is cited by its content.
 */
export const PIPL_STATUTORY_DUTY =
  '《中华人民共和国个人信息保护法》第十三条第一款第三项：为履行法定职责或者法定义务所必需';
export const PIPL_STATE_ORGAN_LIMITS =
  '《个人信息保护法》第三十四条：国家机关为履行法定职责处理个人信息，不得超出履行法定职责所必需的范围和限度';
export const PIPL_MINIMUM_NECESSITY =
  '《个人信息保护法》第六条：处理个人信息应当具有明确、合理的目的，限于实现处理目的的最小范围';
export const PIPL_SENSITIVE_INFORMATION =
  '《个人信息保护法》第二十八条：金融账户等敏感个人信息，仅在具有特定的目的和充分的必要性并采取严格保护措施的情形下处理';
export const PIPL_EMERGENCY_PROPERTY =
  '《个人信息保护法》第十三条第一款第四项：紧急情况下为保护自然人的生命健康和财产安全所必需';
export const PIPL_LAWFULLY_DISCLOSED =
  '《个人信息保护法》第十三条第一款第六项：在合理的范围内处理已经合法公开的个人信息（企业登记、行政处罚、失信被执行人名单）';
export const PIPL_DE_IDENTIFICATION =
  '《个人信息保护法》第五十一条第三项：采取加密、去标识化等安全技术措施';
export const ENTERPRISE_DISCLOSURE =
  '《企业信息公示暂行条例》第六条：市场监督管理部门公示注册登记、行政处罚等企业信息';
export const CRIMINAL_PROCEDURE_EVIDENCE =
  '《中华人民共和国刑事诉讼法》第五十四条：公安机关有权向有关单位和个人收集、调取证据';
export const ANTI_TELECOM_FRAUD_FUNDS =
  '《中华人民共和国反电信网络诈骗法》第二十条：涉案资金即时查询、紧急止付、快速冻结、及时解冻和资金返还制度';
export const PIPL_ACCESS_RIGHT =
  '《个人信息保护法》第四十四条、第四十五条：个人对其个人信息的处理享有知情权，有权查阅、复制其个人信息';
export const PIPL_COMPLIANCE_AUDIT =
  '《中华人民共和国个人信息保护法》第五十四条：个人信息处理者应当定期对其处理个人信息遵守法律、行政法规的情况进行合规审计';
