import { LambdaService } from '../../../sandbox/lambda/lambda-service';
import type { InvokeOutcome } from '../../../sandbox/lambda/invoker';
import { definition, writeBundles } from './fixtures';

/** A module whose load takes `ms` of busy time, as a big bundle does on a loaded machine. */
function slowModule(ms: number): string {
  return `const until = Date.now() + ${ms};\nwhile (Date.now() < until);\nexports.handler = async () => 'ready';\n`;
}

const bundles = writeBundles({ 'slow.js': slowModule(1_200), 'slower.js': slowModule(4_000) });
const services: LambdaService[] = [];

function service(initPhaseMs: number, timeoutSeconds: number, handler: string): LambdaService {
  const created = new LambdaService([definition(bundles.directory, 'slow', handler, { timeoutSeconds })], {
    baseEnvironment: {},
    initPhaseMs,
  });
  services.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(services.splice(0).map((created) => created.stop()));
});
afterAll(() => bundles.remove());

describe('an init longer than the init phase', () => {
  it('goes on inside the first invocation, under the function timeout, as Lambda retries it', async () => {
    const outcome: InvokeOutcome = await service(300, 3, 'slow.handler').invoke('slow', {});
    expect(outcome).toEqual({ ok: true, payload: 'ready' });
  });

  it('times the invocation out when init outlasts the init phase and the function timeout', async () => {
    const outcome = await service(300, 1, 'slower.handler').invoke('slow', {});
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).toContain('Task timed out after 1.00 seconds');
  });
});
