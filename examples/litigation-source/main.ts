import { operation, type ExampleProgram } from '../kit/runExample';

type Rows = { edges: { node: { district: string } & Record<string, string> }[] };

/**
 * 嘉兴 诉源治理驾驶舱: disputes counted by category and district across the court (cases by cause of
 * action), the petitions office (petitions by category) and the police (incidents by category) — one
 * agreed operation, no names. A district code on the command line narrows it; by default all districts
 * (the latest 100 of each).
 */
const litigationSource: ExampleProgram = async (context) => {
  const district = context.args[0];
  const { data } = await context.client.run<{ cases: Rows; petitions: Rows; incidents: Rows }>(operation(context, 'DisputeSources'), {
    purpose: context.application.purpose,
    variables: district ? { district } : {},
  });
  const sources: [string, Rows, string][] = [
    ['法院收案', data.cases, 'causeOfAction'],
    ['信访件', data.petitions, 'category'],
    ['警情', data.incidents, 'category'],
  ];
  const lines = [`诉源治理 ${district ? `地区 ${district}` : '全部地区'}（各取最近 100 条）`];
  const byDistrict = new Map<string, number>();
  for (const [label, rows, categoryField] of sources) {
    const counts = new Map<string, number>();
    for (const { node } of rows.edges) {
      const category = node[categoryField] ?? '未分类';
      counts.set(category, (counts.get(category) ?? 0) + 1);
      byDistrict.set(node.district, (byDistrict.get(node.district) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
    lines.push(`  ${label} ${rows.edges.length}：${top.map(([category, count]) => `${category} ${count}`).join('，') || '无'}`);
  }
  const districts = [...byDistrict].sort((a, b) => b[1] - a[1]).slice(0, 5);
  lines.push(`  地区分布（前 5）：${districts.map(([code, count]) => `${code} ${count}`).join('，') || '无'}`);
  return lines;
};

export default litigationSource;
