import { Agent, request } from 'node:http';
import { sigV4Signer } from '../../../lambda/shared/sigv4-signer';
import { SANDBOX_CREDENTIALS } from '../../../sandbox/platform/aws-environment';
import { SANDBOX_REGION } from '../../../sandbox/platform/config';
import { nowMs } from '../../process/clock';
import type { PostRound, PostRoundResult } from './direct-poster-protocol';

/**
 * The direct ceiling: an `@connections` client with nothing in its way but the signature
 * (no SDK middleware; SigV4 from the SDK's own signer, which `@connections` requires as on
 * AWS; keep-alive sockets, one worker per socket), in a process of its own as the notifier
 * has a thread of its own. Run with `node --import tsx`; it takes rounds over the IPC channel.
 */
const signer = sigV4Signer(SANDBOX_CREDENTIALS, SANDBOX_REGION, 'execute-api');

async function signedHeaders(url: URL, body: Buffer): Promise<Record<string, string>> {
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
  });
  return signed.headers;
}

async function post(agent: Agent, url: URL, body: Buffer): Promise<number> {
  const headers = await signedHeaders(url, body);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

async function runRound(round: PostRound): Promise<PostRoundResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: round.concurrency });
  const body = Buffer.from(round.payload);
  const urls = round.connectionIds.map(
    (id) => new URL(`${round.callbackUrl}/@connections/${encodeURIComponent(id)}`),
  );
  const failed: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  const startedAt = nowMs();
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next];
      next += 1;
      const status = await post(agent, url, body).catch(() => 0);
      if (status === 200) ok += 1;
      else failed[String(status)] = (failed[String(status)] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(round.concurrency, urls.length) }, worker));
  const answeredAt = nowMs();
  agent.destroy();
  return { type: 'posted', startedAt, answeredAt, ok, failed };
}

process.on('message', (round: PostRound) => {
  void runRound(round).then((result) => process.send?.(result));
});
process.on('disconnect', () => process.exit(0));
