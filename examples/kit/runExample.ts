import { readFileSync } from 'node:fs';
import { exampleApplication, EXAMPLE_APPLICATIONS, type ExampleApplication } from '../catalog';
import { govgraphClient, GovgraphError, settingsFromEnvironment, type GovgraphClient } from './govgraphClient';
import { readOperations, type AgreedDocument } from './operations';

/** What an example program is given: its client, its agreed operations by name, and the command line. */
export interface ExampleContext {
  application: ExampleApplication;
  client: GovgraphClient;
  operations: ReadonlyMap<string, AgreedDocument>;
  /** The case to open (`--case <ref>`, else the catalog's). */
  caseRef: string | undefined;
  /** The other command-line arguments (an enterprise's credit code, a district). */
  args: readonly string[];
}

/** An example program: asks the gateway, returns the lines it prints. */
export type ExampleProgram = (context: ExampleContext) => Promise<string[]>;

export function operation(context: ExampleContext, name: string): AgreedDocument {
  const found = context.operations.get(name);
  if (!found) throw new Error(`${context.application.operationsFile} defines no operation ${name}`);
  return found;
}

const SUBMIT = `mutation Submit($input: SharingRequestInput!) {
  submitSharingRequest(input: $input) { id status operations { name documentHash agencies refusedFields } approvals { seat status } }
}`;

/**
 * `npm run example -- <name> [--case <ref>] [--operations <file>] [args…]` runs the example; `… --request`
 * submits its operations file as it is now as a sharing request (valid for a year from now). Exit 0 with the result; on a refusal
 * the gateway's code on stderr (`refused: OPERATION_NOT_AGREED — …`) and exit 1; a usage error exits 2.
 */
export async function runExample(argv: readonly string[], load: (name: string) => Promise<ExampleProgram>, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const application = name ? exampleApplication(name) : undefined;
  if (!application) {
    console.error(`usage: npm run example -- <${EXAMPLE_APPLICATIONS.map((example) => example.name).join('|')}> [--request] [--case <ref>] [--operations <file>] [arguments]`);
    return 2;
  }
  const request = rest.includes('--request');
  const option = (flag: string) => {
    const at = rest.indexOf(flag);
    return at >= 0 ? { at, value: rest[at + 1] } : undefined;
  };
  const caseOption = option('--case');
  const operationsOption = option('--operations');
  const caseRef = caseOption ? caseOption.value : application.caseRef;
  // --operations <file>: another operations file than the agreed one (a changed operation, before its request).
  const operationsFile = operationsOption?.value ?? application.operationsFile;
  const taken = new Set([caseOption, operationsOption].flatMap((found) => (found ? [found.at, found.at + 1] : [])));
  const args = rest.filter((arg, index) => arg !== '--request' && !taken.has(index));
  const chosen: ExampleApplication = { ...application, operationsFile };
  const client = govgraphClient(settingsFromEnvironment(application.clientId, env));
  try {
    if (request) {
      for (const line of await submitRequest(chosen, client)) console.log(line);
      return 0;
    }
    const program = await load(application.name);
    const lines = await program({ application: chosen, client, operations: readOperations(operationsFile), caseRef, args });
    for (const line of lines) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof GovgraphError) {
      console.error(`refused: ${error.code} — ${error.message}`);
      return 1;
    }
    console.error(`failed: ${(error as Error).message}`);
    return 1;
  }
}

async function submitRequest(application: ExampleApplication, client: GovgraphClient): Promise<string[]> {
  const validFrom = new Date();
  const validTo = new Date(validFrom.getTime() + 365 * 24 * 3600_000);
  const data = await client.agreements<{ submitSharingRequest: { id: string; status: string; operations: { name: string; documentHash: string; agencies: string[]; refusedFields: number }[]; approvals: { seat: string; status: string }[] } }>(SUBMIT, {
    input: {
      title: application.title,
      justification: application.justification,
      purpose: application.purpose,
      document: readFileSync(application.operationsFile, 'utf8'),
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
    },
  });
  const submitted = data.submitSharingRequest;
  return [
    `共享申请已提交 sharing request ${submitted.id} (${submitted.status})`,
    ...submitted.operations.map((operation) => `  操作 ${operation.name}  sha256:${operation.documentHash}  涉及部门 ${operation.agencies.join(', ')}`),
    `  待审批 awaiting: ${submitted.approvals.filter((approval) => approval.status === 'PENDING').map((approval) => approval.seat).join(', ')}`,
    '  在控制台审批后即可运行 — approve it in the console (/console), then run the example again.',
  ];
}
