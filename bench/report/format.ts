import type { Summary } from '../stats';

/** Three significant digits, grouped: 1,234 / 12.3 / 0.00123. */
export function num(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(3));
  return Math.abs(rounded) >= 1000 ? Math.round(rounded).toLocaleString('en-US') : String(rounded);
}

/** A count, every digit kept and grouped: 56,399 of 56,400 must not read as all of them. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function usd(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `$${num(value)}`;
}

export function bytes(value: number): string {
  if (value >= 1024 ** 2) return `${num(value / 1024 ** 2)} MiB`;
  if (value >= 1024) return `${num(value / 1024)} KiB`;
  return `${value} B`;
}

/** `median 12.3 (p95 14, p99 15, 11–16, n=5)`, the way every measured figure is stated. */
export function spread(summary: Summary, unit = ''): string {
  const u = unit === '' ? '' : ` ${unit}`;
  return `${num(summary.median)}${u} (p95 ${num(summary.p95)}, p99 ${num(summary.p99)}, ${num(summary.min)}–${num(summary.max)}, n=${summary.count})`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
