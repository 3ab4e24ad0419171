import type { Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useCallback, useMemo, useRef, useState } from 'react';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../../runtime/banner';
import type { WebConfig } from '../shared/config';
import { requestGraph, type GraphQLAnswer } from '../shared/graphql';
import { useI18n } from '../shared/i18n';
import { isExpired, type Session } from '../shared/oidc';
import { PrivacyPanel } from './PrivacyPanel';
import { caseRefLooksValid, permittedTo, PURPOSE_OPTIONS } from '../shared/purposes';
import { RequestBar } from './RequestBar';

/** GraphiQL asks for the schema under this name; its answers are not the user's results. */
const INTROSPECTION = 'IntrospectionQuery';

/**
 * GraphiQL, served locally, with the purpose and case reference as inputs that become the X-Purpose
 * and X-Case-Ref headers, and the answer's extensions.privacy beside the result.
 */
export function Sandbox(props: { config: WebConfig; session: Session; onExpired(): void }) {
  const { t } = useI18n();
  const { permitted, others } = useMemo(() => permittedTo(props.session.claims.roles), [props.session]);
  const [purposeName, setPurposeName] = useState(permitted[0]?.name ?? PURPOSE_OPTIONS[0]?.name ?? '');
  const [caseRef, setCaseRef] = useState('');
  // The schema is fetched again when the purpose or the committed case reference changes (a new fetcher).
  const [committedCaseRef, setCommittedCaseRef] = useState('');
  const [answer, setAnswer] = useState<GraphQLAnswer>();
  const caseRefNow = useRef(caseRef);
  caseRefNow.current = caseRef;
  const purpose = PURPOSE_OPTIONS.find((option) => option.name === purposeName);

  const { session, config, onExpired } = props;
  const fetcher = useMemo<Fetcher>(
    () => async (parameters) => {
      if (isExpired(session)) {
        onExpired();
        throw new Error(t('auth.expired'));
      }
      // Without the case reference its purpose needs, the gateway would refuse (and audit) the schema request: wait for it.
      if (parameters.operationName === INTROSPECTION && purpose && !caseRefLooksValid(purpose, caseRefNow.current)) {
        return { errors: [{ message: t('sandbox.schemaWaitsForCaseRef') }] } as never;
      }
      const result = await requestGraph(config.graphqlPath, {
        token: session.accessToken,
        purpose: purpose?.name ?? purposeName,
        caseRef: caseRefNow.current,
        query: parameters.query,
        variables: (parameters.variables ?? undefined) as Record<string, unknown> | undefined,
        operationName: parameters.operationName ?? undefined,
      });
      if (parameters.operationName !== INTROSPECTION) setAnswer(result);
      const { status: _status, ...body } = result;
      return body as Awaited<ReturnType<Fetcher>> as never;
    },
    // committedCaseRef is listed on purpose: a new fetcher makes GraphiQL fetch the schema again once a
    // case reference is entered (the purpose may need one); the value itself is read from caseRefNow.
    [session, config, purpose, committedCaseRef, onExpired, t],
  );

  const onPurpose = useCallback((name: string) => {
    setPurposeName(name);
    setAnswer(undefined);
  }, []);

  return (
    <div className="sandbox">
      <RequestBar
        permitted={permitted}
        others={others}
        purpose={purpose}
        caseRef={caseRef}
        onPurpose={onPurpose}
        onCaseRef={setCaseRef}
        onCaseRefCommit={() => setCommittedCaseRef(caseRefNow.current)}
      />
      <div className="sandbox-main">
        <div className="graphiql-host" data-testid="graphiql">
          <GraphiQL
            fetcher={fetcher}
            defaultQuery={`# ${t('sandbox.exampleComment', { caseRef: EXAMPLE_CASE_REF })}\n${EXAMPLE_QUERY}\n`}
            isHeadersEditorEnabled={false}
            forcedTheme="light"
            // Queries name people (ID numbers in arguments): keep GraphiQL's tabs and history for this tab only.
            storage={window.sessionStorage}
          />
        </div>
        <PrivacyPanel answer={answer} />
      </div>
    </div>
  );
}
