import type { Agency } from './agencies';
import { bank } from './bank';
import { court } from './court';
import type { SubgraphDefinition } from './kit/definition';
import { market } from './market';
import { petitions } from './petitions';
import { police } from './police';

/** Every agency's subgraph definition, by name. */
export const subgraphDefinitions: Readonly<Record<Agency, SubgraphDefinition<any>>> = Object.freeze({
  police,
  court,
  petitions,
  market,
  bank,
});
