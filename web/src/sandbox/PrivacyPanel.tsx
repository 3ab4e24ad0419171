import type { GraphQLAnswer } from '../shared/graphql';
import { useI18n } from '../shared/i18n';

/**
 * Beside the result: what the gateway did with the last operation — the audit record it wrote, every
 * masked path with its strategy; or, when it refused, the code, the reason and each refused field.
 */
export function PrivacyPanel({ answer }: { answer: GraphQLAnswer | undefined }) {
  const { t } = useI18n();
  if (!answer) {
    return (
      <aside className="privacy-panel" data-testid="privacy-panel">
        <h2>{t('privacy.title')}</h2>
        <p className="muted">{t('privacy.empty')}</p>
      </aside>
    );
  }
  const privacy = answer.extensions?.privacy;
  const refusal = answer.data == null ? answer.errors?.[0] : undefined;
  const partialErrors = answer.data != null ? (answer.errors ?? []) : [];
  return (
    <aside className="privacy-panel" data-testid="privacy-panel">
      <h2>{t('privacy.title')}</h2>
      <dl className="facts">
        <dt>{t('privacy.status')}</dt>
        <dd>
          <span className={`badge ${refusal ? 'refused' : 'allowed'}`} data-testid="answer-status">
            HTTP {answer.status}
          </span>
        </dd>
        {privacy?.purpose && (
          <>
            <dt>{t('privacy.purpose')}</dt>
            <dd className="mono">{privacy.purpose}</dd>
          </>
        )}
        {privacy?.caseRef && (
          <>
            <dt>{t('privacy.caseRef')}</dt>
            <dd className="mono">{privacy.caseRef}</dd>
          </>
        )}
        <dt>{t('privacy.auditRecord')}</dt>
        <dd className="mono" data-testid="audit-record-id">
          {privacy?.auditRecordId ?? <span className="muted">{t('privacy.noAuditRecord')}</span>}
        </dd>
        {privacy?.requestId && (
          <>
            <dt>{t('privacy.requestId')}</dt>
            <dd className="mono">{privacy.requestId}</dd>
          </>
        )}
      </dl>

      {refusal && (
        <section className="refusal" data-testid="refusal">
          <h3>{t('privacy.refused')}</h3>
          <p>
            <code data-testid="refusal-code">{refusal.extensions?.code ?? '—'}</code>
          </p>
          <p className="refusal-message">{refusal.message}</p>
          {refusal.extensions?.fields && refusal.extensions.fields.length > 0 && (
            <table className="data compact">
              <thead>
                <tr>
                  <th>{t('privacy.coordinate')}</th>
                  <th>{t('privacy.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {refusal.extensions.fields.map((field) => (
                  <tr key={field.coordinate} data-testid="refused-field">
                    <td className="mono">{field.coordinate}</td>
                    <td>{field.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      {!refusal && (
        <section>
          <h3>
            {t('privacy.masked')} <span className="count">{privacy?.masked?.length ?? 0}</span>
          </h3>
          {privacy?.masked && privacy.masked.length > 0 ? (
            <table className="data compact" data-testid="masked-paths">
              <thead>
                <tr>
                  <th>{t('privacy.path')}</th>
                  <th>{t('privacy.strategy')}</th>
                </tr>
              </thead>
              <tbody>
                {privacy.masked.map((entry) => (
                  <tr key={entry.path} data-testid="masked-path">
                    <td className="mono" title={entry.coordinate}>
                      {entry.path}
                    </td>
                    <td>
                      <span className="badge mask">{entry.strategy}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t('privacy.nothingMasked')}</p>
          )}
        </section>
      )}

      {partialErrors.length > 0 && (
        <section>
          <h3>{t('privacy.partialErrors')}</h3>
          <ul className="plain">
            {partialErrors.map((error, index) => (
              <li key={index}>
                <code>{error.extensions?.code ?? '—'}</code> {error.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
