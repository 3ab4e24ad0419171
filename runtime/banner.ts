/** What `npm start` prints once the gateway answers: where it is, how to get a token, a query to try. */
export const EXAMPLE_QUERY = `{
  person(idNumber: "330110197803150018") {
    idNumber
    name
    phone
    enterprises { name creditCode }
    petitions { id category status }
    cases { caseNumber causeOfAction status }
    incidents { category reportedAt }
  }
}`;

/** The demo dispute 王建国 is party to: the case reference a mediator states. */
export const EXAMPLE_CASE_REF = 'TJ-2025-330110-00001';

export function exampleQueryBanner(graphqlUrl: string, issuer: string): string {
  const body = JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') });
  return [
    '',
    `  govgraph gateway: ${graphqlUrl}`,
    `  identity provider (development): ${issuer}`,
    '',
    '  1. A token for the demo mediator (password "demo"):',
    '',
    `  TOKEN=$(curl -s ${issuer}/protocol/openid-connect/token \\`,
    `    -d grant_type=password -d client_id=govgraph-cli -d username=mediator.wang -d password=demo | jq -r .access_token)`,
    '',
    '  2. 王建国 across police, petitions, court and market, for dispute resolution (masked where the purpose says):',
    '',
    `  curl -s ${graphqlUrl} -H "Authorization: Bearer $TOKEN" \\`,
    `    -H 'X-Purpose: dispute-resolution' -H 'X-Case-Ref: ${EXAMPLE_CASE_REF}' -H 'content-type: application/json' \\`,
    `    -d '${body}'`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}
