/** Label/value pairs (a description list); a missing value reads "—". */
import type { ComponentChildren } from 'preact';

export type Fact = [label: string, value: ComponentChildren];

export function Facts({ rows, label }: { rows: Fact[]; label?: string }) {
  return (
    <dl class="facts" aria-label={label}>
      {rows.map(([k, v]) => (
        <div class="fact" key={k}>
          <dt>{k}</dt>
          <dd>{v === undefined || v === null || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}
