import type { FunctionFigures } from '../../../bench/suites/functions/figures';
import { renderFunctions } from '../../../bench/suites/functions/render';
import { summarize } from '../../../bench/stats';

const ms = (median: number) => summarize([median]);
const load = (bundled: number, unbundled: number) => ({
  bundledMs: ms(bundled),
  unbundledMs: ms(unbundled),
  ratio: bundled / unbundled,
});
const figure = (handlerFile: string, ownCode: [number, number], sdk: number): FunctionFigures => ({
  name: handlerFile,
  handlerFile,
  bundledBytes: 100,
  bundledExternalBytes: 900,
  unbundled: { own: 1000, external: 900, ownFiles: 10, externalFiles: 30 },
  sizeRatio: 0.1,
  totalLoad: load(ownCode[0] + sdk, ownCode[1] + sdk),
  ownCodeLoad: load(ownCode[0], ownCode[1]),
  sdkAloneMs: ms(sdk),
  sdkPackages: { bundled: ['@aws-sdk/client-sns'], unbundled: ['@aws-sdk/client-sns'] },
});

describe('renderFunctions', () => {
  const section = renderFunctions({
    runs: 1,
    functions: [figure('fast', [10, 50], 40), figure('slow', [8, 10], 30)],
  });

  it('judges the load target on own code and on the total apart, naming the misses', () => {
    expect(section.markdown).toContain(
      'Load ≤ 0.5x: met by 1 of 2 (not slow) on own-code load, by 0 of 2 on total load.',
    );
  });

  it('names the smaller side of a split', () => {
    const functions = [figure('a', [1, 10], 1), figure('b', [9, 10], 1), figure('c', [9, 10], 1)];
    expect(renderFunctions({ runs: 1, functions }).markdown).toContain('met by 1 of 3 (a) on own-code load');
  });

  it("gives the time of the SDK alone beside the bundle's own code", () => {
    expect(section.markdown).toContain(
      "requiring it alone takes 30–40 ms against 8–10 ms for the bundle's own code",
    );
  });

  it('has one load row per function with both comparisons and the SDK alone', () => {
    const loadSection = section.markdown.split('### Load time')[1];
    const row = loadSection.split('\n').find((line) => line.startsWith('| fast |'));
    expect(row?.split(' | ')).toEqual([
      '| fast',
      '50 (p95 50, p99 50, 50–50, n=1)',
      '90 (p95 90, p99 90, 90–90, n=1)',
      '0.556x ❌',
      '10 (p95 10, p99 10, 10–10, n=1)',
      '50 (p95 50, p99 50, 50–50, n=1)',
      '0.2x ✅',
      '40 (p95 40, p99 40, 40–40, n=1) |',
    ]);
  });

  it('charts the size, the total load with the SDK alone, and the own-code load', () => {
    expect(section.charts.map((c) => c.file)).toEqual([
      'functions-size.svg',
      'functions-load.svg',
      'functions-load-own-code.svg',
    ]);
    expect(section.charts[1].svg).toContain('AWS SDK alone');
    for (const chart of section.charts) expect(section.markdown).toContain(`](${chart.file})`);
  });

  it('says where bundled and unbundled require different SDK packages', () => {
    const odd = { ...figure('odd', [1, 2], 3), sdkPackages: { bundled: ['a'], unbundled: ['b'] } };
    expect(renderFunctions({ runs: 1, functions: [odd] }).markdown).toContain(
      'different SDK packages in odd',
    );
  });
});
