import { getNamedType, isLeafType, isObjectType, isInterfaceType, type GraphQLSchema } from 'graphql';
import type { Classification, NotPersonalMarks } from '../../policies';
import type { ChangedField } from './changedFields';
import type { Finding } from './report';

/**
 * Every new or changed field that holds a value (returns a scalar or an enum) must say what it holds:
 * `@sensitive(kind:)` or `@notPersonal(reason:)`, not both. A field returning an object holds no value of
 * its own (its type's fields are classified), and an `@external` field belongs to another subgraph. Pure.
 */
export function classificationFindings(
  changed: readonly ChangedField[],
  candidateApi: GraphQLSchema,
  /** What the composed candidate supergraph says (policies/classification.ts): where the gateway reads it. */
  composed: { classification: Classification; notPersonal: NotPersonalMarks },
): Finding[] {
  const findings: Finding[] = [];
  for (const field of changed) {
    if (field.directives.includes('external')) continue;
    const [typeName = '', fieldName = ''] = field.coordinate.split('.');
    const type = candidateApi.getType(typeName);
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
    const definition = type.getFields()[fieldName];
    // Not in the API schema (@inaccessible, a federation internal): clients cannot select it.
    if (!definition || !isLeafType(getNamedType(definition.type))) continue;
    const sensitive = field.directives.includes('sensitive');
    const notPersonal = field.directives.includes('notPersonal');
    if (sensitive && notPersonal) {
      findings.push({
        check: 'classification',
        severity: 'blocking',
        message: `${field.coordinate} is marked both @sensitive and @notPersonal.`,
        fix: `Keep one: @sensitive(kind: "…") when ${field.coordinate} can hold personal data, @notPersonal(reason: "…") when it cannot.`,
        coordinate: field.coordinate,
      });
    } else if ((sensitive && !composed.classification.has(field.coordinate)) || (notPersonal && !composed.notPersonal.has(field.coordinate))) {
      // A directive of the same name the subgraph defined itself, or imported under another name, never
      // reaches the supergraph: the gateway would see the field unclassified.
      findings.push({
        check: 'classification',
        severity: 'blocking',
        message: `${field.coordinate} is marked @${sensitive ? 'sensitive' : 'notPersonal'}, but the mark does not reach the composed supergraph, where the gateway reads it.`,
        fix: 'Use the shared privacy contract (policies/privacy.graphql: @link to the privacy spec importing @sensitive and @notPersonal under their own names, with @composeDirective), or leave it out and the registry adds it.',
        coordinate: field.coordinate,
      });
    } else if (!sensitive && !notPersonal) {
      findings.push({
        check: 'classification',
        severity: 'blocking',
        message: `${field.coordinate} is ${field.change === 'added' ? 'new' : 'changed'} and unclassified: the registry cannot tell whether it holds personal data.`,
        fix: `Mark ${field.coordinate} @sensitive(kind: "…") (ID_NUMBER, PERSON_NAME, PHONE, ADDRESS, BIRTH_DATE, BANK_ACCOUNT, MONEY_AMOUNT, FREE_TEXT, CRIMINAL) or @notPersonal(reason: "…").`,
        coordinate: field.coordinate,
      });
    }
  }
  return findings;
}

/**
 * A field the served supergraph classifies that the candidate supergraph still has but no longer classifies
 * the same way, though no subgraph SDL changed its marks: lost in composition (a subgraph defining its own
 * `@sensitive`, or importing it under another name). Blocking: the gateway would decide it unclassified. Pure.
 */
export function lostClassificationFindings(
  served: Classification,
  candidate: Classification,
  candidateApi: GraphQLSchema,
  changed: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [coordinate, kind] of served) {
    if (changed.has(coordinate) || candidate.get(coordinate) === kind) continue;
    const [typeName = '', fieldName = ''] = coordinate.split('.');
    const type = candidateApi.getType(typeName);
    if (!type || !(isObjectType(type) || isInterfaceType(type)) || !type.getFields()[fieldName]) continue;
    const now = candidate.get(coordinate);
    findings.push({
      check: 'classification',
      severity: 'blocking',
      message: `${coordinate} is classified ${kind} in the served graph and ${now ? `${now}` : 'not at all'} in the candidate, though the SDL does not change its mark: the classification is lost in composition.`,
      fix: 'Use the shared privacy contract (policies/privacy.graphql) for @sensitive — not a directive of your own or one imported under another name — or leave it out and the registry adds it.',
      coordinate,
    });
  }
  return findings;
}
