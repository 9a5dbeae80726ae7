import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BareServerReply, BareServerRequest } from './bare-server-protocol';

export interface BareServer {
  readonly url: string;
  readonly pid: number;
  /** Sends the payload to every client; when the server began and finished writing (epoch ms). */
  broadcast(payload: string): Promise<{ readonly startedAt: number; readonly sentAt: number }>;
  clients(): Promise<number>;
  stop(): Promise<void>;
}

function ask<T extends BareServerReply['type']>(
  child: ChildProcess,
  request: BareServerRequest | undefined,
  answer: T,
): Promise<Extract<BareServerReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: BareServerReply) => {
      if (message.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<BareServerReply, { type: T }>);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`The bare ws server exited (code ${code}) before answering ${answer}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (request !== undefined) child.send(request);
  });
}

/** Starts `bare-server.ts` in a Node process of its own, so its memory is its own. */
export async function startBareServer(): Promise<BareServer> {
  const child = fork(join(__dirname, 'bare-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    // Its inspector, opened to collect its garbage, announces itself on stderr.
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const { port } = await ask(child, undefined, 'listening');
  if (child.pid === undefined) throw new Error('The bare ws server has no pid');
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    broadcast: (payload) => ask(child, { type: 'broadcast', payload }, 'broadcast'),
    clients: async () => (await ask(child, { type: 'clients' }, 'clients')).count,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
