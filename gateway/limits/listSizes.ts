import { getNullableType, isListType, Kind, type FieldNode, type GraphQLField } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../../subgraphs/kit/pagination';

/**
 * How many items the cost estimate expects of each list. A connection (a field with `first`) holds the
 * page it asks for: a literal `first`, else the declared maximum — a variable's value is not known when the
 * document is validated (and validated documents are cached), so `first: $n` counts as a full page. A plain
 * list (Person.cases, Case.parties) has no page size: it counts its declared estimate below, or the default.
 */
export const LIST_ESTIMATES: Readonly<Record<string, number>> = Object.freeze({
  // A case, dispute or incident has a handful of parties: plaintiff, defendant, a third party.
  'Case.parties': 4,
  'Dispute.parties': 4,
  'Incident.involvedPersons': 4,
  // A person or an enterprise holds few accounts; an account few stop-payment orders.
  'Person.accounts': 5,
  'Enterprise.accounts': 5,
  'Account.stopPaymentOrders': 5,
  'FraudCase.stopPaymentOrders': 5,
  'FraudCase.payeeAccounts': 5,
  // Introspection: a purpose's view has some dozens of types, a type about ten fields, a field an argument or two.
  '__Schema.types': 60,
  '__Schema.directives': 10,
  '__Type.fields': 10,
  '__Type.inputFields': 5,
  '__Type.enumValues': 5,
  '__Type.interfaces': 1,
  '__Type.possibleTypes': 2,
  '__Field.args': 2,
  '__Directive.args': 2,
  '__Directive.locations': 5,
});

/**
 * graphql-query-complexity's estimator: a field costs itself plus what it selects, times the items its
 * list holds — so the estimate is about the number of values in the answer, and nested lists multiply.
 */
export function listSizeEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ type, field, node, childComplexity }) => {
    const items = pageSize(field, node) ?? listSize(`${type.name}.${field.name}`, field, defaultListSize);
    return items * (1 + childComplexity);
  };
}

function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  const first = field.args.find((argument) => argument.name === 'first');
  if (!first) return undefined;
  const given = node.arguments?.find((argument) => argument.name.value === 'first')?.value;
  if (given?.kind === Kind.INT) return Number(given.value);
  if (given === undefined && typeof first.defaultValue === 'number') return first.defaultValue;
  return MAX_PAGE_SIZE;
}

function listSize(coordinate: string, field: GraphQLField<unknown, unknown>, defaultListSize: number): number {
  if (!isListType(getNullableType(field.type))) return 1;
  // A connection's edges are its page, already counted at the connection field.
  if (field.name === 'edges' && coordinate.split('.')[0]!.endsWith('Connection')) return 1;
  return LIST_ESTIMATES[coordinate] ?? defaultListSize;
}
