import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestSource, stalenessReason, type AssemblyState } from '../../../sandbox/platform/synth';

const fresh: AssemblyState = {
  manifestMtimeMs: 2_000,
  newestSource: { path: 'lib/stack.ts', mtimeMs: 1_000 },
  stampedContext: { webhookUrlPolicy: 'allow-loopback-http' },
};
const context = { webhookUrlPolicy: 'allow-loopback-http' };

describe('stalenessReason', () => {
  it('keeps an assembly newer than every source, built with the same context', () => {
    expect(stalenessReason(fresh, context)).toBeUndefined();
    expect(stalenessReason({ ...fresh, newestSource: undefined }, context)).toBeUndefined();
  });

  it('synthesizes when there is no manifest', () => {
    expect(stalenessReason({ ...fresh, manifestMtimeMs: undefined }, context)).toBe(
      'no synthesized assembly yet',
    );
  });

  it('synthesizes when a source is newer than the manifest, naming it', () => {
    const state = { ...fresh, newestSource: { path: 'lambda/worker/worker.ts', mtimeMs: 3_000 } };
    expect(stalenessReason(state, context)).toBe('lambda/worker/worker.ts changed since the last synth');
  });

  it('synthesizes when the context differs in a value, a key or the number of keys', () => {
    expect(stalenessReason(fresh, { webhookUrlPolicy: 'https-only' })).toMatch(/context differs/);
    expect(stalenessReason(fresh, { other: 'allow-loopback-http' })).toMatch(/context differs/);
    expect(stalenessReason(fresh, {})).toMatch(/context differs/);
    expect(stalenessReason(fresh, { ...context, extra: 'x' })).toMatch(/context differs/);
  });

  it('synthesizes when no stamp says which context built the assembly', () => {
    expect(stalenessReason({ ...fresh, stampedContext: undefined }, {})).toBe(
      'the assembly was not synthesized by the sandbox',
    );
  });
});

describe('newestSource', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newest-source-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(path: string, mtimeSeconds: number): void {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '');
    utimesSync(join(dir, path), mtimeSeconds, mtimeSeconds);
  }

  it('finds the newest file in bin, lib, lambda (at any depth) and the root files that matter', () => {
    file('bin/app.ts', 100);
    file('lib/stack.ts', 200);
    file('lambda/worker/deep/worker.ts', 300);
    file('cdk.json', 150);
    file('README.md', 900);
    file('test/x.test.ts', 900);
    expect(newestSource(dir)).toEqual({ path: 'lambda/worker/deep/worker.ts', mtimeMs: 300_000 });
    file('package-lock.json', 400);
    expect(newestSource(dir)?.path).toBe('package-lock.json');
  });

  it('is undefined for a folder without sources', () => {
    expect(newestSource(dir)).toBeUndefined();
  });
});
