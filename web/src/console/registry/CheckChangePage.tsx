import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../shared/i18n';
import { AnswerError } from '../AnswerError';
import { agencyLabel } from '../format';
import { CheckReportView } from './CheckReportView';
import { runMutation, useRegistryGraph, useRegistryQuery } from './registryGraph';
import { CHECK_SUBGRAPH, SUBGRAPH, SUBGRAPHS, type CheckReport, type SchemaVersion, type Subgraph } from './registryQueries';
import { ownAgencyFirst, type RegistryNavigate } from './registryRoutes';

/**
 * "What would this change do?": an SDL for a subgraph goes to the registry's checkSubgraph, and the report
 * comes back as publishing would write it — but nothing is published and nothing served changes.
 */
export function CheckChangePage(props: { params: URLSearchParams; navigate: RegistryNavigate; officer: boolean; agency: string | undefined }) {
  const { t } = useI18n();
  const ask = useRegistryGraph();
  const list = useRegistryQuery<{ subgraphs: Subgraph[] }>(SUBGRAPHS, undefined, 'subgraphs');
  // A steward checks their own agency's subgraph (the registry refuses another's); an officer any.
  const subgraphs = list.status === 'done' ? ownAgencyFirst(list.data.subgraphs, props.agency).filter((subgraph) => props.officer || subgraph.name === props.agency) : [];
  const asked = props.params.get('name') ?? undefined;
  const name = subgraphs.some((subgraph) => subgraph.name === asked) ? asked : subgraphs[0]?.name;
  const from = props.params.get('from') ?? undefined;
  const [sdl, setSdl] = useState('');
  const [url, setUrl] = useState('');
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<{ ok: true; report: CheckReport } | { ok: false; message: string }>();
  // The chosen subgraph's versions: to start from its served SDL, or from the version the page was opened with.
  const versions = useRegistryQuery<{ subgraph: { servedVersion: { id: string } | null; versions: SchemaVersion[] } | null }>(SUBGRAPH, name ? { name } : undefined, name);
  const startingPoint =
    versions.status === 'done'
      ? versions.data.subgraph?.versions.find((version) => version.id === (from ?? versions.data.subgraph?.servedVersion?.id))
      : undefined;
  useEffect(() => {
    if (startingPoint && from) setSdl(startingPoint.sdl);
    // Only when opened from a version: a typed SDL is never replaced behind the reader's back.
  }, [startingPoint?.id, from]);

  const choose = (next: string) => {
    setResult(undefined);
    props.navigate('check', { name: next });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name || !sdl.trim() || checking) return;
    setChecking(true);
    setResult(undefined);
    const outcome = await runMutation<{ checkSubgraph: CheckReport }>(ask, CHECK_SUBGRAPH, { name, sdl, ...(url.trim() ? { url: url.trim() } : {}) });
    setChecking(false);
    setResult(outcome.ok ? { ok: true, report: outcome.data.checkSubgraph } : { ok: false, message: `${outcome.code} ${outcome.message}` });
  };

  return (
    <div className="registry-page">
      <p className="hint">{t('registry.checkForm.explain')}</p>
      <AnswerError state={list} />
      {list.status === 'done' && subgraphs.length === 0 && (
        <p className="notice" data-testid="check-no-subgraph">
          {t('registry.checkForm.noSubgraph', { agency: props.agency ?? '—' })}
        </p>
      )}
      <form className="card check-form" onSubmit={submit} data-testid="check-form">
        <div className="check-form-row">
          <label className="field">
            {t('registry.checkForm.subgraph')}
            <select value={name ?? ''} onChange={(event) => choose(event.target.value)} data-testid="check-subgraph">
              {subgraphs.map((subgraph) => (
                <option key={subgraph.name} value={subgraph.name}>
                  {subgraph.name} · {agencyLabel(t, subgraph.name)}
                </option>
              ))}
            </select>
          </label>
          <label className="field check-url">
            {t('registry.checkForm.url')}
            <input value={url} onChange={(event) => setUrl(event.target.value)} placeholder={subgraphs.find((subgraph) => subgraph.name === name)?.url ?? 'http://'} data-testid="check-url" />
          </label>
          <button type="button" className="secondary" disabled={!startingPoint} onClick={() => startingPoint && setSdl(startingPoint.sdl)} data-testid="check-load-served">
            {t('registry.checkForm.loadServed')}
          </button>
        </div>
        <label className="field">
          {t('registry.checkForm.sdl')}
          <textarea className="sdl-input mono" value={sdl} onChange={(event) => setSdl(event.target.value)} rows={18} spellCheck={false} data-testid="check-sdl" />
        </label>
        <div>
          <button type="submit" className="primary" disabled={!name || !sdl.trim() || checking} data-testid="check-submit">
            {checking ? t('registry.checkForm.checking') : t('registry.checkForm.submit')}
          </button>
        </div>
      </form>
      {result && !result.ok && (
        <p className="error" role="alert" data-testid="check-failed">
          {t('registry.checkForm.failed')} {result.message}
        </p>
      )}
      {result?.ok && (
        <section className="card" data-testid="check-result">
          <p className="hint">{t('registry.checkForm.notPublished')}</p>
          <CheckReportView report={result.report} />
        </section>
      )}
    </div>
  );
}
