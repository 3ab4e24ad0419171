import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The house rules for imports (.dependency-cruiser.cjs): no cycles, no agency's subgraph importing another's,
 * and the packages an agency takes to its own repository (the subgraph kit, the access context, the
 * observability package, the policies) using nothing of this repository but each other. Checked over the
 * whole source by dependency-cruiser, as `npm run lint:imports` does; and over a small tree that breaks each
 * rule once, so that a rule that stopped matching would fail here rather than pass everything.
 */
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const run = promisify(execFile);

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** The violations dependency-cruiser finds in `folders`, relative to `cwd`. */
async function violations(cwd: string, folders: readonly string[]): Promise<string[]> {
  // It exits non-zero on a violation; the JSON on stdout is the answer either way.
  const { stdout } = await run(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...folders], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort();
}

it('the source keeps every rule', async () => {
  const script = (require(path.join(ROOT, 'package.json')) as { scripts: Record<string, string> }).scripts['lint:imports']!;
  const folders = script.split(' ').slice(3); // depcruise --config <file> <folders…>
  expect(folders).toEqual(expect.arrayContaining(['gateway', 'subgraphs', 'packages', 'policies', 'registry', 'agreements']));
  expect(await violations(ROOT, folders)).toEqual([]);
}, 60_000);

it('each rule still catches what it is there for', async () => {
  expect(await violations(path.join(__dirname, '..', 'fixtures', 'imports'), ['gateway', 'runtime', 'subgraphs'])).toEqual([
    'no-agency-imports-another: subgraphs/court/courtResolvers.ts → subgraphs/police/policeLoaders.ts',
    'no-circular: gateway/cycleA.ts → gateway/cycleB.ts',
    'packages-stand-alone: subgraphs/kit/kitLogger.ts → runtime/runtimeLog.ts',
  ]);
}, 60_000);
