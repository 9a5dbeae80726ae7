/** Small CommonJS handlers, written as esbuild would stage them in an asset folder. */
export const STATE_BUNDLE = `
const { randomUUID } = require('node:crypto');
const environmentId = randomUUID();
let invocations = 0;
globalThis.loadedBy = [...(globalThis.loadedBy ?? []), process.env.AWS_LAMBDA_FUNCTION_NAME];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.act = async (event, context) => {
  invocations += 1;
  console.log('invocation', invocations, '\\nsecond line');
  switch (event.action) {
    case 'sleep': {
      const startedAt = Date.now();
      await sleep(event.ms);
      return { environmentId, startedAt, endedAt: Date.now() };
    }
    case 'hang': return new Promise(() => {});
    case 'throw': throw new TypeError('bad input');
    case 'reject-string': return Promise.reject('just a string');
    case 'uncaught':
      setTimeout(() => { throw new RangeError('boom'); });
      return new Promise(() => {});
    case 'unhandled':
      Promise.reject(new Error('nobody caught me'));
      return new Promise(() => {});
    case 'exit': process.exit(3);
    case 'bigint': return { n: 1n };
    case 'large': return 'x'.repeat(event.size);
    case 'leak': {
      const kept = [];
      for (;;) kept.push(new Array(100000).fill({ leaked: true }));
    }
    default: {
      const { getRemainingTimeInMillis, ...fields } = context;
      return {
        environmentId,
        invocations,
        loadedBy: globalThis.loadedBy,
        env: { ...process.env },
        context: { ...fields, remaining: getRemainingTimeInMillis() },
        event,
      };
    }
  }
};

exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { via: 'callback', event }), 10);
};
`;

export const STREAMING_BUNDLE = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Streams until the caller goes away, as an SSE handler does.
exports.sse = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  });
  stream.write('data: first\\n\\n');
  while (!stream.destroyed && context.getRemainingTimeInMillis() > 200) await sleep(10);
  const writeError = await new Promise((resolve) => stream.write('data: late\\n\\n', (error) => resolve(error?.code)));
  console.log(JSON.stringify({ destroyed: stream.destroyed, writeError }));
});

exports.http = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'X-A': 'b' } });
  for (const part of event.parts) {
    stream.write(part);
    await sleep(5);
  }
  stream.write({ as: 'json' });
  stream.end();
});

exports.plain = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('{"streamed":');
  responseStream.write('true}');
  let late;
  try {
    responseStream.setContentType('text/plain');
  } catch (error) {
    late = error.name;
  }
  responseStream.end();
  console.log('setContentType after a write:', late);
});

exports.fails = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('partial');
  throw new Error('broke mid-stream');
});

exports.flood = awslambda.streamifyResponse(async (event, responseStream) => {
  for (let i = 0; i < event.chunks; i += 1) {
    await new Promise((resolve) => responseStream.write(Buffer.alloc(event.size, 97 + i), resolve));
    console.log('written', i);
  }
  responseStream.end();
});

exports.buffered = async (event) => ({ statusCode: 200, body: event.text });
`;

export const INIT_FAILURES = {
  'throws.js': "throw new Error('init failed');\n",
  'syntax.js': 'exports.handler = async () => {;\n',
  'noexport.js': 'exports.other = async () => 1;\n',
  'src/nested/app.js': "exports.api = { handler: async () => 'nested' };\n",
  'module.mjs': "export const handler = async () => 'esm';\n",
};
