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

/** A document as the served graph sees it: parsed, and what it uses. */
export interface ServedView {
  document: DocumentNode;
  uses: ReadonlySet<string>;
}

/**
 * What depends on the served graph and the document alone — parsing, validating against the served schema,
 * the coordinates used — keyed by the document's hash; one cache per served version (runChecks.ts).
 */
export interface ServedViews {
  /** `null`: the served graph does not answer the document; `undefined`: not known yet. */
  get(documentHash: string): ServedView | null | undefined;
  set(documentHash: string, view: ServedView | null): void;
}

function servedView(operation: RecordedOperation, served: GraphQLSchema): ServedView | null {
  let document: DocumentNode;
  try {
    document = parse(operation.document, { noLocation: true });
  } catch {
    return null;
  }
  if (validate(served, document, SHAPE_RULES).length > 0) return null;
  return { document, uses: usedCoordinates(document, served) };
}

/**
 * Which recorded operations the served graph answers (those it does not validate any more are history,
 * not clients: skipped), what each uses, and the candidate's validation errors for each. Pure, but for
 * the cache of served views it may fill.
 */
export function analyseOperations(
  operations: readonly RecordedOperation[],
  served: GraphQLSchema,
  candidate: GraphQLSchema,
  views?: ServedViews,
): OperationUse[] {
  const uses: OperationUse[] = [];
  for (const operation of operations) {
    let view = views?.get(operation.documentHash);
    if (view === undefined) {
      view = servedView(operation, served);
      views?.set(operation.documentHash, view);
    }
    if (!view) continue;
    const candidateErrors = validate(candidate, view.document, SHAPE_RULES).map((error) => error.message);
    uses.push({ operation, uses: view.uses, candidateErrors });
  }
  return uses;
}
