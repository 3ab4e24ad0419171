import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { maskAnswer, type MaskedPath } from '../../policies/maskAnswer';
import { SUBJECT_MARKER, TYPENAME_MARKER } from './answerMarkers';

export type { MaskedPath } from '../../policies/maskAnswer';

export interface MaskResultInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The answer's `data`; masked in place. */
  data: Record<string, unknown>;
  /** The mask strategy decided for a coordinate, or undefined when its values pass as they are. */
  strategyFor(coordinate: string): string | undefined;
  /** Masks one scalar value; keeps its GraphQL type. */
  mask(strategy: string, value: unknown, coordinate: string): unknown;
  /** The strategy applied to one value where it is not the decided one (policies/maskAnswer.ts). */
  strategyOf?(strategy: string, value: unknown, coordinate: string): string;
  /** Called once per data subject object in the answer (a person, enterprise or account) with its key. */
  onSubject?(type: string, identifier: string): void;
}

/**
 * Masks the client's answer (policies/maskAnswer.ts walks it) and, on the way, reports the data subjects
 * it passes and removes the markers the gateway added (answerMarkers.ts): they are read raw, never masked,
 * and never reach the client. Returns the masked paths, list positions as `[*]`.
 */
export function maskResult(input: MaskResultInput): MaskedPath[] {
  const { onSubject, ...walk } = input;
  return maskAnswer({
    ...walk,
    isMarker: (key) => key === SUBJECT_MARKER || key === TYPENAME_MARKER,
    typenameKey: TYPENAME_MARKER,
    enterObject: (type, value) => {
      const subject = value[SUBJECT_MARKER];
      if (typeof subject === 'string') onSubject?.(type.name, subject);
    },
    leaveObject: (_type, value) => {
      delete value[TYPENAME_MARKER];
      delete value[SUBJECT_MARKER];
    },
  });
}
