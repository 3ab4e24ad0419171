import { ALL_DISTRICTS } from '../../policies';
import { rowByKey, rowsByKey } from '../../subgraphs/kit/batch';
import type { Database } from '../../subgraphs/kit/database';
import { inJurisdiction } from '../../subgraphs/kit/jurisdiction';

/** Loaders check, when made, that a row scope and the statement's `$2` condition go together. */
describe('rowByKey / rowsByKey with a row scope', () => {
  // Never queried: the loaders are refused (or made) before any statement runs.
  const db = {} as Database;

  it('refuses a scope given to a statement without a jurisdiction condition', () => {
    expect(() => rowByKey(db, 'SELECT id AS key FROM petitions p WHERE p.id = ANY($1)', ALL_DISTRICTS)).toThrow(/must filter on \$2/);
    expect(() => rowsByKey(db, 'SELECT id AS key FROM petitions p WHERE p.id = ANY($1) AND p.x = $20', ALL_DISTRICTS)).toThrow(
      /must filter on \$2/,
    );
  });

  it('refuses a jurisdiction condition without a scope to fill it', () => {
    expect(() => rowsByKey(db, `SELECT id AS key FROM petitions p WHERE p.id = ANY($1) AND ${inJurisdiction('p.district')}`)).toThrow(
      /needs the row scope/,
    );
  });

  it('makes loaders for matching statements', () => {
    expect(rowByKey(db, `SELECT id AS key FROM petitions p WHERE p.id = ANY($1) AND ${inJurisdiction('p.district')}`, ALL_DISTRICTS)).toBeDefined();
    expect(rowsByKey(db, 'SELECT incident_id AS key FROM incident_persons WHERE incident_id = ANY($1)')).toBeDefined();
  });
});
