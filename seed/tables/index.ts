import type { Agency } from '../../subgraphs/agencies';
import type { World } from '../population/world';
import { bankTables } from './bank';
import { courtTables } from './court';
import { marketTables } from './market';
import { petitionsTables } from './petitions';
import { policeTables } from './police';
import type { TableSpec } from './tableSpec';

/** Every agency's tables, each list in the order its foreign keys need. */
export function agencyTables(world: World): Record<Agency, TableSpec[]> {
  return {
    police: policeTables(world),
    court: courtTables(world),
    petitions: petitionsTables(world),
    market: marketTables(world),
    bank: bankTables(world),
  };
}
