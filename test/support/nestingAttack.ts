/**
 * The attack of issue 10: person → cases → parties → party → cases …, `levels` deep. Each level multiplies
 * the answer by a case's parties times a party's cases (about four-fold in the seed data); at fifteen levels
 * the unbounded gateway planned and fetched until the process ran out of memory.
 */
export function nestingAttack(idNumber: string, levels: number): string {
  let selection = 'idNumber';
  for (let level = 0; level < levels; level += 1) {
    selection = `idNumber name cases { caseNumber causeOfAction status parties { role party { ... on Person { ${selection} } } } }`;
  }
  return `{ person(idNumber: "${idNumber}") { ${selection} } }`;
}
