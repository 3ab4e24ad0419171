import type { ReactNode } from 'react';

/** The card above a list page's table: what the list is, then its filters. */
export function FilterCard(props: { testId: string; explain: ReactNode; children: ReactNode }) {
  return (
    <div className="filters card" data-testid={props.testId}>
      <p className="hint queue-explain">{props.explain}</p>
      {props.children}
    </div>
  );
}

/** A filter by one of a fixed set of values (a status), or by none of them. */
export function ChoiceFilter<Value extends string>(props: {
  label: ReactNode;
  value: Value | undefined;
  values: readonly Value[];
  labelOf(value: Value): string;
  anyLabel: string;
  onChange(value: Value | undefined): void;
  testId: string;
}) {
  return (
    <label className="field">
      {props.label}
      <select value={props.value ?? ''} onChange={(event) => props.onChange((event.target.value || undefined) as Value | undefined)} data-testid={props.testId}>
        <option value="">{props.anyLabel}</option>
        {props.values.map((value) => (
          <option key={value} value={value}>
            {props.labelOf(value)}
          </option>
        ))}
      </select>
    </label>
  );
}
