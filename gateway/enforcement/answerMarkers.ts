import {
  isAbstractType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Fields the gateway adds to an operation before executing it, read from the answer and removed before
 * it leaves:
 * - `_govgraphType: __typename` where a selection's type is abstract (a union or interface): masking
 *   needs the concrete type to tell `Person.name` from `Enterprise.name`;
 * - `_govgraphSubject: <key>` on every person, enterprise and account (SUBJECT_KEYS): the audit names the
 *   data subjects an answer returned even when the client did not select their identifiers.
 * - `_govgraphRecord: id` on every record whose narrative a case-bound purpose releases for the case's own
 *   records only (RECORD_KEYS): the gateway tells the case's records from others by it (gateway/cases).
 * Decisions are taken on the client's document, before these are added. A client document may not use
 * these names (reservedNames.ts refuses it with RESERVED_NAME), so the answer's markers are the gateway's own.
 */
export const TYPENAME_MARKER = '_govgraphType';
export const SUBJECT_MARKER = '_govgraphSubject';
export const RECORD_MARKER = '_govgraphRecord';

/** The records whose narratives may be the case's own (policies' `caseRecordsOnly`): their key field. */
export const RECORD_KEYS: Readonly<Record<string, string>> = Object.freeze({ Dispute: 'id', Petition: 'id', Incident: 'id', FraudCase: 'id' });

/** The object types whose field identifies a data subject: that field, and the subject's type. */
export const SUBJECT_KEYS: Readonly<Record<string, { key: string; subject: 'Person' | 'Enterprise' | 'Account' }>> = Object.freeze({
  Person: { key: 'idNumber', subject: 'Person' },
  Enterprise: { key: 'creditCode', subject: 'Enterprise' },
  Account: { key: 'accountNumber', subject: 'Account' },
  // A privacy officer reading a person's access report has looked at that person too: it shows in the report.
  SubjectAccessReport: { key: 'idNumber', subject: 'Person' },
});

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

function markerField(alias: string, field: string): FieldNode {
  return { kind: Kind.FIELD, alias: name(alias), name: name(field) };
}

function subjectMarker(type: string): SelectionNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: name(type) },
    selectionSet: { kind: Kind.SELECTION_SET, selections: [markerField(SUBJECT_MARKER, SUBJECT_KEYS[type]!.key)] },
  };
}

/** The document with both markers wherever they apply. */
export function withAnswerMarkers(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        leave(selectionSet: SelectionSetNode) {
          const type = typeInfo.getParentType();
          if (!type) return undefined;
          const added: SelectionNode[] = [];
          if (isAbstractType(type)) {
            added.push(markerField(TYPENAME_MARKER, '__typename'));
            for (const member of schema.getPossibleTypes(type)) if (SUBJECT_KEYS[member.name]) added.push(subjectMarker(member.name));
          } else if (isObjectType(type) && SUBJECT_KEYS[type.name]) {
            added.push(markerField(SUBJECT_MARKER, SUBJECT_KEYS[type.name]!.key));
          }
          if (isObjectType(type) && RECORD_KEYS[type.name]) added.push(markerField(RECORD_MARKER, RECORD_KEYS[type.name]!));
          return added.length > 0 ? { ...selectionSet, selections: [...selectionSet.selections, ...added] } : undefined;
        },
      },
    }),
  );
}
