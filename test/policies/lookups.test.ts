import {
  checkIdentifierLookups,
  describeSchema,
  disputeResolution,
  financialRiskMonitoring,
  fraudInvestigation,
  litigationSourceGovernance,
  type SchemaDescription,
} from '../../policies';
import { CLASSIFICATION, composeRealGraph } from './support/realGraph';

let graph: SchemaDescription;

beforeAll(() => {
  graph = describeSchema(composeRealGraph().apiSchema, CLASSIFICATION);
});

describe('lookups by an identifier the purpose masks or pseudonymises', () => {
  it('counts person(idNumber:) under dispute resolution (pseudonymised) and allows the parties of one dispute', () => {
    const check = checkIdentifierLookups(disputeResolution, [{ coordinate: 'Query.person', argument: 'idNumber', distinctValues: 2 }], graph);
    expect(check).toEqual({
      lookups: [
        {
          coordinate: 'Query.person',
          argument: 'idNumber',
          distinctValues: 2,
          identifier: 'Person.idNumber',
          shown: { effect: 'mask', strategy: 'pseudonym' },
        },
      ],
      total: 2,
      budget: 3,
      exceeded: false,
    });
  });

  it('refuses the attack of issue 9: 33 aliased person(idNumber:) candidates in one operation', () => {
    const check = checkIdentifierLookups(disputeResolution, [{ coordinate: 'Query.person', argument: 'idNumber', distinctValues: 33 }], graph);
    expect(check).toMatchObject({ total: 33, budget: 3, exceeded: true });
  });

  it('adds up lookups over root fields, _entities included, by the identifier they name', () => {
    const check = checkIdentifierLookups(
      litigationSourceGovernance,
      [
        { coordinate: 'Query.person', argument: 'idNumber', distinctValues: 2 },
        { coordinate: 'Query._entities', argument: 'representations', identifier: 'Person.idNumber', distinctValues: 2 },
      ],
      graph,
    );
    expect(check.lookups.map((lookup) => lookup.identifier)).toEqual(['Person.idNumber', 'Person.idNumber']);
    expect(check).toMatchObject({ total: 4, exceeded: true });
  });

  it('does not count lookups by identifiers the purpose shows in clear, nor arguments that are not identifiers', () => {
    const clear = checkIdentifierLookups(
      fraudInvestigation,
      [
        { coordinate: 'Query.person', argument: 'idNumber', distinctValues: 40 },
        { coordinate: 'Query.account', argument: 'accountNumber', distinctValues: 40 },
      ],
      graph,
    );
    expect(clear).toMatchObject({ lookups: [], total: 0, exceeded: false });
    const notIdentifiers = checkIdentifierLookups(
      disputeResolution,
      [
        { coordinate: 'Query.case', argument: 'caseNumber', distinctValues: 10 }, // Case.caseNumber: shown in clear
        { coordinate: 'Query.petitions', argument: 'first', distinctValues: 1 }, // not a field of the connection
        { coordinate: 'Query.noSuchField', argument: 'idNumber', distinctValues: 5 },
      ],
      graph,
    );
    expect(notIdentifiers).toMatchObject({ lookups: [], total: 0, exceeded: false });
  });

  it('counts a lookup by an identifier the purpose denies: an answer confirms the value', () => {
    const check = checkIdentifierLookups(
      financialRiskMonitoring,
      [{ coordinate: 'Query.account', argument: 'accountNumber', distinctValues: 1 }],
      graph,
    );
    expect(check.lookups).toEqual([expect.objectContaining({ identifier: 'Account.accountNumber', shown: { effect: 'deny' } })]);
  });

  it('reads the budget from the purpose: a case-bound purpose may allow more', () => {
    const lookups = [{ coordinate: 'Query._entities', argument: 'representations', identifier: 'Person.name', distinctValues: 10 }];
    expect(checkIdentifierLookups(disputeResolution, lookups, graph)).toMatchObject({ total: 10, budget: 3, exceeded: true });
    expect(fraudInvestigation.budgets.identifierLookupsPerOperation).toBe(20);
  });
});
