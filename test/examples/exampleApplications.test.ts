import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLE_APPLICATIONS, exampleApplication } from '../../examples/catalog';
import { readOperations } from '../../examples/kit/operations';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * The five seed systems' programs, each spawned as an application team would run it (`npm run example --
 * <name>`, only GOVGRAPH_URL and OIDC_ISSUER given) against a whole system whose seed holds their
 * agreements; and the README's walk-through: a changed operation is refused until its sharing request is
 * approved, then runs.
 */
jest.setTimeout(180_000);

const PREFIX = `gg_examples_apps_${process.pid}`;
const ROOT = path.join(__dirname, '..', '..');
let system: RunningSystem;
let scratch: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runExample(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'example.ts'), ...args], {
    cwd: ROOT,
    // Only what an application is given: where the gateway and the identity provider are.
    env: { PATH: process.env.PATH ?? '', GOVGRAPH_URL: system.gateway.url, OIDC_ISSUER: system.identityProvider.issuer },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function auditedRuns(clientId: string): Promise<{ application?: string; agreementId?: string; outcome: string; operation: { name: string | null } }[]> {
  const rows = await system.audit.db.query<{ record: any }>(`SELECT record FROM audit_events WHERE record->>'client' = $1 ORDER BY seq`, [clientId]);
  return rows.map((row) => row.record);
}

beforeAll(async () => {
  system = await startTestSystem(PREFIX);
  scratch = mkdtempSync(path.join(tmpdir(), 'govgraph-examples-'));
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await system?.stop();
  await dropSystemDatabases(PREFIX);
});

const EXPECTED: Record<string, RegExp[]> = {
  'dispute-cockpit': [/矛盾纠纷 TJ-2025-330110-00001 {2}类别 民间借贷/, /申请人 王\*+（330110）/, /被申请人 张\*+（331004）/, /诉讼 \d+ 件：民间借贷纠纷/, /研判：/],
  'anti-fraud': [/电诈案件 DZ-2025-00000001 {2}手法 虚假投资理财/, /受害人 李秀英 {2}损失 56,800 元/, /收款账户 6222021203001234565（中国工商银行，已冻结）持有人 张伟/, /紧急止付 ZF-2025-0000001 .* 56,800 元 {2}已止付/, /可疑转出 2 笔/],
  'risk-card': [/^红卡 {2}台州路桥汇通投资有限公司（91331004MA2J8L4Q7U/m, /可疑交易报告 3 份/, /^黄卡 {2}杭州建国建材有限公司/m, /行政处罚 1 次/],
  precursor: [/杭州建国建材有限公司（91330110MA2H3K7P6N，存续）/, /许可证 YZDG-330110-2025-0018 {2}购买 盐酸 5000 kg {2}2025-03-01 至 2025-08-31 {2}已过期/, /处罚 杭余市监罚处〔2024〕18号/, /需关注 1 张/],
  'litigation-source': [/^诉源治理 全部地区/m, /法院收案 \d+：/, /信访件 \d+：/, /警情 \d+：/, /地区分布（前 5）：\d{6} \d+/],
};

describe.each(EXAMPLE_APPLICATIONS.map((example) => [example.name, example] as const))('npm run example -- %s', (name, example) => {
  it('exits 0 with its result, every operation run under its seeded agreement and audited naming both', async () => {
    const run = await runExample([name]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const pattern of EXPECTED[name]!) expect(run.stdout).toMatch(pattern);
    const records = await auditedRuns(example.clientId);
    const operations = [...readOperations(example.operationsFile).keys()];
    const ran = records.filter((record) => record.operation.name !== null && operations.includes(record.operation.name));
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((record) => record.outcome === 'allowed' && record.application === example.clientId && typeof record.agreementId === 'string')).toBe(true);
    // Exactly the seeded agreement of this application.
    const agreements = await system.agreements.db.query<{ id: string }>('SELECT id FROM agreements WHERE client_id = $1', [example.clientId]);
    expect(agreements.map((agreement) => agreement.id)).toEqual([...new Set(ran.map((record) => record.agreementId))]);
  });
});

describe('a changed operation: refused until its sharing request is approved (the README walk-through)', () => {
  it('refuses the changed file, submits it with --request, and runs it once the stewards and the privacy officer approved', async () => {
    const example = exampleApplication('precursor')!;
    const changed = path.join(scratch, 'precursor.graphql');
    // The team adds the permits' district: a new document, which no agreement covers.
    writeFileSync(changed, readFileSync(example.operationsFile, 'utf8').replace('validUntil\n', 'validUntil\n      district\n'));
    const refused = await runExample(['precursor', '--operations', changed]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^refused: OPERATION_NOT_AGREED — /);
    const latest = (await auditedRuns(example.clientId)).at(-1)!;
    expect(latest).toMatchObject({ outcome: 'refused', application: 'app-precursor' });

    const submitted = await runExample(['precursor', '--request', '--operations', changed]);
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const requestId = /sharing request ([0-9a-f-]{36})/.exec(submitted.stdout)?.[1];
    expect(requestId).toBeDefined();
    // Still refused while approvals are pending.
    expect((await runExample(['precursor', '--operations', changed])).stderr).toMatch(/OPERATION_NOT_AGREED/);

    const issuer = system.identityProvider.issuer;
    const ask = async (username: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${system.gateway.url}/agreements/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await passwordToken(issuer, username)}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const pending = await ask('officer.qian', 'query($id: ID!) { sharingRequest(id: $id) { approvals { seat status } } }', { id: requestId });
    expect(pending.errors).toBeUndefined();
    for (const { seat } of pending.data.sharingRequest.approvals as { seat: string }[]) {
      const approver = seat === 'privacy-officer' ? 'officer.qian' : `steward.${seat.slice('data-steward:'.length)}`;
      const decided = await ask(approver, 'mutation($id: ID!) { decideSharingRequest(id: $id, decision: APPROVE, reason: "test") { status } }', { id: requestId });
      expect(decided.errors).toBeUndefined();
    }
    const approved = await ask('officer.qian', 'query($id: ID!) { sharingRequest(id: $id) { status agreement { id status } } }', { id: requestId });
    expect(approved.data.sharingRequest).toMatchObject({ status: 'APPROVED', agreement: { status: 'IN_FORCE' } });

    // The gateway hears of the agreement by NOTIFY; within its poll interval at the latest.
    let run = await runExample(['precursor', '--operations', changed]);
    for (let attempt = 0; run.code !== 0 && attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      run = await runExample(['precursor', '--operations', changed]);
    }
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/许可证 YZDG-330110-2025-0018/);
    expect((await auditedRuns(example.clientId)).at(-1)).toMatchObject({ outcome: 'allowed', agreementId: approved.data.sharingRequest.agreement.id });
  });

  it('exits 2 with the usage for an unknown example', async () => {
    const unknown = await runExample(['no-such-example']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^usage: npm run example -- <dispute-cockpit\|anti-fraud\|risk-card\|precursor\|litigation-source>/);
  });
});
