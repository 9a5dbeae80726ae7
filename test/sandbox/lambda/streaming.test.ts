import { setTimeout as delay } from 'node:timers/promises';
import { LambdaService } from '../../../sandbox/lambda/lambda-service';
import { STREAMING_BUNDLE } from './bundles';
import { definition, logCollector, readAll, reader, writeBundles } from './fixtures';

const DELIMITER = Buffer.alloc(8);
const bundles = writeBundles({ 'index.js': STREAMING_BUNDLE });
const code = bundles.directory;
const logs = logCollector();
const lambda = new LambdaService(
  [
    definition(code, 'sse', 'index.sse', { timeoutSeconds: 5 }),
    definition(code, 'http', 'index.http'),
    definition(code, 'plain', 'index.plain'),
    definition(code, 'fails', 'index.fails'),
    definition(code, 'flood', 'index.flood'),
    definition(code, 'buffered', 'index.buffered'),
  ],
  { baseEnvironment: {}, logSink: logs.sink },
);

afterAll(async () => {
  await lambda.stop();
  bundles.remove();
});

/** Splits an HTTP integration response into its prelude and body. */
function httpResponse(bytes: Buffer): { prelude: unknown; body: string } {
  const end = bytes.indexOf(DELIMITER);
  if (end === -1) throw new Error(`No delimiter in ${JSON.stringify(bytes.toString())}`);
  return { prelude: JSON.parse(bytes.subarray(0, end).toString()), body: bytes.subarray(end + 8).toString() };
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; !condition(); attempt += 1) {
    if (attempt > 300) throw new Error('The condition never held');
    await delay(10);
  }
}

describe('LambdaService response streaming', () => {
  it('sends the prelude, 8 NUL bytes and the body, with the HTTP integration content type', async () => {
    const invocation = lambda.invokeWithResponseStream('http', { parts: ['a', 'b'] });
    const { prelude, body } = httpResponse(await readAll(invocation.body));
    expect(prelude).toEqual({ statusCode: 201, headers: { 'X-A': 'b' } });
    expect(body).toBe('ab{"as":"json"}');
    expect(invocation.contentType()).toBe('application/vnd.awslambda.http-integration-response');
    expect(await invocation.done).toEqual({ ok: true, payload: undefined });
  });

  it('delivers each chunk while the function runs, and abort breaks its stream', async () => {
    const invocation = lambda.invokeWithResponseStream('sse', {});
    let settled = false;
    void invocation.done.then(() => (settled = true));
    const body = reader(invocation.body);
    let received = Buffer.alloc(0);
    while (!received.includes('data: first')) {
      const chunk = await body.next();
      if (chunk === undefined) throw new Error('The stream ended early');
      received = Buffer.concat([received, chunk]);
    }
    expect(httpResponse(received)).toEqual({
      prelude: { statusCode: 200, headers: { 'Content-Type': 'text/event-stream' } },
      body: 'data: first\n\n',
    });
    expect(settled).toBe(false);

    invocation.abort();
    const outcome = await invocation.done;
    expect(outcome).toMatchObject({ ok: false, error: { errorMessage: 'aborted' } });
    await until(() => logs.lines('sse').some((line) => line.includes('"destroyed"')));
    expect(logs.lines('sse')).toContainEqual(
      expect.stringContaining(JSON.stringify({ destroyed: true, writeError: 'ERR_STREAM_DESTROYED' })),
    );
  });

  it('holds the function back while the reader does not read, then delivers every chunk in order', async () => {
    const chunks = 64;
    const size = 4 * 1024;
    const invocation = lambda.invokeWithResponseStream('flood', { chunks, size });
    const written = () => logs.lines('flood').filter((line) => /\twritten \d+$/.test(line)).length;
    await until(() => written() > 0);
    await delay(200);
    expect(written()).toBeLessThan(chunks);
    const body = await readAll(invocation.body);
    const expected = Buffer.concat(Array.from({ length: chunks }, (_, i) => Buffer.alloc(size, 97 + i)));
    expect(body.equals(expected)).toBe(true);
    expect((await invocation.done).ok).toBe(true);
  });

  it("follows the runtime's stream: default content type, no content type after a write", async () => {
    const invocation = lambda.invokeWithResponseStream('plain', {});
    expect((await readAll(invocation.body)).toString()).toBe('{"streamed":true}');
    expect(invocation.contentType()).toBe('application/octet-stream');
    await invocation.done;
    await until(() => logs.lines('plain').some((line) => line.includes('setContentType after a write')));
    expect(logs.lines('plain')).toContainEqual(
      expect.stringContaining('setContentType after a write: Runtime.InvalidStreamingOperation'),
    );
  });

  it('ends the stream and reports the error when the handler fails mid-stream', async () => {
    const invocation = lambda.invokeWithResponseStream('fails', {});
    expect((await readAll(invocation.body)).toString()).toBe('partial');
    expect(await invocation.done).toMatchObject({
      ok: false,
      error: { errorType: 'Error', errorMessage: 'broke mid-stream' },
    });
  });

  it('streams a buffered handler its JSON result as one chunk', async () => {
    const invocation = lambda.invokeWithResponseStream('buffered', { text: 'hi' });
    expect(JSON.parse((await readAll(invocation.body)).toString())).toEqual({ statusCode: 200, body: 'hi' });
    expect(invocation.contentType()).toBe('application/json');
    expect(await invocation.done).toEqual({ ok: true, payload: { statusCode: 200, body: 'hi' } });
  });

  it('buffers a streaming handler invoked with plain Invoke: its bytes, as JSON when they parse', async () => {
    expect(await lambda.invoke('plain', {})).toEqual({ ok: true, payload: { streamed: true } });
    const outcome = await lambda.invoke('http', { parts: ['x'] });
    if (!outcome.ok) throw new Error(outcome.error.errorMessage);
    expect(httpResponse(Buffer.from(outcome.payload as string))).toEqual({
      prelude: { statusCode: 201, headers: { 'X-A': 'b' } },
      body: 'x{"as":"json"}',
    });
  });

  it('reports an unknown function through done, with an empty body', async () => {
    const invocation = lambda.invokeWithResponseStream('nope', {});
    expect(await readAll(invocation.body)).toHaveLength(0);
    expect(await invocation.done).toMatchObject({
      ok: false,
      error: { errorType: 'ResourceNotFoundException' },
    });
  });
});
