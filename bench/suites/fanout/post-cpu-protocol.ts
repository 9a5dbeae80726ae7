/** Which client a post-CPU run measures. */
export type PostClient = 'lean' | 'sdk';

/** What `post-cpu-client.ts` is told (its one argument, JSON). */
export interface PostCpuJob {
  readonly client: PostClient;
  readonly callbackUrl: string;
  readonly payload: string;
  /** Posts before the measurement, so both clients are warm (modules loaded, JIT, sockets open). */
  readonly warmup: number;
  readonly posts: number;
  readonly concurrency: number;
}

/** What it answers over the IPC channel. */
export interface PostCpuAnswer {
  readonly posts: number;
  readonly cpuMicros: number;
}
