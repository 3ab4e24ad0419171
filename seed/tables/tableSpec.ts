import type { Tick } from '../records/types';

/** A value as COPY writes it: text, a number, or NULL. */
export type CopyValue = string | number | null;
export type Row = readonly CopyValue[];

/** One table's load: its columns and a fresh walk producing its rows in insertion order. */
export interface TableSpec {
  table: string;
  columns: readonly string[];
  /** Persons or enterprises the walk passes (each reported through `tick`), for progress. */
  units: number;
  rows(tick: Tick): Iterable<Row>;
}

/** A table whose rows come from `records`, each giving zero or more rows. */
export function tableOf<Record>(
  table: string,
  columns: readonly string[],
  units: number,
  records: (tick: Tick) => Iterable<Record>,
  toRows: (record: Record) => Iterable<Row>,
): TableSpec {
  return {
    table,
    columns,
    units,
    *rows(tick) {
      for (const record of records(tick)) yield* toRows(record);
    },
  };
}
