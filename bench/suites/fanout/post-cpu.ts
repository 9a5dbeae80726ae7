import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BenchContext } from '../../suite';
import type { PostClient, PostCpuAnswer, PostCpuJob } from './post-cpu-protocol';
import type { PostCpu, PostCpuRun } from './result';

const POSTS = 2_000;
const WARMUP = 300;
/** The notifier's `NOTIFY_CONCURRENCY`. */
const CONCURRENCY = 50;

/** A keep-alive HTTP server that answers every request 200 with no body, as `@connections` does. */
function startAnsweringServer(): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
    request.resume();
    request.once('end', () => {
      response.writeHead(200, { 'content-length': '0' });
      response.end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runClient(job: PostCpuJob): Promise<PostCpuRun> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'post-cpu-client.ts'), [JSON.stringify(job)], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: PostCpuAnswer | undefined;
    child.once('message', (message: PostCpuAnswer) => {
      answer = message;
    });
    child.once('exit', (code) => {
      if (answer !== undefined) resolve({ posts: answer.posts, cpuMicros: answer.cpuMicros });
      else reject(new Error(`The ${job.client} post client exited (code ${code}) without an answer`));
    });
  });
}

/** A CloudEvent of the size the fan-out carries (~480 B). */
function samplePayload(): string {
  return JSON.stringify({
    specversion: '1.0',
    id: 'c0ffee00-0000-4000-8000-000000000000:3',
    source: 'urn:bench:checks',
    type: 'com.example.check.updated',
    time: new Date(0).toISOString(),
    datacontenttype: 'application/json',
    data: {
      id: 'c0ffee00-0000-4000-8000-000000000000',
      target: 'bench-fanout',
      status: 'processing',
      version: 3,
      step: 2,
      steps: 20,
      progress: 0.1,
      updatedAt: new Date(0).toISOString(),
      note: 'x'.repeat(120),
    },
  });
}

/**
 * CPU microseconds per post: the lean poster and the SDK client each post `POSTS` times to a
 * local server that answers 200 at once, in a fresh process per run, the two interleaved.
 */
export async function measurePostCpu(context: BenchContext): Promise<PostCpu> {
  const server = await startAnsweringServer();
  const { port } = server.address() as AddressInfo;
  const lean: PostCpuRun[] = [];
  const sdk: PostCpuRun[] = [];
  try {
    for (let run = 0; run < context.options.runs; run += 1) {
      for (const client of ['lean', 'sdk'] as PostClient[]) {
        const result = await runClient({
          client,
          callbackUrl: `http://127.0.0.1:${port}/sandbox`,
          payload: samplePayload(),
          warmup: WARMUP,
          posts: POSTS,
          concurrency: CONCURRENCY,
        });
        (client === 'lean' ? lean : sdk).push(result);
      }
      context.progress.tick(run + 1, context.options.runs);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return { posts: POSTS, concurrency: CONCURRENCY, lean, sdk };
}
