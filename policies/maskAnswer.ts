import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The masking walk: an agency runs it over the answer it sends the gateway (subgraphs/kit/agencyMasks.ts);
 * the gateway masks the client's answer with a plan compiled from the same selections
 * (gateway/enforcement/maskPlan.ts, which shares typeConditionApplies) and held to this walk by
 * test/gateway/maskPlan.test.ts. Pure: it changes the data it is given and nothing else.
 */

/** A place in the answer where values were masked, e.g. `person.cases[*].claimAmount` by `band`. */
export interface MaskedPath {
  path: string;
  coordinate: string;
  strategy: string;
}

export interface MaskAnswerInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The answer's `data`; masked in place. */
  data: Record<string, unknown>;
  /** The mask strategy decided for a coordinate, or undefined when its values pass as they are. */
  strategyFor(coordinate: string): string | undefined;
  /** Masks one scalar value; keeps its GraphQL type. */
  mask(strategy: string, value: unknown, coordinate: string): unknown;
  /**
   * The strategy to apply to one value, when it is not the one decided for its field: the gateway withholds
   * (`redact`) the pseudonym of a value the operation itself named. The masked path reports what was applied.
   */
  strategyOf?(strategy: string, value: unknown, coordinate: string): string;
  /** Response keys that are nobody's answer (the gateway's markers): never masked nor walked. */
  isMarker?(key: string): boolean;
  /** The response key holding `__typename` under another name, read before `__typename` itself. */
  typenameKey?: string;
  /** The concrete type of a value of an abstract type that carries no typename (an `_entities` item). */
  typeOf?(value: Record<string, unknown>): string | undefined;
  /** Called on each object of the answer with its concrete type and path, before its fields are walked. */
  enterObject?(type: GraphQLObjectType, value: Record<string, unknown>, path: string): void;
  /** Called on each object of the answer with its concrete type and path, after its fields were walked. */
  leaveObject?(type: GraphQLObjectType, value: Record<string, unknown>, path: string): void;
}

interface Walk extends MaskAnswerInput {
  fragments: Map<string, FragmentDefinitionNode>;
  masked: Map<string, MaskedPath>;
  /** Keys already masked per object: a field selected twice (in a fragment and outside) is masked once. */
  done: WeakMap<object, Set<string>>;
}

/**
 * Masks an answer however its fields were selected — aliases, fragments, inline fragments, lists,
 * nested entities — by walking the operation's selections over the data, the way execution built it.
 * Returns the masked paths, list positions as `[*]`.
 */
export function maskAnswer(input: MaskAnswerInput): MaskedPath[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = input.schema.getRootType(input.operation.operation);
  if (!root) return [];
  const walk: Walk = { ...input, fragments, masked: new Map(), done: new WeakMap() };
  walkObject(walk, input.operation.selectionSet, root, input.data, '');
  return [...walk.masked.values()];
}

function walkObject(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLCompositeType, value: Record<string, unknown>, path: string) {
  const concrete = concreteType(walk, type, value);
  walk.enterObject?.(concrete, value, path);
  walkSelections(walk, selectionSet, concrete, value, path);
  walk.leaveObject?.(concrete, value, path);
}

function walkSelections(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLObjectType, value: Record<string, unknown>, path: string) {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const key = selection.alias?.value ?? name;
      if (name.startsWith('__') || walk.isMarker?.(key) || !(key in value)) continue;
      const field = type.getFields()[name];
      if (!field) continue;
      const coordinate = `${type.name}.${name}`;
      const fieldPath = path ? `${path}.${key}` : key;
      const strategy = walk.strategyFor(coordinate);
      if (strategy) {
        maskField(walk, value, key, strategy, coordinate, fieldPath);
      } else if (selection.selectionSet) {
        const named = getNamedType(field.type);
        if (isCompositeType(named)) walkValue(walk, selection.selectionSet, named, value[key], fieldPath);
      }
    } else {
      const condition =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.typeCondition?.name.value
          : walk.fragments.get(selection.name.value)?.typeCondition.name.value;
      const selections =
        selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : walk.fragments.get(selection.name.value)?.selectionSet;
      if (selections && typeConditionApplies(walk.schema, condition, type)) walkSelections(walk, selections, type, value, path);
    }
  }
}

function walkValue(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLCompositeType, value: unknown, path: string) {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) walkValue(walk, selectionSet, type, item, `${path}[*]`);
    return;
  }
  walkObject(walk, selectionSet, type, value as Record<string, unknown>, path);
}

function maskField(walk: Walk, value: Record<string, unknown>, key: string, strategy: string, coordinate: string, path: string) {
  let keys = walk.done.get(value);
  if (!keys) walk.done.set(value, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  let changed = false;
  let reported = strategy;
  const maskDeep = (item: unknown): unknown => {
    if (item === null || item === undefined) return item;
    if (Array.isArray(item)) return item.map(maskDeep);
    changed = true;
    const applied = walk.strategyOf?.(strategy, item, coordinate) ?? strategy;
    if (applied !== strategy) reported = applied;
    return walk.mask(applied, item, coordinate);
  };
  value[key] = maskDeep(value[key]);
  const known = walk.masked.get(path);
  if (changed && (!known || reported !== strategy)) walk.masked.set(path, { path, coordinate, strategy: reported });
}

/** The object type of a value: the selection's own type, or what the value says it is where that is abstract. */
function concreteType(walk: Walk, type: GraphQLCompositeType, value: Record<string, unknown>): GraphQLObjectType {
  if (isObjectType(type)) return type;
  const name = (walk.typenameKey !== undefined ? value[walk.typenameKey] : undefined) ?? value.__typename ?? walk.typeOf?.(value);
  const concrete = typeof name === 'string' ? walk.schema.getType(name) : undefined;
  // Masking fails closed: without the concrete type, no value can be said to be safe.
  if (!concrete || !isObjectType(concrete)) throw new Error(`cannot tell the concrete type of a ${type.name} value`);
  return concrete;
}

/** Whether a fragment or inline fragment with type condition `condition` applies to a value of `type`. */
export function typeConditionApplies(schema: GraphQLSchema, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
}
