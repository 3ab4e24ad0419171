import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCheckpointSigner } from '../../audit/checkpoint';
import { checkpointPublicJwks, generateCheckpointKeyPair, loadOrCreateCheckpointKey, readCheckpointPublicKeyFile } from '../../audit/checkpointKeys';
import { createCheckpointWitness } from '../../audit/witness';
import { createAuditWriter } from '../../audit/writer';
import { createAuditTestDatabase, createWitnessTestDatabase, sampleRecord, tamper, type AuditTestDatabase } from './auditTestDatabase';

/** `npm run audit:verify` as an operator runs it: a process, its output and its exit status. */

const ROOT = path.resolve(__dirname, '../..');
let audit: AuditTestDatabase;
let witness: AuditTestDatabase;
let workdir: string;
const otherKey = generateCheckpointKeyPair();

function auditVerify(env: Record<string, string>, args: string[] = [], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const { DATABASE_URL: _server, AUDIT_PUBLIC_KEYS: _keys, AUDIT_WITNESS_URL: _witness, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'bin/auditVerify.ts'), ...args],
      { cwd, env: { ...inherited, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  audit = await createAuditTestDatabase('cli');
  witness = await createWitnessTestDatabase('cli');
  workdir = await mkdtemp(path.join(os.tmpdir(), 'govgraph-audit-cli-'));
  // The development key file as `npm start` keeps it, in the working directory the CLI runs in.
  const key = await loadOrCreateCheckpointKey(path.join(workdir, '.data/audit-checkpoint-key.json'));
  const writer = createAuditWriter({
    db: audit.db,
    chainId: 'gateway-1',
    checkpoint: { signer: createCheckpointSigner(key), everyRecords: 4, everyMs: 3_600_000 },
    witness: createCheckpointWitness({ auditDb: audit.db, witnessDb: witness.db }),
  });
  for (let index = 0; index < 6; index += 1) await writer.append(sampleRecord());
  await writer.close();
});

afterAll(async () => {
  await audit?.drop();
  await witness?.drop();
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

describe('the checkpoint key file', () => {
  it('is created once, readable only by its owner, and gives the same key afterwards', async () => {
    const file = path.join(workdir, '.data/audit-checkpoint-key.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateCheckpointKey(file);
    const [publicKey] = (await readCheckpointPublicKeyFile(file))!;
    expect(publicKey!.equals(again.publicKey)).toBe(true);
    expect(await readCheckpointPublicKeyFile(path.join(workdir, 'missing.json'))).toBeUndefined();
  });
});

describe('npm run audit:verify', () => {
  it('exits 0 on an intact log, verifying checkpoints with the key file of the working directory and comparing the witness', async () => {
    const { code, stdout, stderr } = await auditVerify({ AUDIT_DATABASE_URL: audit.url, AUDIT_WITNESS_URL: witness.url }, [], workdir);
    expect(stderr).toContain('.data/audit-checkpoint-key.json');
    expect(stderr).toContain('comparing with the witness AUDIT_WITNESS_URL');
    expect(stdout).toMatch(/chain gateway-1: 6 records intact.*checkpoints 2\/2 verified, latest seq 6 .*; witness holds 2, latest seq 6/);
    expect(stdout).toContain('intact: 1 chain(s), 6 records');
    expect(code).toBe(0);
  });

  it('exits 2 without any public key, saying where to get one, before reading anything', async () => {
    const elsewhere = path.join(workdir, 'elsewhere');
    await mkdir(elsewhere);
    const { code, stdout, stderr } = await auditVerify({ AUDIT_DATABASE_URL: audit.url, AUDIT_WITNESS_URL: witness.url }, [], elsewhere);
    expect(stderr).toContain('no public key to check checkpoints with: set AUDIT_PUBLIC_KEYS');
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('exits 2 without a witness unless told --without-witness, and says what is then not detected', async () => {
    const missing = await auditVerify({ AUDIT_DATABASE_URL: audit.url }, [], workdir);
    expect(missing.stderr).toContain('no checkpoint witness: set AUDIT_WITNESS_URL');
    expect(missing.code).toBe(2);
    const absent = await auditVerify({ AUDIT_DATABASE_URL: audit.url, AUDIT_WITNESS_URL: witness.url.replace(/\/[^/]+$/, '/gg_no_such_witness') }, [], workdir);
    expect(absent.stderr).toContain('does not exist');
    expect(absent.code).toBe(2);
    const without = await auditVerify({ AUDIT_DATABASE_URL: audit.url }, ['--without-witness'], workdir);
    expect(without.stderr).toContain('a tail cut together with its checkpoints is not detected');
    expect(without.code).toBe(0);
  });

  it('exits 1 when the checkpoints were signed by a key it was not given', async () => {
    const { code, stdout } = await auditVerify(
      { AUDIT_DATABASE_URL: audit.url, AUDIT_WITNESS_URL: witness.url, AUDIT_PUBLIC_KEYS: JSON.stringify(checkpointPublicJwks([otherKey.publicKey])) },
      ['--json'],
      workdir,
    );
    expect(JSON.parse(stdout)).toMatchObject({ intact: false, firstFailure: { chainId: 'gateway-1', seq: 4, kind: 'checkpoint-unknown-key' } });
    expect(code).toBe(1);
  });

  it('exits 1 naming the chain, seq and id of the first record that fails', async () => {
    const [row] = await audit.db.query<{ id: string }>(`SELECT id FROM audit_events WHERE chain_id = 'gateway-1' AND seq = 3`);
    await tamper(audit.url, (client) => client.query(`UPDATE audit_events SET record = jsonb_set(record, '{caseRef}', 'null') WHERE seq = 3`));
    const { code, stdout } = await auditVerify({ AUDIT_DATABASE_URL: audit.url, AUDIT_WITNESS_URL: witness.url }, [], workdir);
    expect(stdout).toContain(`FAILED: chain gateway-1, seq 3, record ${row!.id}: hash-mismatch`);
    expect(code).toBe(1);
  });

  it('exits 1 naming the records cut from the end with their checkpoints, which only the witness remembers', async () => {
    await tamper(audit.url, async (client) => {
      await client.query(`DELETE FROM audit_events WHERE seq > 2`);
      await client.query(`DELETE FROM audit_checkpoints WHERE seq > 2`);
    });
    const alone = await auditVerify({ AUDIT_DATABASE_URL: audit.url }, ['--without-witness'], workdir);
    expect(alone.code).toBe(0);
    const { code, stdout } = await auditVerify({ AUDIT_DATABASE_URL: audit.url, AUDIT_WITNESS_URL: witness.url }, [], workdir);
    expect(stdout).toMatch(/FAILED: chain gateway-1, seq 4, record \(missing\), checkpoint \d+: checkpoint-beyond-chain: .*seqs 3 to 6 were removed from the end/);
    expect(code).toBe(1);
  });

  it('exits 2 when there is no audit log to verify', async () => {
    const missing = audit.url.replace(/\/[^/]+$/, '/gg_no_such_audit');
    const { code, stderr } = await auditVerify({ AUDIT_DATABASE_URL: missing, AUDIT_WITNESS_URL: witness.url }, [], workdir);
    expect(stderr).toContain('does not exist');
    expect(code).toBe(2);
  });
});
