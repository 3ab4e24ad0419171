import { useI18n } from '../shared/i18n';
import type { Loadable } from './auditGraph';

/** Why a read did not succeed, as the gateway said it: the code first (FORBIDDEN_FIELDS, PURPOSE_NOT_PERMITTED, …). */
export function AnswerError({ state }: { state: Loadable<unknown> }) {
  const { t } = useI18n();
  if (state.status !== 'failed') return null;
  const error = state.answer?.errors?.[0];
  const code = error?.extensions?.code;
  const missingGraph = code === 'GRAPHQL_VALIDATION_FAILED' && /Cannot query field "(audit|subjectAccessReport)/.test(error?.message ?? '');
  return (
    <div className="error" role="alert" data-testid="answer-error">
      <strong>{missingGraph ? t('console.graphMissing') : t('console.readFailed')}</strong> {code && <code>{code}</code>} {state.message}
      {error?.extensions?.fields && (
        <ul className="plain">
          {error.extensions.fields.map((field) => (
            <li key={field.coordinate}>
              <code>{field.coordinate}</code> {field.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
