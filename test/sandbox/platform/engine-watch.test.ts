import { EngineEndedError, EngineWatch, type EngineEnd } from '../../../sandbox/platform/engine-watch';

const killed: EngineEnd = {
  engine: 'DynamoDB Local',
  how: 'was killed by SIGKILL',
  lastLines: ['Port:\t4020', 'Shared DB:\ttrue'],
};

function deferred(): { promise: Promise<EngineEnd>; end: (end: EngineEnd) => void } {
  let end: (value: EngineEnd) => void = () => undefined;
  const promise = new Promise<EngineEnd>((resolve) => (end = resolve));
  return { promise, end };
}

describe('EngineWatch', () => {
  it('reports the first engine that ends by itself, once, naming it, how it ended and its last lines', async () => {
    const watch = new EngineWatch();
    const first = deferred();
    const second = deferred();
    watch.watch(first.promise);
    watch.watch(second.promise);
    const failures: EngineEndedError[] = [];
    watch.onFailure((failure) => failures.push(failure));

    first.end(killed);
    second.end({ engine: 'SNS and SQS', how: 'exited with code 1', lastLines: [] });
    await new Promise((resolve) => setImmediate(resolve));

    expect(failures).toHaveLength(1);
    expect(watch.failure).toBe(failures[0]);
    expect(failures[0].message).toBe(
      'DynamoDB Local was killed by SIGKILL while the sandbox ran, so the sandbox stopped. ' +
        'Its last output:\n  Port:\t4020\n  Shared DB:\ttrue',
    );
    expect(failures[0].summary).toBe('DynamoDB Local was killed by SIGKILL; stopping the sandbox…');
  });

  it('tells a listener that comes late of an end that came before it', async () => {
    const watch = new EngineWatch();
    watch.watch(Promise.resolve({ ...killed, lastLines: [] }));
    await new Promise((resolve) => setImmediate(resolve));
    const failures: string[] = [];
    watch.onFailure((failure) => failures.push(failure.message));
    expect(failures).toEqual([
      'DynamoDB Local was killed by SIGKILL while the sandbox ran, so the sandbox stopped. It printed nothing.',
    ]);
  });

  it('takes an engine that ends once the sandbox is stopping for one it stopped', async () => {
    const watch = new EngineWatch();
    const engine = deferred();
    watch.watch(engine.promise);
    const failures: EngineEndedError[] = [];
    watch.onFailure((failure) => failures.push(failure));
    watch.stop();
    engine.end(killed);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual([]);
    expect(watch.failure).toBeUndefined();
  });
});
