import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { SignedConnectionPoster } from '../../../lambda/websocket/signed-connection-poster';
import { SANDBOX_CREDENTIALS } from '../../../sandbox/platform/aws-environment';
import { SANDBOX_REGION } from '../../../sandbox/platform/config';
import type { PostCpuAnswer, PostCpuJob } from './post-cpu-protocol';

/**
 * Posts to `@connections` with one client, the notifier's lean poster or the SDK's
 * `PostToConnectionCommand`, and answers the CPU this process spent on `posts` of them
 * (`process.cpuUsage()`, user and system, after a warm-up). Run with `node --import tsx`,
 * one process per run, so the other client's modules and heap are not in it.
 */
type Post = (connectionId: string, data: string) => Promise<unknown>;

function clientFor(job: PostCpuJob): Post {
  if (job.client === 'lean') {
    const poster = new SignedConnectionPoster({
      callbackUrl: job.callbackUrl,
      region: SANDBOX_REGION,
      credentials: SANDBOX_CREDENTIALS,
    });
    return (connectionId, data) => poster.post(connectionId, data);
  }
  const sdk = new ApiGatewayManagementApiClient({
    endpoint: job.callbackUrl,
    region: SANDBOX_REGION,
    credentials: SANDBOX_CREDENTIALS,
  });
  return (connectionId, data) =>
    sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
}

async function postMany(post: Post, count: number, concurrency: number, payload: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      // API Gateway's ids are 16 characters of base64 with `=`, which the path escapes.
      const id = `bench${String(next).padStart(10, '0')}=`;
      next += 1;
      await post(id, payload);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as PostCpuJob;
  const post = clientFor(job);
  await postMany(post, job.warmup, job.concurrency, job.payload);
  const before = process.cpuUsage();
  await postMany(post, job.posts, job.concurrency, job.payload);
  const spent = process.cpuUsage(before);
  const answer: PostCpuAnswer = { posts: job.posts, cpuMicros: spent.user + spent.system };
  process.send?.(answer, () => process.exit(0));
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
