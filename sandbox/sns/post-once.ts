import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AttemptOutcome } from './delivery-outcome';
import type { VettedAddress } from './delivery-target';

export interface PostInput {
  readonly url: string;
  /** Where to connect: the address checked for this attempt, so the name is not resolved again. */
  readonly address: VettedAddress;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Keep-alive connections to the endpoints, closed when the sandbox stops. */
export class EndpointAgents {
  readonly http = new HttpAgent({ keepAlive: true });
  readonly https = new HttpsAgent({ keepAlive: true });

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** A lookup that answers the vetted address, in the form Node asks for (one, or all). */
function pinnedLookup({ address, family }: VettedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * One POST, ending in the status the endpoint answered, a timeout after `timeoutMs` for the
 * whole exchange (SNS waits 15 s), or the connection error. The answer's body is read and
 * dropped. HTTPS endpoints must have a certificate Node trusts, as SNS requires a CA-signed one.
 */
export function postOnce(input: PostInput, agents: EndpointAgents): Promise<AttemptOutcome> {
  if (input.signal.aborted) {
    return Promise.resolve({ kind: 'error', code: 'Aborted', message: 'The sandbox stopped' });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const https = input.url.startsWith('https:');
    const body = Buffer.from(input.body, 'utf8');
    const req = (https ? httpsRequest : httpRequest)(input.url, {
      method: 'POST',
      agent: https ? agents.https : agents.http,
      lookup: pinnedLookup(input.address),
      headers: { ...input.headers, 'Content-Length': String(body.length) },
    });
    const timer = setTimeout(() => {
      settle({ kind: 'timeout', timeoutMs: input.timeoutMs });
      req.destroy();
    }, input.timeoutMs);
    const onAbort = () => {
      settle({ kind: 'error', code: 'Aborted', message: 'The sandbox stopped' });
      req.destroy();
    };
    input.signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (response) => {
      response.resume();
      settle({ kind: 'status', status: response.statusCode ?? 0 });
    });
    // A 101 answer switches protocols instead of answering; SNS retries it.
    req.on('upgrade', (_response, socket) => {
      socket.destroy();
      settle({ kind: 'status', status: 101 });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      settle({ kind: 'error', code: error.code ?? error.name, message: error.message });
    });
    req.end(body);
  });
}
