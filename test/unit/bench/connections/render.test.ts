import { connectionsRatio, renderConnections } from '../../../../bench/suites/connections/render';
import type { ConnectionsResult } from '../../../../bench/suites/connections/result';
import type { BenchOptions } from '../../../../bench/suite';

const held = (perConnection: number) => ({
  beforeBytes: [100e6, 101e6],
  afterBytes: [100e6 + perConnection * 2_000],
  perConnectionBytes: [perConnection],
  connectMs: 5_000,
  steady: { before: true, after: true },
});

const result: ConnectionsResult = {
  connections: 2_000,
  warmup: 200,
  sandbox: held(30_000),
  dynamodb: held(1_000),
  bare: held(20_000),
};

const options = { idleConnections: 2_000, runs: 3 } as BenchOptions;

describe('renderConnections', () => {
  it('compares the sandbox with the bare server per connection, against the target', () => {
    expect(connectionsRatio(result)).toBe(1.5);
    const section = renderConnections(result, options);
    expect(section.markdown.startsWith('## ')).toBe(true);
    expect(section.markdown).toContain('**1.5×** (target ≤ 1.25×: missed)');
    expect(section.markdown).toContain(`(${section.charts[0].file})`);
  });
});
