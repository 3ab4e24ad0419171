import { useI18n } from '../shared/i18n';
import { caseRefLooksValid, type PurposeOption } from '../shared/purposes';

/** Why the operation is asked: the purpose (X-Purpose) and, where it needs one, the case reference (X-Case-Ref). */
export function RequestBar(props: {
  permitted: readonly PurposeOption[];
  others: readonly PurposeOption[];
  purpose: PurposeOption | undefined;
  caseRef: string;
  onPurpose(name: string): void;
  onCaseRef(value: string): void;
  onCaseRefCommit(): void;
}) {
  const { t, locale } = useI18n();
  const { purpose } = props;
  const label = (option: PurposeOption) => (locale === 'zh' ? `${option.title}（${option.name}）` : `${option.name} — ${option.title}`);
  const caseRefNeeded = purpose?.caseRef.required === true;
  const caseRefInvalid = purpose !== undefined && props.caseRef !== '' && !caseRefLooksValid(purpose, props.caseRef);
  return (
    <div className="request-bar">
      <label className="field purpose-field">
        <span>
          {t('sandbox.purpose')} <code>X-Purpose</code>
        </span>
        <select value={purpose?.name ?? ''} onChange={(event) => props.onPurpose(event.target.value)} data-testid="purpose">
          <optgroup label={t('sandbox.permittedPurposes')}>
            {props.permitted.map((option) => (
              <option key={option.name} value={option.name}>
                {label(option)}
              </option>
            ))}
          </optgroup>
          {props.others.length > 0 && (
            <optgroup label={t('sandbox.otherPurposes')}>
              {props.others.map((option) => (
                <option key={option.name} value={option.name}>
                  {label(option)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <label className="field case-ref-field">
        <span>
          {t('sandbox.caseRef')} <code>X-Case-Ref</code> {caseRefNeeded ? <strong>{t('sandbox.required')}</strong> : t('sandbox.optional')}
        </span>
        <input
          value={props.caseRef}
          onChange={(event) => props.onCaseRef(event.target.value.trim())}
          onBlur={props.onCaseRefCommit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') props.onCaseRefCommit();
          }}
          placeholder={caseRefNeeded ? 'TJ-2025-330110-00001' : ''}
          aria-invalid={caseRefInvalid || undefined}
          data-testid="case-ref"
        />
      </label>
      <p className="purpose-description" title={purpose?.description}>
        {purpose && (
          <>
            {caseRefNeeded && purpose.caseRef.required && <span className="case-ref-need">{purpose.caseRef.description}. </span>}
            {caseRefInvalid && <span className="invalid">{t('sandbox.caseRefShape', { pattern: purpose.caseRef.required ? (purpose.caseRef.pattern ?? '') : '' })} </span>}
            <span className="muted">{purpose.description}</span>
          </>
        )}
      </p>
    </div>
  );
}
