import { weightedTable } from '../random';

/** 信访 and 矛调 vocabulary. `{district}` and `{city}` in templates are filled with the place's names. */

export const PETITION_CHANNELS = weightedTable<string>([['网上信访', 35], ['来访', 30], ['12345热线', 25], ['来信', 10]]);

export interface PetitionCategory {
  category: string;
  /** Appended to the district's name: 余杭区 + 人力资源和社会保障局. */
  handlingUnit: string;
  respondents: readonly string[];
  contents: readonly string[];
}

export const PETITION_CATEGORIES = weightedTable<PetitionCategory>([
  [{
    category: '劳动争议', handlingUnit: '人力资源和社会保障局',
    respondents: ['{city}某建筑劳务有限公司', '{city}某餐饮管理有限公司', '{city}某电子有限公司', '{city}某物流有限公司'],
    contents: ['反映用人单位拖欠工资三个月，要求督促支付。', '反映公司未依法缴纳社会保险，要求补缴。', '反映被公司违法解除劳动合同，要求支付经济补偿。', '反映工地包工头拖欠农民工工资，要求协调解决。'],
  }, 20],
  [{
    category: '征地拆迁', handlingUnit: '房屋征收管理办公室',
    respondents: ['{district}某街道办事处', '{district}某镇人民政府'],
    contents: ['反映征收补偿标准偏低，要求重新评估。', '反映安置房迟迟未交付，过渡费已停发。', '对拆迁评估结果有异议，要求公开评估依据。'],
  }, 18],
  [{
    category: '民生政策', handlingUnit: '民政局',
    respondents: ['{district}民政局', '{district}医疗保障局'],
    contents: ['咨询医保报销政策及异地就医备案流程。', '反映低保申请未获批准，要求说明理由。', '咨询养老保险补缴政策。', '反映残疾人补贴未按时发放。'],
  }, 18],
  [{
    category: '城乡建设', handlingUnit: '住房和城乡建设局',
    respondents: ['{city}某房地产开发有限公司', '{city}某物业管理有限公司'],
    contents: ['反映所购商品房延期交付，开发商拒绝支付违约金。', '反映小区物业服务不到位，公共收益去向不明。', '反映住宅漏水，开发商拒不维修。'],
  }, 14],
  [{
    category: '村社事务', handlingUnit: '农业农村局',
    respondents: ['{district}某村村民委员会', '{district}某社区居民委员会'],
    contents: ['反映村集体经济收益分配不公开。', '反映村务公开不及时，要求公开财务账目。', '反映宅基地审批程序不规范。'],
  }, 10],
  [{
    category: '环境保护', handlingUnit: '生态环境分局',
    respondents: ['{district}某工业园区企业', '{city}某化工有限公司'],
    contents: ['反映附近企业夜间排放异味气体。', '反映河道有污水直排。', '反映工地扬尘严重。'],
  }, 8],
  [{
    category: '涉法涉诉', handlingUnit: '人民法院',
    respondents: ['{district}人民法院'],
    contents: ['对民事判决结果不服，要求重新审理。', '反映案件执行进度缓慢，要求加快执行。'],
  }, 7],
  [{
    category: '教育', handlingUnit: '教育局',
    respondents: ['{district}某培训学校', '{district}教育局'],
    contents: ['反映子女入学学区划分不合理。', '反映校外培训机构停业后退费难。'],
  }, 5],
]);

export const PETITION_STATUSES = weightedTable<string>([['已办结', 50], ['办理中', 25], ['已受理', 15], ['已转办', 5], ['不予受理', 5]]);

export interface DisputeModule {
  module: string;
  summaries: readonly string[];
}

export const DISPUTE_MODULES = weightedTable<DisputeModule>([
  [{ module: '邻里纠纷', summaries: ['双方因相邻通行问题产生矛盾。', '楼上楼下因房屋漏水维修费用分担发生纠纷。', '双方因宅基地界址发生争议。'] }, 20],
  [{ module: '婚姻家庭', summaries: ['夫妻因家庭琐事矛盾激化，一方要求离婚。', '子女因老人赡养费用分担发生纠纷。', '兄弟姐妹因遗产分割发生争议。'] }, 15],
  [{ module: '劳动争议', summaries: ['员工与雇主因工资结算发生纠纷。', '工人在工作中受伤，双方就赔偿金额协商未果。'] }, 15],
  [{ module: '民间借贷', summaries: ['双方因借款到期未还发生纠纷。', '出借人要求归还借款本息，借款人称已部分归还。'] }, 12],
  [{ module: '物业纠纷', summaries: ['业主以服务质量差为由拒交物业费。', '业主与物业公司因车位管理发生争议。'] }, 10],
  [{ module: '交通事故', summaries: ['双方就交通事故损害赔偿金额协商未果。', '电动自行车与行人相撞，双方就医药费分担发生争议。'] }, 8],
  [{ module: '消费纠纷', summaries: ['消费者与商家因退换货发生纠纷。', '预付卡商家停业，消费者要求退款。'] }, 8],
  [{ module: '征地拆迁', summaries: ['被征收人对补偿评估结果有异议。', '双方就安置房分配顺序发生争议。'] }, 6],
  [{ module: '合同纠纷', summaries: ['双方因装修工程质量及尾款支付发生纠纷。', '双方因租赁合同提前解除发生争议。'] }, 4],
  [{ module: '医疗纠纷', summaries: ['患者家属对诊疗结果不满，要求医院赔偿。'] }, 2],
]);

export const COMPLEXITY_GRADES = weightedTable<string>([['一般', 70], ['较大', 25], ['重大', 5]]);
export const DISPUTE_OUTCOMES = weightedTable<string>([['调解成功', 55], ['调解中', 20], ['调解不成转诉讼', 15], ['已撤回', 10]]);
