/**
 * npm run example -- <name> [--request] [--case <ref>] [arguments]: one of the five seed systems'
 * example applications (examples/), against the gateway at GOVGRAPH_URL with a token from OIDC_ISSUER.
 */
import type { ExampleProgram } from '../examples/kit/runExample';
import { runExample } from '../examples/kit/runExample';

const load = async (name: string): Promise<ExampleProgram> => ((await import(`../examples/${name}/main`)) as { default: ExampleProgram }).default;

runExample(process.argv.slice(2), load).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
