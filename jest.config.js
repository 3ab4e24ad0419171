/**
 * Tests run TypeScript through SWC (fast, no type-check); `npm run typecheck` type-checks.
 * ESM-only dependencies are compiled to CommonJS by the same transform (Jest on Node 20 cannot require ESM).
 */
const esmOnly = ['@faker-js/faker', 'jose'];
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest'] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 60000,
};
