import type { SocketDialect } from './socket-dialect';

/** What the bench asks a client-fleet member (over the IPC channel); `id` pairs the answer. */
export type FleetRequest =
  | {
      readonly id: number;
      readonly type: 'open';
      readonly url: string;
      readonly count: number;
      readonly localAddress: string;
      readonly dialect: SocketDialect;
    }
  | {
      readonly id: number;
      readonly type: 'requestAll';
      readonly message: string;
      readonly replyKey: string;
      readonly window: number;
      readonly timeoutMs: number;
    }
  | { readonly id: number; readonly type: 'waitForAll'; readonly key: string; readonly timeoutMs: number }
  | { readonly id: number; readonly type: 'times'; readonly key: string }
  | { readonly id: number; readonly type: 'receivers'; readonly key: string }
  | { readonly id: number; readonly type: 'lastText'; readonly key: string }
  | { readonly id: number; readonly type: 'forget'; readonly key: string }
  | { readonly id: number; readonly type: 'close' };

export type FleetReply =
  | { readonly type: 'progress'; readonly opened: number }
  | { readonly type: 'answer'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
