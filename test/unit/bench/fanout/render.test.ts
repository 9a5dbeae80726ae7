import { renderFanout } from '../../../../bench/suites/fanout/render';
import type { BenchOptions } from '../../../../bench/suite';
import { sampleResult, timing } from './sample-result';

const options: BenchOptions = {
  full: true,
  clients: [],
  updates: 5,
  fanout: [1_000, 20_000, 50_000],
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

  it('puts the ratios before the tables of figures', () => {
    expect(section.markdown.indexOf('### Ratios')).toBeLessThan(section.markdown.indexOf('| N | path |'));
  });

  it('says which sizes were asked for and could not be held, and at what N they were measured', () => {
    expect(section.markdown).toContain('N = 20,000, 50,000 was asked for and could not be held');
    expect(section.markdown).toContain('measured at N = 18,800, the largest this machine holds');
  });

  it('gives the time per subscriber, the CPU per post, the second check and why the rate limit was not measured', () => {
    expect(section.markdown).toContain('455 µs');
    expect(section.markdown).toContain('1× (flat or falling)');
    expect(section.markdown).toContain('0.333× (runs 0.313–0.4)');
    expect(section.markdown).toContain('| 18,800 | 8.18× |');
    expect(section.markdown).toContain(
      'N = 30,000 (asked for 30,000) was not measured: subscribing 30000 clients',
    );
    expect(section.markdown).toContain('Not measured: the sandbox takes no rate-limit option.');
  });
});

describe('renderFanout with AppSync Events', () => {
  const { markdown } = renderFanout(sampleResult, options);
  const section = markdown.slice(markdown.indexOf('### AppSync Events'));

  it('sets one publish to N subscribers beside the notifier at the same N, with the ratios', () => {
    expect(section).toContain('| 1,000 | API Gateway WebSocket (notifier) |');
    expect(section).toContain('| 1,000 posts |');
    expect(section).toContain('| 1 publish | 11.1× | 0.242× |');
  });

  it('says why a size has no AppSync figure', () => {
    expect(section).toContain('| 18,800 | AppSync Events | not measured: subscribing 18800 clients');
  });
});

describe('renderFanout with the rate limit measured', () => {
  it('states the limited rate against the ceiling, the receipts and the 429s', () => {
    const { markdown } = renderFanout(
      {
        ...sampleResult,
        sandboxArgs: ['--connections-rate-limit', '0'],
        rateLimit: {
          measured: true,
          subscribers: 18_800,
          off: [timing(20_000), timing(21_000), timing(22_000)],
          limits: [
            {
              kind: 'aws-default',
              ratePerSecond: 10_000,
              burst: 5_000,
              on: [timing(9_000), timing(9_500), timing(9_900)],
              delivered: [18_800, 18_800, 18_800],
              throttled: 0,
            },
            {
              kind: 'below-the-path',
              ratePerSecond: 10_500,
              burst: 5_250,
              on: [timing(9_000), timing(10_000), timing(10_400)],
              delivered: [18_800, 18_799, 18_800],
              throttled: 1_234,
            },
          ],
        },
      },
      options,
    );
    expect(markdown).toContain(
      "| AWS's default: `--connections-rate-limit 10000 --connections-burst-limit 5000` | 0.95× of 10,000/s |",
    );
    expect(markdown).toContain('56,400 of 56,400 (none lost) | 0 |');
    expect(markdown).toContain('| half the unlimited path: `--connections-rate-limit 10500');
    expect(markdown).toContain('56,399 of 56,400 (1 lost) | 1,234 |');
    expect(markdown).toContain('`--connections-rate-limit 0`');
  });
});
