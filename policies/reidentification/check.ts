import { decideField, type Decision } from '../decide';
import type { Purpose } from '../purpose';
import type { FieldInfo, SchemaDescription } from '../schemaDescription';
import type { PolicyProblem } from '../validate';
import { FACTS, POPULATION, type FactName } from './population';
import {
  IDENTIFYING_KINDS,
  PERSON_OWN_RECORDS,
  PERSON_PUBLIC_REGISTER_LINKS,
  PERSON_UNCLASSIFIED,
  REVEALED_BY_FIELD,
  REVEALED_BY_KIND,
} from './revealed';

/** One fact a subject view shows, and the fields that show it. */
export interface ShownFact {
  readonly fact: FactName;
  readonly label: string;
  /** Its share as counted: after subsumption, and conditional where a correlated fact is known too. */
  readonly share: number;
  readonly fields: readonly string[];
}

/** What one query can return about one subject of a type, and how many people it leaves. */
export interface SubjectView {
  readonly type: string;
  readonly facts: readonly ShownFact[];
  /** Expected people in the population sharing everything shown (at least 1: the subject). */
  readonly candidates: number;
}

/** `Person.enterprises`, shown with `Enterprise.name`: the register names the enterprise's legal representative. */
export interface PublicRegisterLink {
  readonly relation: string;
  readonly shownBy: readonly string[];
}

export type ReidentificationAssessment =
  | { readonly purpose: string; readonly status: 'identifies'; readonly who: string; readonly legalBasis: readonly string[] }
  | {
      readonly purpose: string;
      readonly status: 'pass' | 'fail';
      readonly k: number;
      /** One per subject type the purpose covers, narrowest first. */
      readonly views: readonly SubjectView[];
      /** Fields of Person the model does not know: the purpose fails until they are modelled. */
      readonly unmodelled: readonly string[];
      /** Relations of Person to a public register that names the person, shown with what finds the record there. */
      readonly publicRegisterLinks: readonly PublicRegisterLink[];
    };

interface Sighting {
  readonly fact: FactName;
  readonly field: string;
}

function visible(decision: Decision): boolean {
  return decision.effect !== 'deny';
}

/** Strategies that write nothing of the value (a keyed pseudonym tells nothing by itself). */
const WITHHOLDING_STRATEGIES: ReadonlySet<string> = new Set(['redact', 'pseudonym']);

/** Whether the decision shows nothing of an unclassified field: denied, redacted or pseudonymised. */
function withholds(decision: Decision): boolean {
  return decision.effect === 'deny' || (decision.effect === 'mask' && WITHHOLDING_STRATEGIES.has(decision.strategy));
}

/** How the decision shows the field: `allow` or the mask strategy's name; undefined when it is withheld. */
function shownAs(decision: Decision): string | undefined {
  if (decision.effect === 'deny') return undefined;
  return decision.effect === 'mask' ? decision.strategy : 'allow';
}

/** The facts a classified field shows under a decision (unknown strategies: as if allowed, fail closed). */
function factsOfClassified(coordinate: string, info: FieldInfo, decision: Decision): readonly FactName[] {
  const how = shownAs(decision);
  if (how === undefined || info.kind === undefined) return [];
  const revealed = REVEALED_BY_FIELD[coordinate] ?? REVEALED_BY_KIND[info.kind];
  if (!revealed) return []; // amounts, narratives, criminal involvement: not quasi-identifiers of the person
  return revealed[how] ?? revealed.allow ?? [];
}

/** The sightings of facts in one type's own fields under the purpose. */
function sightingsOf(purpose: Purpose, type: string, fields: ReadonlyMap<string, FieldInfo>, unmodelled: string[]): Sighting[] {
  const sightings: Sighting[] = [];
  for (const [field, info] of fields) {
    const coordinate = `${type}.${field}`;
    const decision = decideField(purpose, { type, field, ...info });
    if (info.kind !== undefined) {
      for (const fact of factsOfClassified(coordinate, info, decision)) sightings.push({ fact, field: coordinate });
    } else if (type === 'Person' && !info.returnTypeIsObject && !withholds(decision)) {
      const facts = PERSON_UNCLASSIFIED[field];
      if (facts === undefined && field !== '__typename') unmodelled.push(coordinate);
      for (const fact of facts ?? []) sightings.push({ fact, field: coordinate });
    }
  }
  return sightings;
}

/** Combines sightings into counted facts: subsumed ones dropped, correlated ones conditional. */
function countFacts(sightings: readonly Sighting[]): ShownFact[] {
  const fieldsOf = new Map<FactName, string[]>();
  for (const { fact, field } of sightings) {
    const fields = fieldsOf.get(fact) ?? [];
    if (!fields.includes(field)) fields.push(field);
    fieldsOf.set(fact, fields);
  }
  const present = new Set(fieldsOf.keys());
  if (present.has('identifier')) {
    return [{ fact: 'identifier', label: FACTS.identifier.label, share: FACTS.identifier.share, fields: fieldsOf.get('identifier') ?? [] }];
  }
  const subsumed = new Set<FactName>();
  for (const name of present) for (const inner of FACTS[name].subsumes ?? []) subsumed.add(inner);
  // Known: shown, or implied by a fact shown (a street address implies its county).
  const known = (name: FactName) => present.has(name) || subsumed.has(name);
  const counted: ShownFact[] = [];
  for (const [name, fields] of fieldsOf) {
    if (subsumed.has(name)) continue;
    const fact = FACTS[name];
    const share = fact.given && known(fact.given.fact) ? fact.given.share : fact.share;
    counted.push({ fact: name, label: fact.label, share, fields });
  }
  return counted;
}

function viewOf(type: string, sightings: readonly Sighting[]): SubjectView {
  const facts = countFacts(sightings);
  const expected = facts.reduce((people, fact) => people * fact.share, POPULATION);
  return { type, facts, candidates: Math.max(1, expected) };
}

/** Whether a type (other than Person) describes one person: it has a field of an identifying kind. */
function describesAPerson(fields: ReadonlyMap<string, FieldInfo>): boolean {
  return [...fields.values()].some((info) => info.kind !== undefined && IDENTIFYING_KINDS.includes(info.kind));
}

/**
 * How far what the purpose shows of one subject narrows a person down. A subject's view is every visible
 * field of a subject type (Person from every agency, as the composed graph has it; any covered type with
 * an identifying field) plus, for Person, what its own records show (its accounts' numbers). The expected
 * number of people sharing all of it is the population times the facts' shares (independent, except where
 * the model says they overlap). A purpose that identifies by design is not assessed.
 */
export function assessReidentification(purpose: Purpose, schema: SchemaDescription): ReidentificationAssessment {
  if (purpose.identifiesSubjects) {
    return { purpose: purpose.name, status: 'identifies', who: purpose.identifiesSubjects.who, legalBasis: purpose.identifiesSubjects.legalBasis };
  }
  const unmodelled: string[] = [];
  const publicRegisterLinks: PublicRegisterLink[] = [];
  const views: SubjectView[] = [];
  for (const type of purpose.coveredTypes) {
    const fields = schema.types.get(type);
    if (!fields || (type !== 'Person' && !describesAPerson(fields))) continue;
    const sightings = sightingsOf(purpose, type, fields, unmodelled);
    if (type === 'Person') {
      for (const relation of PERSON_OWN_RECORDS) {
        const info = fields.get(relation);
        if (!info || !visible(decideField(purpose, { type, field: relation, ...info }))) continue;
        const records = schema.types.get(info.returnType);
        if (records) sightings.push(...sightingsOf(purpose, info.returnType, records, unmodelled));
      }
      publicRegisterLinks.push(...visibleRegisterLinks(purpose, schema, fields));
    }
    views.push(viewOf(type, sightings));
  }
  views.sort((a, b) => a.candidates - b.candidates);
  const fails = unmodelled.length > 0 || views.some((view) => view.candidates < purpose.kAnonymity);
  return { purpose: purpose.name, status: fails ? 'fail' : 'pass', k: purpose.kAnonymity, views, unmodelled, publicRegisterLinks };
}

/** `Person.enterprises` when it is shown together with a field that finds the enterprise in the register. */
function visibleRegisterLinks(purpose: Purpose, schema: SchemaDescription, person: ReadonlyMap<string, FieldInfo>): PublicRegisterLink[] {
  const links: PublicRegisterLink[] = [];
  for (const [relation, keys] of Object.entries(PERSON_PUBLIC_REGISTER_LINKS)) {
    const info = person.get(relation);
    if (!info || !visible(decideField(purpose, { type: 'Person', field: relation, ...info }))) continue;
    const records = schema.types.get(info.returnType);
    const shown = keys.filter((key) => {
      const keyInfo = records?.get(key);
      return keyInfo !== undefined && decideField(purpose, { type: info.returnType, field: key, ...keyInfo }).effect === 'allow';
    });
    if (shown.length > 0) links.push({ relation: `Person.${relation}`, shownBy: shown.map((key) => `${info.returnType}.${key}`) });
  }
  return links;
}

/** A count for people: 1,500 · 27 · 2.7 (candidates are at least 1: the subject). */
export function formatCandidates(candidates: number): string {
  return candidates >= 10 ? Math.round(candidates).toLocaleString('en-US') : String(Math.round(candidates * 10) / 10);
}

function describeView(view: SubjectView): string {
  const shown = view.facts.map((fact) => `${fact.label} (${fact.fields.join(', ')})`).join('; ');
  return `one ${view.type}'s visible fields — ${shown || 'nothing identifying'} — leave about ${formatCandidates(view.candidates)} of ${POPULATION.toLocaleString('en-US')} people`;
}

/**
 * The re-identification check (issue 9, 3(b)): an error for every purpose whose visible fields of one
 * subject, taken together, leave fewer than its k people, or that shows a field of Person the model does
 * not know; a warning where a purpose links a person to a public register that names them. Pure; the
 * gateway runs it at start-up with validation (errors stop it), `policy:explain -- --check` in CI.
 */
export function checkReidentification(schema: SchemaDescription, purposes: readonly Purpose[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const purpose of purposes) {
    const assessment = assessReidentification(purpose, schema);
    if (assessment.status === 'identifies') continue;
    const label = `Purpose "${purpose.name}"`;
    for (const link of assessment.publicRegisterLinks) {
      problems.push({
        severity: 'warning',
        purpose: purpose.name,
        coordinate: link.relation,
        message: `${label}: shows ${link.relation} with ${link.shownBy.join(' and ')}. The enterprise register publishes every legal representative by name, so this identifies the person whatever the masks; deny the relation unless the purpose may know who represents an enterprise.`,
      });
    }
    for (const coordinate of assessment.unmodelled) {
      problems.push({
        severity: 'error',
        purpose: purpose.name,
        coordinate,
        message: `${label}: shows ${coordinate}, which the re-identification model does not know. Say what it tells about a person in policies/reidentification/revealed.ts, or deny it.`,
      });
    }
    for (const view of assessment.views.filter((candidate) => candidate.candidates < assessment.k)) {
      problems.push({
        severity: 'error',
        purpose: purpose.name,
        coordinate: view.type,
        message: `${label}: ${describeView(view)}, fewer than its k of ${assessment.k.toLocaleString('en-US')}. Mask or deny some of these fields (docs/reidentification.md), or, if the purpose identifies people by design, declare identifiesSubjects with its legal basis.`,
      });
    }
  }
  return problems;
}
