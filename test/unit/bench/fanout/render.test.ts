import { renderFanout } from '../../../../bench/suites/fanout/render';
import type { BenchOptions } from '../../../../bench/suite';
import { sampleResult } from './sample-result';

const options: BenchOptions = {
  full: true,
  clients: [],
  updates: 5,
  fanout: [1_000, 5_000],
  idleConnections: 10_000,
  runs: 3,
  only: [],
  outDir: '/tmp/unused',
};

describe('renderFanout', () => {
  const section = renderFanout(sampleResult, options);

  it('is a section of its own that links each chart it brings', () => {
    expect(section.markdown.startsWith('## ')).toBe(true);
    for (const chart of section.charts) {
      expect(section.markdown).toContain(`(${chart.file})`);
      expect(chart.svg.startsWith('<svg')).toBe(true);
    }
  });

  it('states every figure with its spread and run count, and the ratio against the target', () => {
    expect(section.markdown).toContain('n=3');
    expect(section.markdown).toContain('p95');
    expect(section.markdown).toContain('0.818× (runs 0.8–0.818)');
    expect(section.markdown).toContain('| met |');
  });
});
