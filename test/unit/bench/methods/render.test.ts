import type { Summary } from '../../../../bench/stats';
import type { BenchOptions } from '../../../../bench/suite';
import { renderMethods, spread } from '../../../../bench/suites/methods/render';
import type { MethodFigures, MethodsResult } from '../../../../bench/suites/methods/types';

const summary = (median: number, p99 = median, max = p99): Summary => ({
  count: 10,
  min: median / 2,
  median,
  p95: p99,
  p99,
  max,
  mean: median,
});

function figures(method: MethodFigures['method'], p99: number, wire: number, payload: number): MethodFigures {
  return {
    method,
    clients: 10,
    steps: 7,
    stepMs: 1000,
    lambdaConcurrency: 10,
    measuredVersions: 5,
    delay: summary(p99 / 2, p99),
    missed: 0,
    delivered: 50,
    wirePerUpdate: summary(wire),
    requestsPerUpdate: summary(0.2),
    requestRate: 12,
    payloadBytes: summary(payload),
    setupBytes: summary(900),
    attachMs: 120,
    notes: [],
  };
}

const result: MethodsResult = {
  updates: 5,
  stepMs: 1000,
  streamPollMs: 250,
  longPollBackoff: { initialMs: 100, maxMs: 1000 },
  sseBackoff: { initialMs: 250, maxMs: 2000 },
  runs: [
    figures('websocket', 280, 450, 446),
    figures('sse', 1200, 500, 446),
    {
      ...figures('long-poll', 700, 1040, 210),
      readsPerClientMinute: { value: 240, reads: 240, clientMinutes: 1, source: 'X-Check-Reads' },
    },
  ],
  skipped: [{ method: 'sse', clients: 1000, why: 'too much memory' }],
  machine: { cpus: 2, memoryGb: 23 },
};

const options = { clients: [10], updates: 5 } as unknown as BenchOptions;

describe('renderMethods', () => {
  const section = renderMethods(result, options);

  it('starts with its heading and links the charts it returns', () => {
    expect(section.markdown.startsWith('## Methods side by side\n')).toBe(true);
    for (const chart of section.charts) {
      expect(section.markdown).toContain(`(${chart.file})`);
      expect(chart.svg.startsWith('<svg')).toBe(true);
    }
  });

  it('judges each push method against its unavoidable wait plus 50 ms', () => {
    const row = (label: string) =>
      section.markdown.split('\n').find((line) => line.startsWith(`| ${label} | 10 | 5 ×`)) ?? '';
    expect(row('WebSocket')).toContain('≤ 300');
    expect(row('WebSocket')).toContain('| met |');
    expect(row('SSE')).toContain('≤ 1,050');
    expect(row('SSE')).toContain('**missed**');
  });

  it('derives the 100-byte ratios and shows long polling against WebSocket', () => {
    expect(section.markdown).toContain('1.04× (derived)');
    expect(section.markdown).toContain('2.31× WebSocket');
  });

  it('says which sizes were not run and why', () => {
    expect(section.markdown).toContain('SSE, N = 1,000: not run. too much memory.');
  });
});

describe('spread', () => {
  it('states median, p95, p99 and the range', () => {
    expect(spread(summary(10, 30, 40))).toBe('10 / 30 / 30 (5–40)');
    expect(spread(undefined)).toBe('n/a');
  });
});
