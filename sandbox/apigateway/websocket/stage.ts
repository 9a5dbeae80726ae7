import type { Invoker } from '../../lambda/invoker';
import type { ConnectionDeadlines } from './connection-deadlines';
import type { ConnectionRegistry } from './connection-registry';
import type { Disconnects } from './disconnects';
import type { LiveConnection } from './live-connection';
import type { WebSocketApiModel, WebSocketLimits, WebSocketRouteModel } from './model';
import type { SigV4Expectation } from '../../platform/sigv4-check';
import type { TokenBucket } from '../token-bucket';

/** One served stage: what the handshake, the connections and the HTTP endpoints all read. */
export interface Stage {
  readonly api: WebSocketApiModel;
  readonly invoker: Invoker;
  readonly limits: WebSocketLimits;
  readonly log: (line: string) => void;
  /** By route key. */
  readonly routes: ReadonlyMap<string, WebSocketRouteModel>;
  readonly registry: ConnectionRegistry<LiveConnection>;
  /** The idle and lifetime limits of every open connection. */
  readonly deadlines: ConnectionDeadlines<LiveConnection>;
  readonly disconnects: Disconnects;
  /** The only signature `@connections` takes: the functions' identity, this API's region, `execute-api`. */
  readonly connectionsSignature: SigV4Expectation;
  /** What the admin API takes as `Authorization: Bearer`. */
  readonly adminSecret: string;
  /** The account's request budget (shared with the REST APIs); undefined: `@connections` is never throttled. */
  readonly accountThrottle: TokenBucket | undefined;
  /** The port the stage listens on, once it does: what `X-Forwarded-Port` says. */
  port: number;
  /** Set once the server stops: every new handshake is refused. */
  stopping: boolean;
}
