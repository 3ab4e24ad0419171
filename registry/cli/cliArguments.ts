/** What `npm run registry -- …` was asked to do. */
export interface RegistryCommand {
  command: 'check' | 'publish';
  subgraph: string;
  schemaFile: string;
  url?: string;
}

export const USAGE = `usage: npm run registry -- check <subgraph> --schema <file> [--url <url>]
       npm run registry -- publish <subgraph> --schema <file> [--url <url>]
environment: GOVGRAPH_CLIENT_ID, GOVGRAPH_CLIENT_SECRET (your agency's publisher client, e.g. police-publisher),
             GOVGRAPH_URL (default http://localhost:4000), OIDC_ISSUER (default http://localhost:8080/realms/govgraph)
exit codes: 0 passed (published), 1 a blocking finding, 3 waits for a privacy officer's approval, 2 usage or authentication`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses the arguments after `npm run registry --`. Pure. */
export function parseRegistryArguments(argv: readonly string[]): RegistryCommand {
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'publish') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index]!;
    const option = /^--(schema|url)(?:=(.*))?$/.exec(argument);
    if (option) {
      const value = option[2] ?? rest[(index += 1)];
      if (value === undefined || value === '') throw new UsageError(`--${option[1]} needs a value`);
      options[option[1]!] = value;
    } else if (argument.startsWith('--')) {
      throw new UsageError(`unknown option ${argument}`);
    } else {
      positional.push(argument);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'no subgraph named' : `one subgraph at a time (got ${positional.join(', ')})`);
  if (!options.schema) throw new UsageError('--schema <file> is required');
  return { command, subgraph: positional[0]!, schemaFile: options.schema, ...(options.url ? { url: options.url } : {}) };
}
