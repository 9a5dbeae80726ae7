import { ratio, summarize, type Summary } from '../../stats';
import type { PostCpu, PostCpuRun } from './result';

export interface PostCpuFigures {
  /** CPU µs per post, one sample per run. */
  readonly lean: Summary;
  readonly sdk: Summary;
  /** Median lean over median SDK: below 1 is cheaper. */
  readonly leanToSdk: number | undefined;
  /** The same ratio per run, paired by index (the two ran back to back). */
  readonly leanToSdkByRun: readonly number[];
}

const perPost = (run: PostCpuRun) => run.cpuMicros / run.posts;

export function postCpuFigures(postCpu: PostCpu): PostCpuFigures {
  const lean = summarize(postCpu.lean.map(perPost));
  const sdk = summarize(postCpu.sdk.map(perPost));
  const pairs = Math.min(postCpu.lean.length, postCpu.sdk.length);
  const byRun: number[] = [];
  for (let index = 0; index < pairs; index += 1) {
    const value = ratio(perPost(postCpu.lean[index]), perPost(postCpu.sdk[index]));
    if (value !== undefined) byRun.push(value);
  }
  return { lean, sdk, leanToSdk: ratio(lean.median, sdk.median), leanToSdkByRun: byRun };
}
