import type { ReactNode } from 'react';
import { useI18n } from '../shared/i18n';
import { AnswerError } from './AnswerError';
import type { Loadable } from './auditGraph';

/**
 * The console's list pages (agreements, sharing requests, the registry's subgraphs, versions and supergraphs)
 * share one shape: why the read failed, a table under fixed headings, and a line when it holds no rows or they
 * are still on their way. Each page keeps its rows — its `<tr>`, test ids and links are its own.
 */
export function DataTable<Row>(props: {
  /** The read the rows come from; without one (rows already at hand) there is no error or loading line. */
  state?: Loadable<unknown>;
  headings: readonly ReactNode[];
  rows: readonly Row[];
  row(row: Row): ReactNode;
  testId: string;
  /** The table's classes beside `data`, e.g. `log-table`. */
  className?: string;
  empty: ReactNode;
  emptyTestId?: string;
}) {
  const { t } = useI18n();
  const status = props.state?.status ?? 'done';
  return (
    <>
      {props.state && <AnswerError state={props.state} />}
      <div className="table-scroll">
        <table className={props.className ? `data ${props.className}` : 'data'} data-testid={props.testId}>
          <thead>
            <tr>
              {props.headings.map((heading, index) => (
                <th key={index}>{heading}</th>
              ))}
            </tr>
          </thead>
          <tbody>{props.rows.map((row) => props.row(row))}</tbody>
        </table>
      </div>
      {status === 'done' && props.rows.length === 0 && (
        <p className="muted" data-testid={props.emptyTestId}>
          {props.empty}
        </p>
      )}
      {status === 'loading' && <p className="muted">{t('common.loading')}</p>}
    </>
  );
}
