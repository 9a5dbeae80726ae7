import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeLoad } from '../../../bench/suites/functions/load-probe';

describe('probeLoad', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'load-probe-'));
    writeFileSync(file('sdk.js'), 'globalThis.sdkLoads = (globalThis.sdkLoads ?? 0) + 1;');
    writeFileSync(
      file('handler.js'),
      "require('./sdk.js'); if (globalThis.sdkLoads !== 1) throw new Error('sdk loaded twice');",
    );
    writeFileSync(file('broken.js'), "throw new Error('no table name');");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the files before the timer first, and reports the graph of what it loaded', async () => {
    const load = await probeLoad({ before: [file('sdk.js')], timed: [file('handler.js')] }, {}, dir);
    expect(load.ms).toEqual(expect.any(Number));
    const handler = load.modules.find((m) => m.file === file('handler.js'));
    expect(handler?.children).toEqual([file('sdk.js')]);
  });

  it('defines the awslambda global the Lambda runtime provides', async () => {
    writeFileSync(file('streaming.js'), 'module.exports = awslambda.streamifyResponse(() => 1);');
    await expect(probeLoad({ timed: [file('streaming.js')] }, {}, dir)).resolves.toBeDefined();
  });

  it('rejects with the error of a file that fails to load', async () => {
    await expect(probeLoad({ timed: [file('broken.js')] }, {}, dir)).rejects.toThrow(/no table name/);
  });
});
