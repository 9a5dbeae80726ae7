import {
  barChart,
  escapeXml,
  estimateTextWidth,
  formatTick,
  layoutXLabels,
  lineChart,
  linearScale,
  logScale,
} from '../../../bench/report/svg-chart';

/** Tags open and close in order: a cheap check that the output is well-formed XML. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing === '/') continue;
    if (closing === '') stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('svg charts', () => {
  it('draws a line chart as one balanced svg element with a legend entry per series', () => {
    const svg = lineChart({
      title: 'Latency',
      xLabel: 'clients',
      yLabel: 'ms',
      series: [
        {
          name: 'SSE',
          points: [
            [1, 5],
            [10, 8],
            [100, 20],
          ],
        },
        {
          name: 'WebSocket',
          points: [
            [1, 3],
            [10, 4],
            [100, 9],
          ],
        },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('>WebSocket</text>');
  });

  it('escapes titles, labels and series names', () => {
    const svg = barChart({
      title: 'a < b & "c"',
      yLabel: "it's",
      categories: ['<x>'],
      series: [{ name: 'S&P', values: [1] }],
    });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg).toContain('&lt;x&gt;');
    expect(svg).toContain('S&amp;P');
    expect(svg).not.toContain('<x>');
    expect(balanced(svg)).toBe(true);
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('puts whole decades on a log scale and places values by their logarithm', () => {
    const scale = logScale(3, 2000);
    expect(scale.ticks).toEqual([1, 10, 100, 1000, 10000]);
    expect(scale.position(100)).toBeCloseTo(0.5);
  });

  it('starts a linear scale at zero with round steps', () => {
    const scale = linearScale(12, 87);
    expect(scale.ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(scale.position(50)).toBeCloseTo(0.5);
  });

  it('drops points a log axis cannot show instead of drawing NaN', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      logX: true,
      logY: true,
      series: [
        {
          name: 's',
          points: [
            [0, 1],
            [10, 0],
            [10, 10],
            [100, 100],
          ],
        },
      ],
    });
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('formats ticks briefly', () => {
    expect([0, 0.5, 1500, 2_000_000, 0.0002].map(formatTick)).toEqual(['0', '0.5', '1.5k', '2M', '2e-4']);
  });

  describe('x labels', () => {
    const longest = 'subscription-failures';

    it('stay horizontal while the widest label fits its band', () => {
      const layout = layoutXLabels(['bare ws', 'DynamoDB Local'], 160);
      expect(layout.angle).toBe(0);
      expect(layout.reach).toBe(0);
    });

    it('turn -45 degrees when a label is wider than its band, and reserve room for the longest', () => {
      const band = 35;
      expect(estimateTextWidth(longest)).toBeGreaterThan(band);
      const layout = layoutXLabels(['connect', longest], band);
      expect(layout.angle).toBe(-45);
      const diagonal = estimateTextWidth(longest) * Math.SQRT1_2;
      expect(layout.depth).toBeGreaterThan(diagonal);
      expect(layout.reach).toBeGreaterThan(diagonal);
    });

    it('turn vertical when even diagonal neighbours would touch', () => {
      const layout = layoutXLabels([longest], 12);
      expect(layout.angle).toBe(-90);
      expect(layout.depth).toBeGreaterThan(estimateTextWidth(longest));
    });

    it('make a bar chart with many long categories taller and rotate every label', () => {
      const categories = Array.from({ length: 14 }, (_, i) => `${longest}-${i}`);
      const svg = barChart({
        title: 't',
        yLabel: 'KiB',
        categories,
        series: [{ name: 'bundled', values: categories.map((_, i) => i + 1) }],
      });
      const few = barChart({
        title: 't',
        yLabel: 'KiB',
        categories: ['a'],
        series: [{ name: 'b', values: [1] }],
      });
      const height = (chart: string) => Number(/height="(\d+)"/.exec(chart)?.[1]);
      expect(svg.match(/text-anchor="end" transform="rotate\(-45 /g)).toHaveLength(14);
      expect(few).not.toContain('rotate(-45');
      expect(height(svg)).toBeGreaterThan(height(few) + 50);
      expect(balanced(svg)).toBe(true);
    });
  });
});
