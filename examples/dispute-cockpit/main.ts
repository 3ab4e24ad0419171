import { operation, type ExampleProgram } from '../kit/runExample';

interface Party {
  role: string;
  person: {
    name: string;
    district: string;
    petitions: { id: string; category: string; status: string; receivedAt: string }[];
    cases: { caseNumber: string; causeOfAction: string; status: string; filedAt: string }[];
    incidents: { category: string; reportedAt: string }[];
  } | null;
}

/**
 * 瑞安 复杂矛盾纠纷"模块+专班": the mediation team opens a dispute and sees, for each party, their
 * petitions, court cases and the categories of police incidents they were in — one agreed operation,
 * under the dispute as the case reference. Names come back masked (王**): the purpose does not need them.
 */
const disputeCockpit: ExampleProgram = async (context) => {
  if (!context.caseRef) throw new Error('name the dispute: --case TJ-…');
  const { data } = await context.client.run<{ dispute: null | { id: string; module: string; complexityGrade: string; mediator: string; outcome: string; district: string; registeredAt: string; parties: Party[] } }>(
    operation(context, 'DisputeParties'),
    { purpose: context.application.purpose, caseRef: context.caseRef, variables: { id: context.caseRef } },
  );
  const dispute = data.dispute;
  if (!dispute) return [`纠纷 ${context.caseRef} 未找到`];
  const lines = [
    `矛盾纠纷 ${dispute.id}  类别 ${dispute.module}  复杂程度 ${dispute.complexityGrade}  状态 ${dispute.outcome}`,
    `  受理 ${dispute.registeredAt.slice(0, 10)}  调解员 ${dispute.mediator}  地区 ${dispute.district}`,
  ];
  for (const party of dispute.parties) {
    const person = party.person;
    if (!person) continue;
    lines.push(`  ${party.role} ${person.name}（${person.district}）`);
    lines.push(`    信访 ${person.petitions.length} 件${person.petitions.map((petition) => `：${petition.category}（${petition.status}）`).join('')}`);
    lines.push(`    诉讼 ${person.cases.length} 件${person.cases.map((court) => `：${court.causeOfAction}（${court.status}）`).join('')}`);
    const categories = countBy(person.incidents.map((incident) => incident.category));
    lines.push(`    警情 ${person.incidents.length} 起${[...categories].map(([category, count]) => `：${category} ${count}`).join('')}`);
  }
  const repeat = dispute.parties.filter((party) => (party.person?.petitions.length ?? 0) > 0 && (party.person?.cases.length ?? 0) > 0);
  lines.push(`研判：${repeat.length > 0 ? `${repeat.length} 名当事人既有信访又有诉讼，建议专班联合化解` : '当事人无信访诉讼交叉，按常规调解'}`);
  return lines;
};

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

export default disputeCockpit;
