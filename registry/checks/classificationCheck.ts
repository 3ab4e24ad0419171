import { getNamedType, isLeafType, isObjectType, isInterfaceType, type GraphQLSchema } from 'graphql';
import type { ChangedField } from './changedFields';
import type { Finding } from './report';

/**
 * Every new or changed field that holds a value (returns a scalar or an enum) must say what it holds:
 * `@sensitive(kind:)` or `@notPersonal(reason:)`, not both. A field returning an object holds no value of
 * its own (its type's fields are classified), and an `@external` field belongs to another subgraph. Pure.
 */
export function classificationFindings(changed: readonly ChangedField[], candidateApi: GraphQLSchema): Finding[] {
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
