import { ROOT_TYPES } from './coordinates';
import { decideField, type Decision } from './decide';
import type { Purpose } from './purpose';
import { assessReidentification, formatCandidates } from './reidentification/check';
import { POPULATION } from './reidentification/population';
import type { Rule } from './rules';
import type { FieldInfo, SchemaDescription } from './schemaDescription';

export interface ExplainOptions {
  /** The heading level of each purpose's section (default 2: `##`). */
  readonly headingLevel?: number;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text}\``;
}

function describeRule(rule: Rule): string {
  switch (rule.effect) {
    case 'allow':
      return rule.note ? `allow (${rule.note})` : 'allow';
    case 'mask':
      return rule.note ? `mask: ${rule.strategy} (${rule.note})` : `mask: ${rule.strategy}`;
    case 'deny':
      return `deny (${rule.reason})`;
  }
}

function caseRefLine(purpose: Purpose): string {
  if (!purpose.caseRef.required) return 'not required';
  const pattern = purpose.caseRef.pattern ? `, pattern ${code(purpose.caseRef.pattern.source)}` : '';
  return `required: ${purpose.caseRef.description}${pattern}`;
}

function budgetsLine(purpose: Purpose): string {
  const { subjectsPerUserHour, identifierLookupsPerOperation, identifierLookupsPerUserHour, refusalBurst } = purpose.budgets;
  return `- **Budgets (per user):** ${subjectsPerUserHour} distinct subjects an hour; ${identifierLookupsPerOperation} lookups by an identifier it masks per operation, ${identifierLookupsPerUserHour} an hour; stopped at ${refusalBurst.refusals} refusals within ${refusalBurst.windowMinutes} minutes`;
}

/** The subjects' identifiers, which root fields look subjects up by (`person(idNumber:)`, …). */
const SUBJECT_IDENTIFIERS = ['Person.idNumber', 'Enterprise.creditCode', 'Account.accountNumber'] as const;

/** Which identifiers the lookup budget counts under this purpose: those it does not show in clear. */
function lookupsLine(purpose: Purpose, schema: SchemaDescription | undefined): string[] {
  if (!schema) return [];
  const counted = SUBJECT_IDENTIFIERS.flatMap((coordinate) => {
    const [type = '', field = ''] = coordinate.split('.');
    const info = schema.types.get(type)?.get(field);
    if (!info || !purpose.coveredTypes.includes(type)) return [];
    const decision = decideField(purpose, { type, field, ...info });
    if (decision.effect === 'allow') return [];
    return [`${code(coordinate)} (${decision.effect === 'mask' ? decision.strategy : 'denied'})`];
  });
  const pseudonymised = counted.some((entry) => entry.includes('(pseudonym)'));
  return [
    counted.length === 0
      ? '- **Identifier lookups:** it shows the subjects’ identifiers in clear; lookups by them are not budgeted'
      : `- **Identifier lookups:** counted against the lookup budget (IDENTIFIER_LOOKUP_BUDGET_EXCEEDED): ${counted.join(', ')}${
          pseudonymised ? '; the pseudonym of an identifier the operation itself names is withheld' : ''
        }`,
  ];
}

function breakGlassLine(purpose: Purpose): string {
  const scope = purpose.caseRef.required ? 'the case scope or a budget' : 'a budget';
  return `- **Break-glass:** \`X-Break-Glass: <justification>\` lets one request exceed ${scope}, recorded and queued for review; never a denied field`;
}

/** The re-identification check's verdict: who a declared purpose identifies, or the narrowest subject view. */
function reidentificationLines(purpose: Purpose, schema: SchemaDescription | undefined): string[] {
  if (purpose.identifiesSubjects) {
    return [
      `- **Re-identification:** identifies by design ${purpose.identifiesSubjects.who}; not checked. Basis:`,
      ...purpose.identifiesSubjects.legalBasis.map((basis) => `  - ${basis}`),
    ];
  }
  const k = `k = ${purpose.kAnonymity.toLocaleString('en-US')}`;
  if (!schema) return [`- **Re-identification:** ${k}`];
  const assessment = assessReidentification(purpose, schema);
  if (assessment.status === 'identifies') return [];
  const narrowest = assessment.views[0];
  if (!narrowest) return [`- **Re-identification:** ${k}; shows no subject`];
  const verdict = assessment.status === 'pass' ? 'passes' : '**fails**';
  const shown = narrowest.facts.map((fact) => fact.label).join(', ') || 'nothing identifying';
  const links = assessment.publicRegisterLinks.map(
    (link) => `; note: ${code(link.relation)} with ${link.shownBy.map(code).join(' and ')} names the person through the public enterprise register`,
  );
  return [
    `- **Re-identification:** ${k}, ${verdict}: one ${narrowest.type} shows ${shown}, which about ${formatCandidates(narrowest.candidates)} of ${POPULATION.toLocaleString('en-US')} people share${links.join('')}`,
  ];
}

function caseRecordsLine(purpose: Purpose): string[] {
  const entries = Object.entries(purpose.caseRecordsOnly);
  if (entries.length === 0) return [];
  return [`- **Released only for the case's own records:** ${entries.map(([coordinate, records]) => `${code(coordinate)} (${records})`).join('; ')}`];
}

/** The short tag after a denied field: why, in a word or two. */
function denialTag(decision: Decision & { effect: 'deny' }, info: FieldInfo): string {
  switch (decision.basis) {
    case 'uncovered-return-type':
      return `→ ${info.returnType}`;
    case 'kind-rule':
      return info.kind ?? 'kind rule';
    case 'no-kind-rule':
      return `${info.kind ?? ''}, no rule`;
    default:
      return 'rule';
  }
}

interface TypeRow {
  readonly type: string;
  readonly allowed: string[];
  readonly masked: string[];
  readonly denied: string[];
  /** Every field allowed and none classified: listed together in one row. */
  readonly plain: boolean;
}

function typeRow(purpose: Purpose, type: string, fields: ReadonlyMap<string, FieldInfo>): TypeRow {
  const row: TypeRow = { type, allowed: [], masked: [], denied: [], plain: true };
  for (const [field, info] of fields) {
    const decision = decideField(purpose, { type, field, ...info });
    if (decision.effect === 'allow') {
      row.allowed.push(info.kind ? `${code(field)} (${info.kind})` : code(field));
    } else if (decision.effect === 'mask') {
      row.masked.push(`${code(field)} (${decision.strategy})`);
    } else {
      row.denied.push(`${code(field)} (${denialTag(decision, info)})`);
    }
  }
  const classified = [...fields.values()].some((info) => info.kind !== undefined);
  return { ...row, plain: row.masked.length === 0 && row.denied.length === 0 && !classified && !ROOT_TYPES.includes(type) };
}

function visibilityTable(purpose: Purpose, schema: SchemaDescription): string[] {
  const lines = ['| Type | Allowed | Masked (strategy) | Denied (why) |', '|---|---|---|---|'];
  const covered = [...ROOT_TYPES, ...purpose.coveredTypes];
  const rows = covered
    .filter((type, index) => covered.indexOf(type) === index)
    .flatMap((type) => {
      const fields = schema.types.get(type);
      return fields && fields.size > 0 ? [typeRow(purpose, type, fields)] : [];
    });
  for (const row of rows.filter((candidate) => !candidate.plain)) {
    const list = (items: string[]) => (items.length > 0 ? cell(items.join(', ')) : '—');
    lines.push(`| ${code(row.type)} | ${list(row.allowed)} | ${list(row.masked)} | ${list(row.denied)} |`);
  }
  const plain = rows.filter((row) => row.plain).map((row) => code(row.type));
  if (plain.length > 0) lines.push(`| ${plain.join(', ')} | all fields | — | — |`);

  const missing = purpose.coveredTypes.filter((type) => !schema.types.has(type) && !ROOT_TYPES.includes(type));
  const uncovered = [...schema.types.keys()].filter((type) => !covered.includes(type)).map(code);
  const notes: string[] = [];
  if (uncovered.length > 0) notes.push(`Not covered, every field denied: ${uncovered.join(', ')}.`);
  if (missing.length > 0) notes.push(`Covered but not in the graph yet: ${missing.map(code).join(', ')}.`);
  return notes.length > 0 ? [...lines, '', ...notes] : lines;
}

function purposeSection(purpose: Purpose, schema: SchemaDescription | undefined, level: number): string[] {
  const lines = [
    `${'#'.repeat(level)} ${purpose.title} — ${code(purpose.name)}`,
    '',
    purpose.description,
    '',
    `- **Roles:** ${purpose.roles.map(code).join(', ')}`,
    `- **Case reference (X-Case-Ref):** ${caseRefLine(purpose)}`,
    '- **Legal basis:**',
    ...purpose.legalBasis.map((basis) => `  - ${basis}`),
  ];
  const kindRules = Object.entries(purpose.kindRules).filter((entry): entry is [string, Rule] => entry[1] !== undefined);
  if (kindRules.length > 0) {
    lines.push(`- **By kind:** ${kindRules.map(([kind, rule]) => `${kind} → ${describeRule(rule)}`).join('; ')}`);
  }
  const fieldRules = Object.entries(purpose.fieldRules).filter((entry): entry is [string, Rule] => entry[1] !== undefined);
  if (fieldRules.length > 0) {
    lines.push(`- **By field:** ${fieldRules.map(([coordinate, rule]) => `${code(coordinate)} → ${describeRule(rule)}`).join('; ')}`);
  }
  lines.push(
    ...caseRecordsLine(purpose),
    ...reidentificationLines(purpose, schema),
    budgetsLine(purpose),
    ...lookupsLine(purpose, schema),
    breakGlassLine(purpose),
  );
  lines.push(`- **Covers:** ${purpose.coveredTypes.map(code).join(', ')} (and the root types)`);
  if (schema) lines.push('', ...visibilityTable(purpose, schema));
  return lines;
}

/**
 * The policies as a Markdown document for the README and for privacy officers: an overview, then per
 * purpose its basis, roles, case-reference requirement and — given the schema — what it sees per type.
 */
export function explainPurposes(
  purposes: readonly Purpose[],
  schema?: SchemaDescription,
  options: ExplainOptions = {},
): string {
  const level = options.headingLevel ?? 2;
  const overview = [
    '| Purpose | 名称 | Roles | Case reference |',
    '|---|---|---|---|',
    ...purposes.map(
      (purpose) =>
        `| ${code(purpose.name)} | ${cell(purpose.title)} | ${purpose.roles.map(code).join(', ')} | ${purpose.caseRef.required ? cell(purpose.caseRef.description) : 'no'} |`,
    ),
  ];
  const sections = purposes.map((purpose) => purposeSection(purpose, schema, level).join('\n'));
  return `${[overview.join('\n'), ...sections].join('\n\n')}\n`;
}
