/**
 * Standalone SVG line and bar charts for the benchmark report.
 *
 * Hand-written rather than a charting library: vega-lite 6 needs Node 22 (this project
 * supports Node 20.19) and vega is ESM-only, which this CommonJS project cannot `require`.
 * The charts need only axes, ticks, a legend and escaped text, which fit in this file.
 */

export interface Series {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly logX?: boolean;
  readonly logY?: boolean;
}

export interface BarChartSpec {
  readonly title: string;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
  readonly logY?: boolean;
}

/** Okabe–Ito: distinguishable with every common colour-vision deficiency. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];
/** A second cue besides colour, so lines stay apart in greyscale too. */
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2', '10 4', '3 6'];

const MARGIN = { top: 44, right: 190, bottom: 64, left: 78 };
/** The plot area keeps its size; long x labels grow the margins and the picture instead. */
const PLOT_W = 492;
const PLOT_H = 332;
const FONT_SIZE = 12;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
/** Gap between the x axis and the top of its labels. */
const LABEL_GAP = 10;

/**
 * A generous width for sans-serif text: 0.6 em per character is wider than the average
 * glyph, so a label judged to fit does fit. The SVG is rendered later, so it cannot be measured.
 */
export function estimateTextWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.6;
}

export interface XLabelLayout {
  /** 0 (horizontal), -45 or -90 degrees; rotated labels are anchored at their end, on the tick. */
  readonly angle: 0 | -45 | -90;
  /** Pixels the labels need below the axis. */
  readonly depth: number;
  /** Pixels a rotated label reaches left of its tick. */
  readonly reach: number;
}

/**
 * Labels stay horizontal while the widest fits the spacing between ticks (`band`). Otherwise
 * they turn -45°, which keeps neighbours a line apart when the band is at least
 * a line height / sin 45°; tighter bands get vertical labels.
 */
export function layoutXLabels(labels: readonly string[], band: number, fontSize = FONT_SIZE): XLabelLayout {
  const widest = Math.max(0, ...labels.map((label) => estimateTextWidth(label, fontSize)));
  const lineHeight = fontSize * 1.2;
  if (widest + fontSize / 2 <= band) return { angle: 0, depth: LABEL_GAP + fontSize, reach: 0 };
  const angle = band * Math.SQRT1_2 >= lineHeight ? -45 : -90;
  const radians = (-angle * Math.PI) / 180;
  return {
    angle,
    depth: Math.ceil(LABEL_GAP + widest * Math.sin(radians) + fontSize * Math.cos(radians)),
    reach: Math.ceil(widest * Math.cos(radians) + fontSize * Math.sin(radians)),
  };
}

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly labels: XLabelLayout;
}

/** `firstTick` is the first label's distance from the plot's left edge. */
function layoutFor(labels: XLabelLayout, firstTick: number, hasAxisTitle: boolean): Layout {
  const left = Math.max(MARGIN.left, Math.ceil(labels.reach - firstTick + 8));
  const bottom = Math.max(MARGIN.bottom, labels.depth + (hasAxisTitle ? 36 : 12));
  return { width: left + PLOT_W + MARGIN.right, height: MARGIN.top + PLOT_H + bottom, left, labels };
}

function xLabel(layout: Layout, x: number, text: string): string {
  const y = MARGIN.top + PLOT_H + LABEL_GAP + FONT_SIZE * 0.7;
  const { angle } = layout.labels;
  if (angle === 0) return `<text x="${x}" y="${px(y + 1)}" text-anchor="middle">${escapeXml(text)}</text>`;
  // Rotating about the baseline's end point hangs each label down-left from its tick.
  const anchorX = px(x + FONT_SIZE * 0.35);
  const anchorY = px(y - FONT_SIZE * 0.35);
  return `<text x="${anchorX}" y="${anchorY}" text-anchor="end" transform="rotate(${angle} ${anchorX} ${anchorY})">${escapeXml(text)}</text>`;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

/** Short, readable tick labels: 1500 → 1.5k, 0.00025 → 2.5e-4. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  if (abs >= 0.01) return trim(value);
  return value.toExponential(1).replace('.0e', 'e');
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

interface Scale {
  readonly ticks: readonly number[];
  /** 0..1 along the axis. */
  position(value: number): number;
}

function niceStep(span: number): number {
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

export function linearScale(min: number, max: number): Scale {
  const low = Math.min(0, min);
  const high = max > low ? max : low + 1;
  const step = niceStep(high - low);
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 1e6; i++)
    ticks.push(Number((start + i * step).toPrecision(12)));
  return { ticks, position: (value) => (value - start) / (end - start) };
}

/** Whole decades around the data; values at or below zero have no place on it and are dropped. */
export function logScale(min: number, max: number): Scale {
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent++) ticks.push(Number((10 ** exponent).toPrecision(12)));
  return { ticks, position: (value) => (Math.log10(value) - low) / (high - low) };
}

function scaleFor(values: readonly number[], log: boolean): Scale {
  const usable = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (usable.length === 0) return log ? logScale(1, 10) : linearScale(0, 1);
  return (log ? logScale : linearScale)(Math.min(...usable), Math.max(...usable));
}

const px = (value: number) => Number(value.toFixed(2));
const xPixel = (layout: Layout, scale: Scale, value: number) =>
  px(layout.left + scale.position(value) * PLOT_W);
const yPixel = (scale: Scale, value: number) => px(MARGIN.top + (1 - scale.position(value)) * PLOT_H);

function frame(layout: Layout, title: string, body: string[]): string {
  const { width, height } = layout;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="${FONT_SIZE}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function yAxis(layout: Layout, scale: Scale, label: string): string[] {
  const { left } = layout;
  const lines = scale.ticks.map((tick) => {
    const y = yPixel(scale, tick);
    return (
      `<line x1="${left}" x2="${left + PLOT_W}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>` +
      `<text x="${left - 6}" y="${y + 4}" text-anchor="end">${escapeXml(formatTick(tick))}</text>`
    );
  });
  const middle = MARGIN.top + PLOT_H / 2;
  const labelX = left - MARGIN.left + 18;
  return [
    ...lines,
    `<line x1="${left}" x2="${left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}" stroke="#333"/>`,
    `<text x="${labelX}" y="${middle}" text-anchor="middle" transform="rotate(-90 ${labelX} ${middle})">${escapeXml(label)}</text>`,
  ];
}

function xAxisLine(layout: Layout, label: string): string[] {
  const bottom = MARGIN.top + PLOT_H;
  return [
    `<line x1="${layout.left}" x2="${layout.left + PLOT_W}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`,
    `<text x="${layout.left + PLOT_W / 2}" y="${layout.height - 14}" text-anchor="middle">${escapeXml(label)}</text>`,
  ];
}

/** Right of the plot, where rotated x labels (which hang left of their ticks) never reach. */
function legend(
  layout: Layout,
  names: readonly string[],
  swatch: (index: number, x: number, y: number) => string,
): string[] {
  const x = layout.left + PLOT_W + 16;
  return names.map((name, index) => {
    const y = MARGIN.top + 8 + index * 20;
    return `${swatch(index, x, y)}<text x="${x + 28}" y="${y + 4}">${escapeXml(name)}</text>`;
  });
}

const colour = (index: number) => PALETTE[index % PALETTE.length];
const dash = (index: number) => {
  const pattern = DASHES[index % DASHES.length];
  return pattern === '' ? '' : ` stroke-dasharray="${pattern}"`;
};

export function lineChart(spec: LineChartSpec): string {
  const logX = spec.logX ?? false;
  const logY = spec.logY ?? false;
  const drawable = spec.series.map((series) =>
    series.points.filter(
      ([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0),
    ),
  );
  const xScale = scaleFor(
    drawable.flat().map(([x]) => x),
    logX,
  );
  const yScale = scaleFor(
    drawable.flat().map(([, y]) => y),
    logY,
  );
  const tickTexts = xScale.ticks.map(formatTick);
  const band = PLOT_W / Math.max(1, xScale.ticks.length - 1);
  const layout = layoutFor(layoutXLabels(tickTexts, band), 0, spec.xLabel !== '');
  const bottom = MARGIN.top + PLOT_H;
  const xTicks = xScale.ticks.map((tick, index) => {
    const x = xPixel(layout, xScale, tick);
    return (
      `<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${bottom}" stroke="#f0f0f0"/>` +
      xLabel(layout, x, tickTexts[index])
    );
  });
  const lines = drawable.map((points, index) => {
    const coordinates = points.map(([x, y]) => `${xPixel(layout, xScale, x)},${yPixel(yScale, y)}`);
    const markers = coordinates.map((c) => {
      const [cx, cy] = c.split(',');
      return `<circle cx="${cx}" cy="${cy}" r="3" fill="${colour(index)}"/>`;
    });
    return (
      `<g><title>${escapeXml(spec.series[index].name)}</title>` +
      `<polyline fill="none" stroke="${colour(index)}" stroke-width="2"${dash(index)} points="${coordinates.join(' ')}"/>` +
      `${markers.join('')}</g>`
    );
  });
  const swatches = legend(
    layout,
    spec.series.map((s) => s.name),
    (index, x, y) =>
      `<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${colour(index)}" stroke-width="2"${dash(index)}/>`,
  );
  return frame(layout, spec.title, [
    ...yAxis(layout, yScale, spec.yLabel),
    ...xTicks,
    ...xAxisLine(layout, spec.xLabel),
    ...lines,
    ...swatches,
  ]);
}

export function barChart(spec: BarChartSpec): string {
  const logY = spec.logY ?? false;
  const yScale = scaleFor(
    spec.series.flatMap((s) => s.values),
    logY,
  );
  const base = logY ? yScale.ticks[0] : 0;
  const groupWidth = PLOT_W / Math.max(1, spec.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, spec.series.length);
  const layout = layoutFor(layoutXLabels(spec.categories, groupWidth), groupWidth / 2, false);
  const labels = spec.categories.map((category, index) =>
    xLabel(layout, px(layout.left + (index + 0.5) * groupWidth), category),
  );
  const bars = spec.series.flatMap((series, s) =>
    series.values.map((value, c) => {
      if (!Number.isFinite(value) || (logY && value <= 0)) return '';
      const x = px(layout.left + c * groupWidth + groupWidth * 0.1 + s * barWidth);
      const top = yPixel(yScale, value);
      const height = px(Math.max(0, yPixel(yScale, base) - top));
      const tip = `${series.name}, ${spec.categories[c] ?? ''}: ${formatTick(value)}`;
      return `<rect x="${x}" y="${top}" width="${px(barWidth)}" height="${height}" fill="${colour(s)}"><title>${escapeXml(tip)}</title></rect>`;
    }),
  );
  const swatches = legend(
    layout,
    spec.series.map((s) => s.name),
    (index, x, y) => `<rect x="${x}" y="${y - 6}" width="22" height="12" fill="${colour(index)}"/>`,
  );
  return frame(layout, spec.title, [
    ...yAxis(layout, yScale, spec.yLabel),
    ...bars.filter((bar) => bar !== ''),
    ...labels,
    ...xAxisLine(layout, ''),
    ...swatches,
  ]);
}
