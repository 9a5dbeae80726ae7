import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { PostRound, PostRoundResult } from './direct-poster-protocol';

export interface DirectPoster {
  post(round: Omit<PostRound, 'type'>): Promise<PostRoundResult>;
  stop(): Promise<void>;
}

/** Starts `direct-poster.ts` in a Node process of its own. */
export function startDirectPoster(): DirectPoster {
  const child = fork(join(__dirname, 'direct-poster.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    post: (round) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`The direct poster exited (code ${code}) during a round`));
        child.once('message', (result: PostRoundResult) => {
          child.off('exit', onExit);
          resolve(result);
        });
        child.once('exit', onExit);
        child.send({ type: 'post', ...round });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
