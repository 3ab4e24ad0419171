/** What `npm start` prints once the gateway answers: where it is and a query to try. */
export const EXAMPLE_QUERY = `{
  person(idNumber: "330110197803150018") {
    name
    phone
    enterprises { name creditCode }
    petitions { id category status }
    cases { caseNumber causeOfAction status }
    incidents { category reportedAt }
    accounts { accountNumber bank status }
  }
}`;

export function exampleQueryBanner(graphqlUrl: string): string {
  const body = JSON.stringify({ query: EXAMPLE_QUERY });
  return [
    '',
    `  govgraph gateway: ${graphqlUrl}`,
    '',
    '  Try 王建国, joined from all five agencies:',
    '',
    `  curl -s ${graphqlUrl} -H 'content-type: application/json' \\`,
    `    -d '${body}'`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}
