import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { maskAnswer, type MaskedPath } from '../../policies/maskAnswer';
import { RECORD_MARKER, SUBJECT_KEYS, SUBJECT_MARKER, TYPENAME_MARKER } from '../../gateway/enforcement/answerMarkers';
import type { AnswerSubject, ValueOwner } from '../../gateway/enforcement/answerSubjects';

export interface MaskWalkInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The answer's `data`; masked in place. */
  data: Record<string, unknown>;
  /** The mask strategy decided for a coordinate, or undefined when its values pass as they are. */
  strategyFor(coordinate: string): string | undefined;
  /** Masks one scalar value; keeps its GraphQL type. */
  mask(strategy: string, value: unknown, coordinate: string, owner: ValueOwner): unknown;
  /** The strategy applied to one value where it is not the decided one (policies/maskAnswer.ts). */
  strategyOf?(strategy: string, value: unknown, coordinate: string): string;
  /**
   * Called once per data subject object in the answer (a person, enterprise or account) with its key, its
   * path, and the nearest data subject the answer reached it through (none at the top).
   */
  onSubject?(type: string, identifier: string, path: string, enclosing: AnswerSubject | undefined): void;
}

/**
 * The gateway's masking as it was before the compiled plan (gateway/enforcement/maskPlan.ts): the shared
 * walk (policies/maskAnswer.ts) over every selection of the client's answer, reporting the data subjects it
 * passes and removing the markers the gateway added (answerMarkers.ts). Kept as a reference, not run by the
 * gateway: test/gateway/maskPlan.test.ts holds the plan to it, bench/hotPathParts.ts measures the plan against
 * it. Returns the masked paths, list positions as `[*]`.
 */
export function maskWalk(input: MaskWalkInput): MaskedPath[] {
  const { onSubject, mask, ...walk } = input;
  /** The objects being walked, innermost last, with the subject each one is (if it is one). */
  const stack: { owner: ValueOwner; subject: AnswerSubject | undefined }[] = [];
  const enclosingSubject = () => {
    for (let index = stack.length - 1; index >= 0; index -= 1) if (stack[index]!.subject) return stack[index]!.subject;
    return undefined;
  };
  return maskAnswer({
    ...walk,
    isMarker: (key) => key === SUBJECT_MARKER || key === TYPENAME_MARKER || key === RECORD_MARKER,
    typenameKey: TYPENAME_MARKER,
    mask: (strategy, value, coordinate) => mask(strategy, value, coordinate, stack[stack.length - 1]?.owner ?? { type: coordinate.split('.')[0] ?? '' }),
    enterObject: (type, value, path) => {
      const key = value[SUBJECT_MARKER];
      const record = value[RECORD_MARKER];
      const found = SUBJECT_KEYS[type.name];
      const subject = typeof key === 'string' && found ? { type: found.subject, identifier: key } : undefined;
      if (typeof key === 'string') onSubject?.(type.name, key, path, enclosingSubject());
      stack.push({ owner: { type: type.name, ...(typeof record === 'string' ? { record } : {}) }, subject });
    },
    leaveObject: (_type, value) => {
      stack.pop();
      delete value[TYPENAME_MARKER];
      delete value[SUBJECT_MARKER];
      delete value[RECORD_MARKER];
    },
  });
}
