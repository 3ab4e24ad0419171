/**
 * What the mask plan (maskPlan.ts) tells its hooks about where it is in an answer: the data subject it is
 * inside, and the object a masked value belongs to. The case checks (gateway/cases/) read the same shapes.
 */

/** A data subject of the answer: its type as the audit names it (Person, Enterprise, Account) and its key. */
export interface AnswerSubject {
  type: string;
  identifier: string;
}

/** The object a masked value belongs to: its type, and its record id where the gateway marked one. */
export interface ValueOwner {
  type: string;
  record?: string;
}
