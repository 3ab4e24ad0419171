import {
  getNamedType,
  parse,
  specifiedRules,
  TypeInfo,
  validate,
  ValuesOfCorrectTypeRule,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { RecordedOperation } from './recordedOperations';

/**
 * Every rule but literal values' types: the log replaced each literal by a pseudonym string, so `limit: 5`
 * reads `limit: "~3f…"`. The shape — fields, arguments, fragments, variables and their types — is validated.
 */
const SHAPE_RULES = specifiedRules.filter((rule) => rule !== ValuesOfCorrectTypeRule);

/** A recorded operation as the checks see it: what it uses of the served graph, and whether the candidate breaks it. */
export interface OperationUse {
  operation: RecordedOperation;
  /** Types, `Type.field`, `Type.field.argument`, `Input.field` and `Enum.VALUE` coordinates it uses. */
  uses: ReadonlySet<string>;
  /** Why the candidate's API schema no longer validates it; empty when it still does. */
  candidateErrors: string[];
}

/** The coordinates a valid document uses in `schema`. */
export function usedCoordinates(document: DocumentNode, schema: GraphQLSchema): Set<string> {
  const uses = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        uses.add(parent.name);
        uses.add(`${parent.name}.${node.name.value}`);
        const type = typeInfo.getType();
        if (type) uses.add(getNamedType(type).name);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field) uses.add(`${parent.name}.${field.name}.${node.name.value}`);
        const type = typeInfo.getInputType();
        if (type) uses.add(getNamedType(type).name);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        if (parent) uses.add(`${getNamedType(parent).name}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        if (type) uses.add(`${getNamedType(type).name}.${node.value}`);
      },
      NamedType(node) {
        uses.add(node.name.value);
      },
    }),
  );
  return uses;
}

/**
 * Which recorded operations the served graph answers (those it does not validate any more are history,
 * not clients: skipped), what each uses, and the candidate's validation errors for each. Pure.
 */
export function analyseOperations(operations: readonly RecordedOperation[], served: GraphQLSchema, candidate: GraphQLSchema): OperationUse[] {
  const uses: OperationUse[] = [];
  for (const operation of operations) {
    let document: DocumentNode;
    try {
      document = parse(operation.document, { noLocation: true });
    } catch {
      continue;
    }
    if (validate(served, document, SHAPE_RULES).length > 0) continue;
    const candidateErrors = validate(candidate, document, SHAPE_RULES).map((error) => error.message);
    uses.push({ operation, uses: usedCoordinates(document, served), candidateErrors });
  }
  return uses;
}
