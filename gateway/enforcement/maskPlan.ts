import {
  getNamedType,
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
import { typeConditionApplies, type MaskedPath } from '../../policies/maskAnswer';
import { RECORD_MARKER, SUBJECT_KEYS, SUBJECT_MARKER, TYPENAME_MARKER } from './answerMarkers';
import type { AnswerSubject, ValueOwner } from './answerSubjects';

/**
 * The masking walk (policies/maskAnswer.ts) compiled once per (purpose, operation): which response keys of which
 * objects are masked and with what, which carry the gateway's markers, and which lead to either. An answer
 * is then walked along those paths only — a 100-row list whose rows hold nothing masked and no data subject
 * is not visited at all — with no per-field policy lookups, fragment resolution or duplicate tracking left
 * for run time. What it does to the answer, and what it reports, is what the walk does (test/gateway/maskPlan.test.ts
 * holds the plan to the walk the gateway ran before, test/support/maskWalk.ts), except that a response key
 * selected twice under one object is walked once.
 */
export interface MaskPlan {
  /** The selection's root, or undefined when the answer needs nothing: no mask, no marker anywhere. */
  readonly root: SetPlan | undefined;
}

export interface MaskPlanInput {
  schema: GraphQLSchema;
  /** The document as executed, with the gateway's markers (answerMarkers.ts). */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The strategy decided for a coordinate (fixed for the purpose and operation), or undefined. */
  strategyFor(coordinate: string): string | undefined;
}

export interface MaskPlanHooks {
  /** Masks one scalar value; keeps its GraphQL type. */
  mask(strategy: string, value: unknown, coordinate: string, owner: ValueOwner): unknown;
  /** The strategy applied to one value where it is not the decided one. */
  strategyOf?(strategy: string, value: unknown, coordinate: string): string;
  /** Once per data subject object, with its key, path and the nearest enclosing subject. */
  onSubject?(type: string, identifier: string, path: string, enclosing: AnswerSubject | undefined): void;
}

/** One object type's work in one selection: its masked keys, its marked keys, the keys leading further. */
interface TypePlan {
  readonly type: GraphQLObjectType;
  /** Whether the selection puts markers on this object (read, then removed). */
  readonly marked: boolean;
  readonly steps: readonly Step[];
}

type Step =
  | { readonly key: string; readonly coordinate: string; readonly strategy: string; readonly child?: undefined }
  | { readonly key: string; readonly strategy?: undefined; readonly child: SetPlan };

/** A selection over a composite type: one plan for an object type, one per member for an abstract one. */
type SetPlan = { readonly abstract: false; readonly plan: TypePlan } | { readonly abstract: true; readonly type: GraphQLCompositeType; readonly members: ReadonlyMap<string, TypePlan | undefined> };

const MARKERS = new Set([SUBJECT_MARKER, TYPENAME_MARKER, RECORD_MARKER]);

export function compileMaskPlan(input: MaskPlanInput): MaskPlan {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = input.schema.getRootType(input.operation.operation);
  return { root: root ? compileSet(input, fragments, [input.operation.selectionSet], root) : undefined };
}

function compileSet(input: MaskPlanInput, fragments: Map<string, FragmentDefinitionNode>, sets: readonly SelectionSetNode[], type: GraphQLCompositeType): SetPlan | undefined {
  if (isObjectType(type)) {
    const plan = compileType(input, fragments, sets, type);
    return plan ? { abstract: false, plan } : undefined;
  }
  // An abstract selection is always walked: the concrete type must be known (the walk fails closed without
  // it), and the typename marker the gateway added is to be removed.
  const members = new Map<string, TypePlan | undefined>();
  for (const member of input.schema.getPossibleTypes(type)) members.set(member.name, compileType(input, fragments, sets, member));
  return { abstract: true, type, members };
}

function compileType(input: MaskPlanInput, fragments: Map<string, FragmentDefinitionNode>, sets: readonly SelectionSetNode[], type: GraphQLObjectType): TypePlan | undefined {
  let marked = false;
  /** Response keys in the order the walk meets them first; a key masked or descended into once. */
  const order: string[] = [];
  const masked = new Map<string, { coordinate: string; strategy: string }>();
  const descend = new Map<string, { type: GraphQLCompositeType; sets: SelectionSetNode[] }>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        if (MARKERS.has(key)) {
          marked = true;
          continue;
        }
        if (name.startsWith('__')) continue;
        const field = type.getFields()[name];
        if (!field) continue;
        const coordinate = `${type.name}.${name}`;
        const strategy = input.strategyFor(coordinate);
        if (strategy) {
          if (!masked.has(key) && !descend.has(key)) order.push(key);
          if (!masked.has(key)) masked.set(key, { coordinate, strategy });
        } else if (selection.selectionSet) {
          const named = getNamedType(field.type);
          if (!isCompositeType(named)) continue;
          if (!masked.has(key) && !descend.has(key)) order.push(key);
          const entry = descend.get(key);
          if (entry) entry.sets.push(selection.selectionSet);
          else descend.set(key, { type: named, sets: [selection.selectionSet] });
        }
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragment?.typeCondition.name.value;
        const selections = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment?.selectionSet;
        if (selections && typeConditionApplies(input.schema, condition, type)) collect(selections);
      }
    }
  };
  for (const set of sets) collect(set);
  const steps: Step[] = [];
  for (const key of order) {
    const mask = masked.get(key);
    // A key masked as a whole is not descended into (the walk masks, or walks, a field: never both).
    if (mask) {
      steps.push({ key, ...mask });
      continue;
    }
    const next = descend.get(key)!;
    const child = compileSet(input, fragments, next.sets, next.type);
    if (child) steps.push({ key, child });
  }
  return marked || steps.length > 0 ? { type, marked, steps } : undefined;
}

interface Run extends MaskPlanHooks {
  masked: Map<string, MaskedPath>;
  /** The objects being walked, innermost last, with the subject each one is (if it is one). */
  stack: { owner: ValueOwner; subject: AnswerSubject | undefined }[];
}

/**
 * Masks `data` in place along the plan, reports the data subjects it passes, removes the gateway's markers.
 * Returns the masked paths, list positions as `[*]`.
 */
export function runMaskPlan(plan: MaskPlan, data: Record<string, unknown>, hooks: MaskPlanHooks): MaskedPath[] {
  if (!plan.root) return [];
  const run: Run = { ...hooks, masked: new Map(), stack: [] };
  runSet(run, plan.root, data, '');
  return [...run.masked.values()];
}

function runSet(run: Run, set: SetPlan, value: Record<string, unknown>, path: string) {
  if (!set.abstract) return runObject(run, set.plan, value, path);
  const name = value[TYPENAME_MARKER] ?? value.__typename;
  // Masking fails closed: without the concrete type, no value can be said to be safe.
  if (typeof name !== 'string' || !set.members.has(name)) throw new Error(`cannot tell the concrete type of a ${set.type.name} value`);
  const plan = set.members.get(name);
  if (plan) runObject(run, plan, value, path);
}

function runValue(run: Run, set: SetPlan, value: unknown, path: string) {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const itemPath = `${path}[*]`;
    for (const item of value) runValue(run, set, item, itemPath);
    return;
  }
  runSet(run, set, value as Record<string, unknown>, path);
}

function runObject(run: Run, plan: TypePlan, value: Record<string, unknown>, path: string) {
  const { stack } = run;
  let subject: AnswerSubject | undefined;
  let owner: ValueOwner = { type: plan.type.name };
  if (plan.marked) {
    const key = value[SUBJECT_MARKER];
    const record = value[RECORD_MARKER];
    if (typeof key === 'string') {
      const found = SUBJECT_KEYS[plan.type.name];
      if (found) subject = { type: found.subject, identifier: key };
      run.onSubject?.(plan.type.name, key, path, enclosingSubject(stack));
    }
    if (typeof record === 'string') owner = { type: plan.type.name, record };
  }
  stack.push({ owner, subject });
  for (const step of plan.steps) {
    if (!(step.key in value)) continue;
    const stepPath = path ? `${path}.${step.key}` : step.key;
    if (step.child) runValue(run, step.child, value[step.key], stepPath);
    else maskField(run, value, step.key, step.strategy, step.coordinate, stepPath, owner);
  }
  stack.pop();
  if (plan.marked) {
    delete value[TYPENAME_MARKER];
    delete value[SUBJECT_MARKER];
    delete value[RECORD_MARKER];
  }
}

function enclosingSubject(stack: Run['stack']): AnswerSubject | undefined {
  for (let index = stack.length - 1; index >= 0; index -= 1) if (stack[index]!.subject) return stack[index]!.subject;
  return undefined;
}

function maskField(run: Run, value: Record<string, unknown>, key: string, strategy: string, coordinate: string, path: string, owner: ValueOwner) {
  let changed = false;
  let reported = strategy;
  const maskDeep = (item: unknown): unknown => {
    if (item === null || item === undefined) return item;
    if (Array.isArray(item)) return item.map(maskDeep);
    changed = true;
    const applied = run.strategyOf?.(strategy, item, coordinate) ?? strategy;
    if (applied !== strategy) reported = applied;
    return run.mask(applied, item, coordinate, owner);
  };
  value[key] = maskDeep(value[key]);
  const known = run.masked.get(path);
  if (changed && (!known || reported !== strategy)) run.masked.set(path, { path, coordinate, strategy: reported });
}
