import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '../../gateway/supergraph';
import { composeSupergraph } from '../../schema/compose';

describe('schema/supergraph.graphql', () => {
  it('is exactly what the subgraph SDLs compose to (run `npm run compose` after changing a subgraph)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('joins Person across all five agencies', () => {
    const supergraph = composeSupergraph();
    const person = /type Person\n((?:.|\n)*?)\{/.exec(supergraph)?.[1] ?? '';
    for (const agency of ['POLICE', 'COURT', 'PETITIONS', 'MARKET', 'BANK']) {
      expect(person).toContain(`@join__type(graph: ${agency}, key: "idNumber")`);
    }
  });
});
