/**
 * npm run audit:verify -- [--chain <id>]… [--json] [--without-witness]
 *
 * Checks the audit log: every chain's records (hash, link, no gap, columns) and every signed
 * checkpoint, the audit log's and the witness's. Exits 0 when intact, 1 naming the first record that
 * fails (chain, seq, id; for a cut tail the missing range), 2 when it could not verify at all (no
 * database, no public key, no witness, bad configuration).
 *
 * Database: AUDIT_DATABASE_URL, else `<DATABASE_PREFIX>_audit` on DATABASE_URL, else the embedded
 * PostgreSQL of `npm start` (reused while `npm start` runs, started otherwise).
 * Checkpoint keys: AUDIT_PUBLIC_KEYS (a JWKS or SPKI PEM blocks), else the public half of
 * .data/audit-checkpoint-key.json (the development key `npm start` keeps), else it refuses: unsigned
 * checkpoints prove nothing, and a chain rewritten whole would pass.
 * Witness: AUDIT_WITNESS_URL, else `<DATABASE_PREFIX>_audit_witness` on the same server; without one it
 * refuses unless --without-witness (then a tail cut together with its checkpoints goes unnoticed).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import pg from 'pg';
import { checkpointKeyId, DEFAULT_CHECKPOINT_KEY_FILE, parseCheckpointPublicKeys, readCheckpointPublicKeyFile } from '../audit/checkpointKeys';
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import { auditWitnessDatabaseName, openAuditWitnessDatabase } from '../audit/witnessDatabase';
import type { Database } from '../subgraphs/kit/database';
import { verifyAuditLog, type AuditVerificationReport, type ChainVerification } from '../audit/verify';
import { ConfigError, loadConfig } from '../runtime/config';
import { startEmbeddedPostgres } from '../runtime/embeddedPostgres';

const USAGE = `npm run audit:verify -- [--chain <id>]… [--json] [--without-witness]
  --chain <id>       verify only this chain (repeatable); default: every chain
  --json             print the report as JSON
  --without-witness  verify without the checkpoint witness (a tail cut with its checkpoints is then not detected)
Exit status: 0 intact, 1 a record or checkpoint fails (the first is named), 2 could not verify.`;

class UsageError extends Error {}
class CannotVerifyError extends Error {}

const log = (line: string) => console.error(`[audit:verify] ${line}`);

interface Arguments {
  chains: string[];
  json: boolean;
  withoutWitness: boolean;
  help: boolean;
}

function parseArguments(argv: readonly string[]): Arguments {
  const args: Arguments = { chains: [], json: false, withoutWitness: false, help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--json') args.json = true;
    else if (argument === '--without-witness') args.withoutWitness = true;
    else if (argument === '--help' || argument === '-h') args.help = true;
    else if (argument === '--chain') {
      const value = argv[(index += 1)];
      if (!value) throw new UsageError('--chain needs a chain id');
      args.chains.push(value);
    } else throw new UsageError(`unknown argument ${argument}\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const explicitUrl = config.audit.databaseUrl;
  // Before any connection: without a public key there is nothing to verify checkpoints with.
  const keys = await checkpointKeys(config.audit.publicKeys);
  if (!keys) {
    throw new CannotVerifyError(
      `no public key to check checkpoints with: set AUDIT_PUBLIC_KEYS (the JWKS \`npm run keys\` printed beside AUDIT_CHECKPOINT_KEY), or keep ${DEFAULT_CHECKPOINT_KEY_FILE} (npm start)`,
    );
  }

  const stack: (() => Promise<void>)[] = [];
  try {
    let serverUrl = config.databaseUrl;
    if (!explicitUrl && !serverUrl) {
      const { port, directory } = config.embeddedPostgres;
      const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
      if (await reachable(embeddedUrl)) {
        serverUrl = embeddedUrl;
      } else {
        if (!existsSync(path.join(directory, 'PG_VERSION'))) {
          throw new CannotVerifyError(`no audit log: no DATABASE_URL or AUDIT_DATABASE_URL, and no embedded PostgreSQL in ${directory} (run npm start first)`);
        }
        log(`starting embedded PostgreSQL on port ${port} (${directory})`);
        const embedded = await startEmbeddedPostgres({ port, directory, persistent: true });
        stack.push(() => embedded.stop());
        serverUrl = embedded.url;
      }
    }

    const name = explicitUrl ? 'AUDIT_DATABASE_URL' : auditDatabaseName(config.databasePrefix);
    // The verifier only reads: it creates and migrates nothing.
    const db = await openAuditDatabase({ serverUrl, prefix: config.databasePrefix, explicitUrl, migrate: false, onError: () => undefined });
    stack.push(() => db.close());
    try {
      const [tables] = await db.query<{ events: string | null }>(`SELECT to_regclass('audit_events')::text AS events`);
      if (!tables?.events) throw new CannotVerifyError(`${name} has no audit_events table: the audit log was never created there`);
    } catch (error) {
      if ((error as { code?: string }).code === '3D000') throw new CannotVerifyError(`no audit log: database ${name} does not exist (has the gateway run?)`);
      throw error;
    }

    const witness = args.withoutWitness ? undefined : await openWitness(serverUrl, config.databasePrefix, config.audit.witnessUrl);
    if (witness) stack.push(() => witness.db.close());
    log(`verifying ${name}; checkpoint signatures: key ${keys.keys.map(checkpointKeyId).join(', ')} (${keys.source})`);
    log(witness ? `comparing with the witness ${witness.name}` : 'without the witness (--without-witness): a tail cut together with its checkpoints is not detected');
    let nextProgress = 100_000;
    const report = await verifyAuditLog(db, {
      publicKeys: keys.keys,
      ...(witness ? { witness: witness.db } : {}),
      chainIds: args.chains.length > 0 ? args.chains : undefined,
      onProgress: (chainId, records) => {
        if (args.json || records < nextProgress) return;
        log(`  ${chainId}: ${records.toLocaleString('en')} records checked`);
        nextProgress = records + 100_000;
      },
    });
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
    return report.intact ? 0 : 1;
  } finally {
    while (stack.length > 0) await stack.pop()!().catch((error: Error) => log(`stop: ${error.message}`));
  }
}

/** The witness's database, checked to be one; refuses when there is none (the caller may pass --without-witness). */
async function openWitness(serverUrl: string | undefined, prefix: string, explicitUrl: string | undefined): Promise<{ db: Database; name: string }> {
  if (!explicitUrl && !serverUrl) throw new CannotVerifyError('no checkpoint witness: set AUDIT_WITNESS_URL (or DATABASE_URL), or pass --without-witness');
  const name = explicitUrl ? 'AUDIT_WITNESS_URL' : auditWitnessDatabaseName(prefix);
  const db = await openAuditWitnessDatabase({ serverUrl, prefix, explicitUrl, migrate: false, onError: () => undefined });
  try {
    const [tables] = await db.query<{ witness: string | null }>(`SELECT to_regclass('witness_checkpoints')::text AS witness`);
    if (!tables?.witness) throw new CannotVerifyError(`${name} has no witness_checkpoints table (run npm run migrate), or pass --without-witness`);
    return { db, name };
  } catch (error) {
    await db.close().catch(() => undefined);
    if ((error as { code?: string }).code === '3D000') {
      throw new CannotVerifyError(`no checkpoint witness: database ${name} does not exist (set AUDIT_WITNESS_URL, run npm run migrate, or pass --without-witness)`);
    }
    throw error;
  }
}

async function checkpointKeys(configured: string | undefined): Promise<{ keys: KeyObject[]; source: string } | undefined> {
  if (configured) return { keys: parseCheckpointPublicKeys(configured), source: 'AUDIT_PUBLIC_KEYS' };
  const fromFile = await readCheckpointPublicKeyFile(DEFAULT_CHECKPOINT_KEY_FILE);
  return fromFile ? { keys: fromFile, source: DEFAULT_CHECKPOINT_KEY_FILE } : undefined;
}

/** Whether a PostgreSQL server answers at `url` (`npm start` may be running the embedded one). */
async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function printReport(report: AuditVerificationReport): void {
  if (report.chains.length === 0) console.log('  no chains: the audit log is empty');
  for (const chain of report.chains) console.log(describeChain(chain, report.checkpointSignatures));
  const first = report.firstFailure;
  if (!first) {
    console.log(`[audit:verify] intact: ${report.chains.length} chain(s), ${total(report).toLocaleString('en')} records`);
    return;
  }
  console.log(
    `[audit:verify] FAILED: chain ${first.chainId}, seq ${first.seq}, record ${first.recordId ?? '(missing)'}` +
      `${first.checkpointId === undefined ? '' : `, checkpoint ${first.checkpointId}`}: ${first.kind}: ${first.message}`,
  );
}

function describeChain(chain: ChainVerification, signatures: AuditVerificationReport['checkpointSignatures']): string {
  const records = chain.records.toLocaleString('en');
  const state = chain.failure
    ? `FAILS at seq ${chain.failure.seq} (${chain.failure.kind}) after ${records} intact records`
    : `${records} records intact${chain.head ? `, head seq ${chain.head.seq} ${chain.head.hash.slice(0, 16)}…` : ''}`;
  const { total: count, verified, latest, witnessed } = chain.checkpoints;
  const checkpoints =
    count === 0
      ? 'no checkpoints'
      : signatures === 'verified'
        ? `checkpoints ${verified}/${count} verified, latest seq ${latest?.seq} signed ${latest?.signedAt} (${latest?.signature})`
        : `${count} checkpoints not verified: no public key given; latest seq ${latest?.seq} signed ${latest?.signedAt}`;
  const witness = witnessed ? `; witness holds ${witnessed.total}${witnessed.latestSeq === null ? '' : `, latest seq ${witnessed.latestSeq}`}` : '';
  return `  chain ${chain.chainId}: ${state}; ${checkpoints}${witness}`;
}

function total(report: AuditVerificationReport): number {
  return report.chains.reduce((sum, chain) => sum + chain.records, 0);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      log(error.message);
      process.exit(2);
    }
    const known = error instanceof ConfigError || error instanceof CannotVerifyError;
    log(known ? (error as Error).message : `could not verify: ${(error as Error).message}`);
    process.exit(2);
  },
);
