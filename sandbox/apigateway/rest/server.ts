import { createServer } from 'node:http';
import type { Invoker } from '../../lambda/invoker';
import { closeServer, listen } from '../listen';
import { answerParseFailures } from '../parse-failures';
import { Gateway } from './gateway';
import type { RestApiModel } from './model';
import type { TokenBucket } from '../token-bucket';
import { answerParseFailure } from './parse-failure-answer';
import { urlHost } from '../../platform/url-host';

/** API Gateway's request payload limit. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/**
 * API Gateway's limit on the request line and header values together. Node counts the URL,
 * header names and values against it, so it refuses a little earlier than AWS.
 */
export const MAX_HEADER_BYTES = 10_240;
/** A streamed response on a Regional endpoint is closed after 5 minutes without a byte. */
export const STREAM_IDLE_TIMEOUT_MS = 5 * 60 * 1000;

export interface RestApiOptions {
  readonly invoker: Invoker;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** @default 10 MB, as API Gateway */
  readonly maxPayloadBytes?: number;
  /** @default 5 minutes, as a Regional endpoint */
  readonly streamIdleTimeoutMs?: number;
  /** One line per request (method, path, status, duration), and the model's warnings at start. */
  readonly log: (line: string) => void;
  /** The account's request budget, which the WebSocket APIs' `@connections` draw from too. */
  readonly accountThrottle?: TokenBucket;
}

export interface RunningRestApi {
  /** The first stage's base URL, e.g. `http://127.0.0.1:4010/prod/`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves one REST API, every stage of it, over HTTP/1.1 on `host:port`. */
export async function startRestApi(api: RestApiModel, options: RestApiOptions): Promise<RunningRestApi> {
  const { log } = options;
  if (api.stages.length === 0) throw new Error(`REST API ${api.logicalId} has no stage to serve`);
  for (const warning of api.warnings) log(`warning: ${warning}`);
  const gateway = new Gateway({
    api,
    invoker: options.invoker,
    maxPayloadBytes: options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? STREAM_IDLE_TIMEOUT_MS,
    log,
    now: Date.now,
    ...(options.accountThrottle === undefined ? {} : { accountThrottle: options.accountThrottle }),
  });
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES },
    (request, response) => void gateway.handle(request, response),
  );
  answerParseFailures(server, (failure) => answerParseFailure(api, failure), log);
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${urlHost(options.host)}:${port}/${api.stages[0].name}/`,
    stop: () => closeServer(server),
  };
}
