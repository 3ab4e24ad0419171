import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * Values that satisfy an operation's required variables, for estimating its cost at validation time, when
 * the real values are not known. The estimate never reads them (a variable `first` counts as a full page,
 * gateway/limits/listSizes.ts); they only let graphql-query-complexity coerce the arguments it walks.
 */
export function placeholderVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && isNonNullType(type) && !definition.defaultValue) values[definition.variable.name.value] = placeholder(type);
  }
  return values;
}

function placeholder(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType, depth);
  if (isListType(type)) return [];
  if (depth > 8) return null; // a cycle of required input fields cannot be filled; the estimate then fails closed
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(fields.map((field) => [field.name, placeholder(field.type, depth + 1)]));
  }
  if (isEnumType(type)) return type.getValues()[0]?.value ?? null;
  const named = getNamedType(type);
  if (isScalarType(named) && ['Int', 'Float'].includes(named.name)) return 0;
  if (isScalarType(named) && named.name === 'Boolean') return false;
  return '';
}
