/** Resident memory of one process before and after it holds N more idle connections. */
export interface HeldMemory {
  /** Summed RSS samples, bytes, with the warm-up connections open. */
  readonly beforeBytes: readonly number[];
  /** The same, with N more idle connections open. */
  readonly afterBytes: readonly number[];
  /** `(after sample − median before) / N`, one per after sample. */
  readonly perConnectionBytes: readonly number[];
  /** Opening the N connections, ms. */
  readonly connectMs: number;
  /** Whether each set of samples held still (within the tolerance) before sampling gave up. */
  readonly steady: { readonly before: boolean; readonly after: boolean };
}

export interface ConnectionsResult {
  readonly connections: number;
  /** Connections opened before the baseline, so what every first connection starts is in it. */
  readonly warmup: number;
  /** The sandbox's Node process: WebSocket server, `@connections`, Lambda worker threads. */
  readonly sandbox: HeldMemory;
  /** DynamoDB Local (Java, a child of the sandbox), which stores one item per connection. */
  readonly dynamodb: HeldMemory;
  /** A bare `ws` server holding the same N. */
  readonly bare: HeldMemory;
}
