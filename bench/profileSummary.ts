/**
 * Where a CPU profile's time went (node --cpu-prof, e.g. `npm run bench:peers -- --profile DIR`): self time
 * by area — govgraph's own folders, each package under node_modules, node's internals — and the top functions.
 *
 *   npx tsx bench/profileSummary.ts FILE.cpuprofile [top=25] [inclusive=REGEX]
 * With a third argument, also the inclusive time (self and callees) of the functions whose name matches it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArgument, inclusivePattern] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profileSummary.ts FILE.cpuprofile [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArgument ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function areaOf(url: string, name: string): string {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1]!;
  const own = /\/(gateway|policies|identity|audit|subgraphs|runtime|bench)\/(?:([^/]+)\/)?/.exec(url);
  if (own) return `govgraph ${own[1]}${own[2] && !own[2].includes('.') ? `/${own[2]}` : ''}`;
  if (url.startsWith('node:') || url === '') return 'node internals';
  return url;
}

const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of self) {
  const { callFrame } = byId.get(id)!;
  const area = areaOf(callFrame.url, callFrame.functionName);
  areas.set(area, (areas.get(area) ?? 0) + time);
  const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(node_modules\/|work\/[^/]+\/[^/]+\/)/, '')}:${callFrame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + time);
}
const busy = total - (areas.get('(idle)') ?? 0);
const line = (name: string, time: number) => `  ${((time / busy) * 100).toFixed(1).padStart(5)} %  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}`;
console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy of ${(total / 1000).toFixed(0)} ms (shares are of busy time)`);
console.log('by area:');
for (const [name, time] of [...areas].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(name, time));
console.log('top functions (self):');
for (const [name, time] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) if (!name.startsWith('(idle)')) console.log(line(name, time));

if (inclusivePattern) {
  const pattern = new RegExp(inclusivePattern);
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, time] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      if (!pattern.test(functionName) || url.includes('node_modules')) continue;
      const name = `${functionName} ${url.replace(/^.*\/(work\/[^/]+\/[^/]+\/|tmp\/[^/]+\/)/, '')}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + time);
    }
  }
  console.log(`inclusive (/${inclusivePattern}/):`);
  for (const [name, time] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(name, time));
}
