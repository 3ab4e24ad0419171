import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

export const WORKFLOW_SDL_FILE = path.join(__dirname, 'schema.graphql');

export type ResolverMap = Record<string, Record<string, GraphQLFieldResolver<any, any, any>>>;

/** The workflow API's schema (schema.graphql) with the resolvers attached; a resolver for a field the SDL lacks is a bug, caught here. */
export function workflowSchema(resolvers: ResolverMap): GraphQLSchema {
  const schema = buildSchema(readFileSync(WORKFLOW_SDL_FILE, 'utf8'));
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`workflowSchema: ${typeName} is not an object type of schema.graphql`);
    const definitions = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = definitions[fieldName];
      if (!field) throw new Error(`workflowSchema: ${typeName}.${fieldName} is not in schema.graphql`);
      field.resolve = resolve;
    }
  }
  return schema;
}
