import { GraphQLError, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { decideOperation } from '../gateway/enforcement/operationPolicy';
import { isLimitErrorCode, type LimitErrorCode } from '../gateway/limits/limitErrors';
import type { OperationLimits } from '../gateway/limits/operationLimits';
import { recursiveSelections } from '../gateway/limits/recursiveSelections';
import { operationLimitRules } from '../gateway/limits/validationRules';
import type { PolicyGraph } from '../gateway/policyGraph';
import { findPurpose, type Purpose } from '../policies';
import type { OperationAgencies } from './operationAgencies';
import { splitOperations, type OperationDocument } from './operationDocuments';
import { checkPeriod, type Actor, type Period } from './workflow';
import { WorkflowError } from './workflowError';

/** What an application submits (the API's SharingRequestInput). */
export interface SharingRequestInput {
  title: string;
  justification: string;
  purpose: string;
  document: string;
  validFrom: string;
  validTo: string;
}

/** One field an operation reaches and what the purpose does with it: the decision view a steward reviews. */
export interface FieldDecisionView {
  coordinate: string;
  effect: 'allow' | 'mask' | 'deny';
  strategy?: string;
  reason?: string;
}

export interface RequestedOperationView {
  name: string;
  document: string;
  documentHash: string;
  variables: string[];
  /** The subgraphs its query plan fetches from: whose stewards approve. */
  agencies: string[];
  fields: FieldDecisionView[];
}

export interface CheckedSubmission {
  title: string;
  justification: string;
  purpose: Purpose;
  period: Period;
  operations: RequestedOperationView[];
  /** Every agency any operation reads. */
  agencies: string[];
}

/** One gateway limit an operation exceeds: it would be refused with `code` every time it ran. */
export interface ExceededLimit {
  operation: string;
  code: LimitErrorCode;
  limit: number;
  measured?: number;
}

/** The most a request may hold: larger sets are several requests, each reviewed on its own. */
export const SUBMISSION_LIMITS = Object.freeze({ documentCharacters: 100_000, operations: 20, titleCharacters: 200, justificationCharacters: 4_000 });

/**
 * Checks a submission and computes its decision view, the same decisions the gateway makes: the purpose
 * exists and the submitter's roles permit it, the document parses and validates against the served graph,
 * every operation is a named query, and no field it reaches is denied under the purpose (the whole request
 * is refused with BAD_USER_INPUT naming the fields), and no operation exceeds the gateway's operation
 * limits (`limits`, the gateway's configured ones): an agreed operation the gateway refuses every time is
 * no agreement. Pure over the graph; `now` decides the period check.
 */
export function checkSubmission(
  input: SharingRequestInput,
  actor: Actor,
  graph: PolicyGraph,
  agenciesOf: OperationAgencies,
  now: Date,
  limits: OperationLimits,
): CheckedSubmission {
  const title = requiredText(input.title, 'title', SUBMISSION_LIMITS.titleCharacters);
  const justification = requiredText(input.justification, 'justification', SUBMISSION_LIMITS.justificationCharacters);
  const purpose = findPurpose(input.purpose);
  if (!purpose) throw new WorkflowError('BAD_USER_INPUT', `"${input.purpose.slice(0, 64)}" is not a known purpose.`, { field: 'purpose' });
  if (!purpose.roles.some((role) => actor.roles.includes(role))) {
    throw new WorkflowError('BAD_USER_INPUT', `Purpose "${purpose.name}" is for the roles ${purpose.roles.join(', ')}; the application holds none of them, so no agreement under it could run.`, {
      field: 'purpose',
      permittedRoles: [...purpose.roles],
    });
  }
  const period = checkPeriod(input.validFrom, input.validTo, now);
  const operations = splitOperations(parsedDocument(input.document, graph));
  if (operations.length === 0) throw new WorkflowError('BAD_USER_INPUT', 'The document holds no operation.', { field: 'document' });
  if (operations.length > SUBMISSION_LIMITS.operations) {
    throw new WorkflowError('BAD_USER_INPUT', `A request holds at most ${SUBMISSION_LIMITS.operations} operations.`, { field: 'document' });
  }
  const anonymous = operations.filter((operation) => operation.name === '');
  if (anonymous.length > 0) throw new WorkflowError('BAD_USER_INPUT', 'Every operation needs a name: an agreement lists its operations by name.', { field: 'document' });
  const notQueries = operations.filter((operation) => operation.type !== 'query');
  if (notQueries.length > 0) {
    throw new WorkflowError('BAD_USER_INPUT', `Only queries can be agreed: ${notQueries.map((operation) => `${operation.name} is a ${operation.type}`).join(', ')}.`, {
      field: 'document',
      operations: notQueries.map((operation) => operation.name),
    });
  }
  const exceeded = exceededLimits(operations, graph, limits);
  if (exceeded.length > 0) {
    throw new WorkflowError(
      'BAD_USER_INPUT',
      `The gateway would refuse ${exceeded.map((found) => `${found.operation} (${found.code}: ${found.measured !== undefined ? `${found.measured}, ` : ''}at most ${found.limit})`).join(', ')}: make these operations smaller.`,
      { field: 'document', exceededLimits: exceeded },
    );
  }
  const views = operations.map((operation) => decisionView(operation, purpose, graph, agenciesOf));
  const refused = views.flatMap((view) => view.fields.filter((field) => field.effect === 'deny').map((field) => ({ operation: view.name, coordinate: field.coordinate, reason: field.reason ?? '' })));
  if (refused.length > 0) {
    throw new WorkflowError(
      'BAD_USER_INPUT',
      `Purpose "${purpose.name}" refuses ${refused.map((field) => `${field.coordinate} (in ${field.operation})`).join(', ')}: remove them, the gateway would refuse these operations.`,
      { field: 'document', refusedFields: refused },
    );
  }
  return { title, justification, purpose, period, operations: views, agencies: [...new Set(views.flatMap((view) => view.agencies))].sort() };
}

/** One operation's decision view: each field it reaches under the purpose, and the agencies its plan reads. */
export function decisionView(operation: OperationDocument, purpose: Purpose, graph: PolicyGraph, agenciesOf: OperationAgencies): RequestedOperationView {
  const policy = decideOperation(graph, purpose, operation.ast, operation.operation);
  const fields = policy.decisions.map((decision): FieldDecisionView => {
    if (decision.effect === 'mask') return { coordinate: decision.coordinate, effect: 'mask', strategy: decision.strategy };
    if (decision.effect === 'deny') return { coordinate: decision.coordinate, effect: 'deny', reason: decision.reason };
    return { coordinate: decision.coordinate, effect: 'allow' };
  });
  // A refused operation is never planned: the gateway would not plan it either.
  const agencies = policy.denied.length > 0 ? [] : plannedAgencies(operation, agenciesOf);
  return { name: operation.name, document: operation.document, documentHash: operation.documentHash, variables: operation.variables, agencies, fields };
}

/** The agencies the plan reads; an operation the planner cannot plan would not run at the gateway either. */
function plannedAgencies(operation: OperationDocument, agenciesOf: OperationAgencies): string[] {
  try {
    return agenciesOf(operation.ast, operation.name);
  } catch {
    throw new WorkflowError('BAD_USER_INPUT', `${operation.name} cannot be planned over the served graph: the gateway could not run it.`, { field: 'document', operation: operation.name });
  }
}

/**
 * Each operation checked on its own, as the application will send it (its printed document), in the
 * gateway's order: its parser's token limit, Apollo's count of fragment-expanded selections, then the rules
 * it validates with (gateway/limits/validationRules.ts) — which walk fragments expanded, so a fragment bomb
 * must be refused before them.
 */
export function exceededLimits(operations: readonly OperationDocument[], graph: PolicyGraph, limits: OperationLimits): ExceededLimit[] {
  const rules = operationLimitRules(limits);
  return operations.flatMap((operation): ExceededLimit[] => {
    try {
      parse(operation.document, { maxTokens: limits.maxTokens });
    } catch {
      // The text is graphql-js's own print of a parsed document: only the token limit can refuse it.
      return [{ operation: operation.name, code: 'TOO_MANY_TOKENS', limit: limits.maxTokens }];
    }
    const [selections = 0] = recursiveSelections(operation.ast);
    if (selections > limits.maxSelections) {
      // A bomb of some thousand fragments expands beyond any number: the count is then only "too many".
      return [{ operation: operation.name, code: 'TOO_MANY_SELECTIONS', limit: limits.maxSelections, ...(Number.isFinite(selections) ? { measured: selections } : {}) }];
    }
    return validate(graph.apiSchema, operation.ast, rules).map((error) => {
      const { code, limit, measured } = error.extensions as { code?: unknown; limit?: unknown; measured?: unknown };
      if (!isLimitErrorCode(code) || typeof limit !== 'number') throw error;
      return { operation: operation.name, code, limit, ...(typeof measured === 'number' ? { measured } : {}) };
    });
  });
}

function parsedDocument(text: string, graph: PolicyGraph): DocumentNode {
  if (typeof text !== 'string' || text.trim() === '') throw new WorkflowError('BAD_USER_INPUT', 'document is empty: send the named operations the application runs.', { field: 'document' });
  if (text.length > SUBMISSION_LIMITS.documentCharacters) {
    throw new WorkflowError('BAD_USER_INPUT', `document is longer than ${SUBMISSION_LIMITS.documentCharacters} characters.`, { field: 'document' });
  }
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: 20_000 });
  } catch (error) {
    throw new WorkflowError('BAD_USER_INPUT', `document does not parse: ${(error as GraphQLError).message}`, { field: 'document' });
  }
  const errors = validate(graph.apiSchema, document, specifiedRules);
  if (errors.length > 0) {
    throw new WorkflowError('BAD_USER_INPUT', `document is not valid against the graph: ${errors.slice(0, 10).map((error) => error.message).join(' ')}`, {
      field: 'document',
    });
  }
  return document;
}

function requiredText(value: string, field: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new WorkflowError('BAD_USER_INPUT', `${field} is required.`, { field });
  if (text.length > max) throw new WorkflowError('BAD_USER_INPUT', `${field} is longer than ${max} characters.`, { field });
  return text;
}
