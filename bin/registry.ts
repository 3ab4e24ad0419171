/**
 * npm run registry -- check <subgraph> --schema <file> [--url <url>]     the checks' report; nothing is stored
 * npm run registry -- publish <subgraph> --schema <file> [--url <url>]   the same checks; served when they pass
 *
 * As the agency's publisher client (GOVGRAPH_CLIENT_ID, GOVGRAPH_CLIENT_SECRET; client-credentials grant at
 * OIDC_ISSUER) against the gateway at GOVGRAPH_URL. Exit codes: 0 passed (and published), 1 a blocking
 * finding, 3 waiting for a privacy officer's approval, 2 usage, configuration or authentication.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fetchClientCredentialsToken } from '../identity/tokenClient';
import { parseRegistryArguments, USAGE, UsageError } from '../registry/cli/cliArguments';
import { exitCodeOf, formatReport } from '../registry/cli/printReport';
import { checkSubgraph, publishSubgraph, RegistryClientError } from '../registry/cli/registryClient';

const environment = z.object({
  GOVGRAPH_CLIENT_ID: z.string({ error: 'is required: your agency\'s publisher client, e.g. police-publisher' }).min(1),
  GOVGRAPH_CLIENT_SECRET: z.string({ error: 'is required: the publisher client\'s secret (development: demo)' }).min(1),
  GOVGRAPH_URL: z.url({ protocol: /^https?$/, error: 'must be the gateway\'s http(s) URL' }).default('http://localhost:4000'),
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the realm\'s http(s) issuer URL' }).default('http://localhost:8080/realms/govgraph'),
});

async function main(): Promise<number> {
  let command;
  try {
    command = parseRegistryArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    console.error(`Invalid configuration:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}\n${USAGE}`);
    return 2;
  }
  const env = parsed.data;
  let sdl: string;
  try {
    sdl = await readFile(command.schemaFile, 'utf8');
  } catch (error) {
    console.error(`Cannot read the schema file ${command.schemaFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 2;
  }
  let token: string;
  try {
    token = await fetchClientCredentialsToken({ issuer: env.OIDC_ISSUER, clientId: env.GOVGRAPH_CLIENT_ID, clientSecret: env.GOVGRAPH_CLIENT_SECRET });
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  try {
    if (command.command === 'check') {
      const report = await checkSubgraph(env.GOVGRAPH_URL, token, command.subgraph, sdl, command.url);
      console.log(`check ${command.subgraph} (${command.schemaFile})\n${formatReport(report)}`);
      return exitCodeOf(report);
    }
    const result = await publishSubgraph(env.GOVGRAPH_URL, token, command.subgraph, sdl, command.url);
    console.log(`publish ${command.subgraph} (${command.schemaFile})\n${formatReport(result.version.report)}`);
    console.log(
      result.accepted
        ? `${command.subgraph} version ${result.version.id} is served: supergraph version ${result.supergraph?.version}`
        : `${command.subgraph} version ${result.version.id} is ${result.version.status}`,
    );
    return exitCodeOf(result.version.report);
  } catch (error) {
    if (!(error instanceof RegistryClientError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`registry failed: ${(error as Error).message}`);
    process.exit(2);
  },
);
