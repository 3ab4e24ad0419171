import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { decideField, type Purpose } from '../../policies';
import type { PolicyGraph } from '../policyGraph';

/**
 * The graph as one purpose may see it: every field the purpose denies, and every type it cannot reach,
 * left out. Introspection under a purpose answers from this schema, so GraphiQL's explorer shows an
 * application team what it may ask, not the whole of five agencies' data.
 */
export function schemaForPurpose(graph: PolicyGraph, purpose: Purpose): GraphQLSchema {
  const allowed = (typeName: string, fieldName: string) => {
    const info = graph.description.types.get(typeName)?.get(fieldName);
    return info !== undefined && decideField(purpose, { type: typeName, field: fieldName, ...info }).effect !== 'deny';
  };
  const filtered = filterSchema({
    schema: graph.apiSchema,
    rootFieldFilter: (operation, fieldName) => allowed(operation, fieldName),
    objectFieldFilter: (typeName, fieldName) => allowed(typeName, fieldName),
    // An object type none of whose fields the purpose may see is not part of its graph.
    typeFilter: (typeName, type) =>
      !isObjectType(type) || typeName.startsWith('__') || Object.keys(type.getFields()).some((field) => allowed(typeName, field)),
  });
  return pruneSchema(filtered);
}
