/**
 * The house rules for imports, checked by `npm run lint:imports` (dependency-cruiser) in `npm test`'s
 * test/architecture.test.ts: no cycles; no agency's subgraph imports another's; the packages an agency
 * uses in its own repository (the subgraph kit, the access context, the policies) import only each other.
 */
const path = require('node:path');

const AGENCIES = '(court|police|petitions|market|bank|audit)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes the load order matter and the parts impossible to take apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-agency-imports-another',
      severity: 'error',
      comment: "Each agency owns its data and its schema; what two share belongs in the kit.",
      from: { path: `^subgraphs/${AGENCIES}/` },
      to: { path: `^subgraphs/${AGENCIES}/`, pathNot: '^subgraphs/$1/' },
    },
    {
      name: 'packages-stand-alone',
      severity: 'error',
      comment: "An agency runs the kit in its own repository: a package may use only itself, the other packages and npm's.",
      from: { path: '^(subgraphs/kit|packages/[^/]+|policies)/' },
      to: { pathNot: ['^(subgraphs/kit|packages/[^/]+|policies)/', 'node_modules', '^node:'], dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|web/dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    // Workspace packages resolve through node_modules' symlinks to their folders here.
    preserveSymlinks: false,
  },
};
