/** A round of posts: the same payload to every connection, `concurrency` requests in flight. */
export interface PostRound {
  readonly type: 'post';
  readonly callbackUrl: string;
  readonly connectionIds: readonly string[];
  readonly payload: string;
  readonly concurrency: number;
}

export interface PostRoundResult {
  readonly type: 'posted';
  readonly startedAt: number;
  /** When the last `@connections` answer arrived (epoch ms). */
  readonly answeredAt: number;
  readonly ok: number;
  /** Answers other than 200, by status. */
  readonly failed: Readonly<Record<string, number>>;
}
