import { formatBytes, formatMs, type SummaryRow } from './metrics';

/** Fills the summary table's body, a row per method. */
export function renderSummary(body: HTMLTableSectionElement, rows: readonly SummaryRow[]): void {
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      const method = document.createElement('th');
      method.scope = 'row';
      method.textContent = row.method;
      const cells = [
        String(row.events),
        String(row.requests),
        formatBytes(row.bytes),
        formatMs(row.medianDelayMs),
        formatMs(row.maxDelayMs),
      ].map((text) => {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
      });
      tr.append(method, ...cells);
      return tr;
    }),
  );
}
