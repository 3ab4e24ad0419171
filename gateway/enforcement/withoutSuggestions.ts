/**
 * graphql-js helps a client with "Did you mean …?" in validation and coercion messages, naming fields,
 * types, arguments and enum values near what was typed — drawn from the whole graph, not from the view
 * the caller's purpose has of it. Every message leaves without them.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
