/**
 * The deterministic synthetic data generator: the demo cast plus a random population, loaded into the
 * five agency databases. runtime/system.ts seeds empty databases at start; bin/seed.ts seeds on demand.
 */
export { isSeeded, resetDatabases, seedDatabases, seededTables, SeedError } from './seedDatabases';
export type { SeedOptions, SeedReport } from './seedDatabases';
export { DEMO_CAST, DEMO_PERSON_ID_NUMBERS } from './demoCast';
export type { DemoCast } from './demoCast';
export { DEFAULT_SEED, MAX_PERSONS } from './population/world';
export { isValidResidentId } from './identifiers/residentId';
export { isValidCreditCode } from './identifiers/creditCode';
export { isLuhnValid } from './identifiers/bankCard';
