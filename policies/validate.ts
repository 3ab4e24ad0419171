import { budgetProblems } from './budgets';
import { parseCoordinate, ROOT_TYPES } from './coordinates';
import { decideField } from './decide';
import { isSensitiveKind, type SensitiveKind } from './kinds';
import { findMaskStrategy, MASK_STRATEGY_NAMES, whyNotApplicable } from './masks';
import { DEFAULT_K_ANONYMITY, type Purpose } from './purpose';
import { AUDIT_GRAPH_TYPES } from './purposes/auditGraph';
import type { Rule } from './rules';
import type { FieldInfo, SchemaDescription } from './schemaDescription';
import { didYouMean } from './suggest';

/** One thing wrong with the policies, as a sentence naming the purpose, the coordinate and the fix. */
export interface PolicyProblem {
  /** An error must be fixed before serving; a warning is expected for now (e.g. a planned type). */
  readonly severity: 'error' | 'warning';
  /** Undefined for a problem of the classification itself. */
  readonly purpose?: string;
  readonly coordinate?: string;
  readonly message: string;
}

export interface ValidationOptions {
  /**
   * Types announced but not yet in the schema (default: the audit graph's). A purpose covering one, or a
   * field rule naming one, is a warning instead of an error until the type exists.
   */
  readonly plannedTypes?: readonly string[];
}

/** Collects problems for one purpose; keeps the checks below short. */
class Report {
  readonly problems: PolicyProblem[] = [];
  constructor(private readonly purpose: Purpose) {}

  error(message: string, coordinate?: string): void {
    this.add('error', message, coordinate);
  }

  warning(message: string, coordinate?: string): void {
    this.add('warning', message, coordinate);
  }

  private add(severity: PolicyProblem['severity'], message: string, coordinate?: string): void {
    this.problems.push({
      severity,
      purpose: this.purpose.name,
      ...(coordinate === undefined ? {} : { coordinate }),
      message: `Purpose "${this.purpose.name}": ${message}`,
    });
  }
}

const PURPOSE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Checks one rule on its own; `kind` is set for a kind rule. */
function checkRule(report: Report, rule: Rule, where: string, kind?: SensitiveKind, coordinate?: string): void {
  switch (rule.effect) {
    case 'allow':
      return;
    case 'deny':
      if (typeof rule.reason !== 'string' || rule.reason.trim() === '') {
        report.error(`${where} denies without a reason. Say why, so a refused caller and the privacy officer can read it.`, coordinate);
      }
      return;
    case 'mask': {
      const strategy = findMaskStrategy(rule.strategy);
      if (!strategy) {
        report.error(
          `${where} masks with "${rule.strategy}", which is not a mask strategy${didYouMean(rule.strategy, MASK_STRATEGY_NAMES)}. Use one of ${MASK_STRATEGY_NAMES.join(', ')}.`,
          coordinate,
        );
      } else if (kind !== undefined && !strategy.kinds.includes(kind)) {
        report.error(
          `${where} masks with ${strategy.name}, which is meant for ${strategy.kinds.join(', ')}, not ${kind}. Pick a strategy for ${kind} (e.g. redact or pseudonym) or deny.`,
          coordinate,
        );
      }
      return;
    }
    default:
      report.error(`${where} has the effect "${(rule as { effect: unknown }).effect}"; a rule is allow, deny or mask.`, coordinate);
  }
}

/** What can be checked without a schema: names, roles, rule shapes, strategies against kinds. */
function checkPurposeItself(report: Report, purpose: Purpose): void {
  if (!PURPOSE_NAME.test(purpose.name)) {
    report.error(`the name "${purpose.name}" is not lower-case words joined by hyphens, as the X-Purpose header expects.`);
  }
  if (purpose.title.trim() === '' || purpose.description.trim() === '') {
    report.error('it needs a title and a description: they are shown to callers and privacy officers.');
  }
  if (purpose.legalBasis.length === 0) {
    report.error('it cites no legal basis. Every processing purpose needs one (PIPL art. 13); add the provisions it relies on.');
  }
  if (purpose.roles.length === 0) {
    report.error('no role is permitted to use it, so nobody can. Add the Keycloak realm roles that may.');
  }
  if (purpose.caseRef.required) {
    if (purpose.caseRef.description.trim() === '') {
      report.error('it requires a case reference but does not say what one is. Describe it (e.g. "the id of the dispute being mediated").');
    }
    const pattern = purpose.caseRef.pattern;
    if (pattern && (pattern.global || pattern.sticky)) {
      report.error(`its case-reference pattern ${String(pattern)} has the g or y flag, which makes test() depend on the previous call. Drop the flag.`);
    }
  }
  for (const [kind, rule] of Object.entries(purpose.kindRules) as [string, Rule | undefined][]) {
    if (!rule) continue;
    if (!isSensitiveKind(kind)) {
      report.error(`it has a rule for "${kind}", which is not a sensitive kind. Use one of the kinds in policies/kinds.ts.`);
      continue;
    }
    checkRule(report, rule, `the rule for ${kind} fields`, kind);
  }
  checkReidentificationSettings(report, purpose);
  for (const problem of budgetProblems(purpose.budgets, purpose.caseRef.required)) report.error(`${problem}.`);
  for (const coordinate of Object.keys(purpose.caseRecordsOnly)) {
    if (!purpose.caseRef.required) {
      report.error(`it releases ${coordinate} only for the case's own records, but it has no case reference. Remove the entry or require a case reference.`, coordinate);
    } else if (!parseCoordinate(coordinate)) {
      report.error(`the case-records key "${coordinate}" is not a coordinate of the form Type.field. Fix the key.`, coordinate);
    }
  }
  for (const [coordinate, rule] of Object.entries(purpose.fieldRules)) {
    if (!rule) continue;
    if (!parseCoordinate(coordinate)) {
      report.error(`the field rule key "${coordinate}" is not a coordinate of the form Type.field. Fix the key.`, coordinate);
      continue;
    }
    checkRule(report, rule, `the rule for ${coordinate}`, undefined, coordinate);
  }
}

/** The k of the re-identification check, or the declaration that replaces it. */
function checkReidentificationSettings(report: Report, purpose: Purpose): void {
  const declared = purpose.identifiesSubjects;
  if (declared) {
    if (declared.who.trim() === '' || declared.legalBasis.length === 0 || declared.legalBasis.some((basis) => basis.trim() === '')) {
      report.error('it declares that it identifies subjects without saying whom and on which legal basis. Both are required: the declaration skips the re-identification check.');
    }
    return;
  }
  const k = purpose.kAnonymity;
  if (!Number.isInteger(k) || k < 2) {
    report.error(`its kAnonymity is ${String(k)}; k is a whole number of at least 2 (the default is ${DEFAULT_K_ANONYMITY}).`);
  } else if (k < DEFAULT_K_ANONYMITY) {
    report.warning(`its kAnonymity of ${k} is below the default of ${DEFAULT_K_ANONYMITY}: a subject's visible fields may leave as few as ${k} people. The privacy officer should confirm it.`);
  }
}

/**
 * A mask rule must fit the field: meant for its kind, and able to write a value of its type at that position.
 * Reports the first misfit and returns whether the rule fits.
 */
function checkMaskFits(report: Report, rule: Rule, coordinate: string, info: FieldInfo, where: string, fix: string): boolean {
  if (rule.effect !== 'mask') return true;
  const strategy = findMaskStrategy(rule.strategy);
  if (!strategy) return false; // reported with the purpose itself
  if (info.kind !== undefined && !strategy.kinds.includes(info.kind)) {
    report.error(
      `${where} masks ${coordinate} (${info.kind}) with ${strategy.name}, which is meant for ${strategy.kinds.join(', ')}. ${fix}`,
      coordinate,
    );
    return false;
  }
  const { kind: _kind, ...shape } = info;
  const problem = whyNotApplicable(strategy, shape);
  if (problem !== undefined) {
    const type = `${info.scalar ?? info.returnType}${info.nullable ? '' : '!'}`;
    report.error(`${where} cannot mask ${coordinate} (${type}): ${problem}. ${fix}`, coordinate);
    return false;
  }
  return true;
}

function checkAgainstSchema(report: Report, purpose: Purpose, schema: SchemaDescription, planned: ReadonlySet<string>): void {
  const typeNames = [...schema.types.keys()];

  for (const typeName of purpose.coveredTypes) {
    if (schema.types.has(typeName) || ROOT_TYPES.includes(typeName)) continue;
    if (planned.has(typeName)) {
      report.warning(`it covers ${typeName}, which is planned but not in the schema yet. Nothing to do until it is composed; then it must exist.`);
    } else {
      report.error(`it covers ${typeName}, which is not an object, interface or union type of the schema${didYouMean(typeName, typeNames)}. Fix the name or remove it.`);
    }
  }

  for (const [coordinate, rule] of Object.entries(purpose.fieldRules)) {
    const parsed = rule && parseCoordinate(coordinate);
    if (!rule || !parsed) continue; // malformed keys are reported without the schema
    const fields = schema.types.get(parsed.type);
    if (!fields) {
      if (planned.has(parsed.type)) {
        report.warning(`the rule for ${coordinate} names ${parsed.type}, which is planned but not in the schema yet.`, coordinate);
      } else {
        report.error(`the rule for ${coordinate} names the type ${parsed.type}, which the schema does not have${didYouMean(parsed.type, typeNames)}. Fix the coordinate or remove the rule.`, coordinate);
      }
      continue;
    }
    const info = fields.get(parsed.field);
    if (!info) {
      report.error(`the rule for ${coordinate} names a field ${parsed.type} does not have${didYouMean(parsed.field, fields.keys())}. Fix the coordinate or remove the rule.`, coordinate);
      continue;
    }
    const fits = checkMaskFits(report, rule, coordinate, info, `the rule for ${coordinate}`, 'Use a strategy that fits the field, or deny it.');
    if (fits && rule.effect === 'mask' && info.kind === undefined) {
      report.warning(`the rule for ${coordinate} masks a field that is not classified. Classify it with @sensitive(kind: …) in its subgraph, so every purpose has to decide it.`, coordinate);
    }
  }

  for (const coordinate of Object.keys(purpose.caseRecordsOnly)) {
    const parsed = parseCoordinate(coordinate);
    const info = parsed && schema.types.get(parsed.type)?.get(parsed.field);
    if (!parsed || !info) {
      if (parsed) report.error(`it releases ${coordinate} only for the case's own records, but the schema has no such field. Fix the coordinate.`, coordinate);
      continue;
    }
    if (decideField(purpose, { ...parsed, ...info }).effect === 'deny') {
      report.error(`it releases ${coordinate} only for the case's own records, but its rules deny the field everywhere. Allow it by a field rule, or remove the entry.`, coordinate);
    }
  }

  const covered = new Set([...purpose.coveredTypes, ...ROOT_TYPES]);
  for (const typeName of covered) {
    const fields = schema.types.get(typeName);
    if (!fields) continue;
    for (const [fieldName, info] of fields) {
      const coordinate = `${typeName}.${fieldName}`;
      if (info.kind === undefined || Object.prototype.hasOwnProperty.call(purpose.fieldRules, coordinate)) continue;
      if (info.returnTypeIsObject && !covered.has(info.returnType)) continue; // denied: returns an uncovered type
      const kindRule = purpose.kindRules[info.kind];
      if (!kindRule) {
        report.error(
          `${coordinate} is classified ${info.kind} and the purpose covers ${typeName}, but it has neither a rule for ${info.kind} fields nor one for ${coordinate}, so the field is denied by default. Decide it: add a ${info.kind} rule or a rule for ${coordinate} (allow, mask or deny).`,
          coordinate,
        );
        continue;
      }
      // A strategy not meant for the kind at all is reported once, with the kind rule itself.
      const strategy = kindRule.effect === 'mask' ? findMaskStrategy(kindRule.strategy) : undefined;
      if (strategy && !strategy.kinds.includes(info.kind)) continue;
      checkMaskFits(
        report,
        kindRule,
        coordinate,
        info,
        `the rule for ${info.kind} fields`,
        `Add a rule for ${coordinate} (another strategy, or deny), or change the ${info.kind} rule.`,
      );
    }
  }
}

/**
 * Checks purposes against themselves and, given a schema description, against the graph. Returns every
 * problem found (errors and warnings); an empty list means the policies are consistent.
 */
export function validatePurposes(
  purposes: readonly Purpose[],
  schema?: SchemaDescription,
  options: ValidationOptions = {},
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const planned = new Set(options.plannedTypes ?? AUDIT_GRAPH_TYPES);

  const seen = new Set<string>();
  for (const purpose of purposes) {
    if (seen.has(purpose.name)) {
      problems.push({
        severity: 'error',
        purpose: purpose.name,
        message: `Purpose "${purpose.name}" is defined twice; X-Purpose could not tell them apart. Rename or remove one.`,
      });
    }
    seen.add(purpose.name);
  }

  for (const coordinate of schema?.unmatchedClassifications ?? []) {
    problems.push({
      severity: 'error',
      coordinate,
      message: `The classification names ${coordinate}, which the schema does not have. Fix the @sensitive classification (or the name).`,
    });
  }

  for (const purpose of purposes) {
    const report = new Report(purpose);
    checkPurposeItself(report, purpose);
    if (schema) checkAgainstSchema(report, purpose, schema, planned);
    problems.push(...report.problems);
  }
  return problems;
}

/** The problems as a readable list (one line each), e.g. for a startup failure or a CI log. */
export function formatProblems(problems: readonly PolicyProblem[]): string {
  return problems.map((problem) => `- ${problem.severity}: ${problem.message}`).join('\n');
}
