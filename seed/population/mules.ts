import { unitHash } from '../random';
import { STREAM } from './streams';
import type { World } from './world';

/** Share of persons whose accounts receive fraud victims' money (money mules, 卡农). */
const MULE_SHARE = 0.003;

export function isMule(world: World, index: number): boolean {
  return world.persons >= 2 && unitHash(world.seed, STREAM.mule, index) < MULE_SHARE;
}
