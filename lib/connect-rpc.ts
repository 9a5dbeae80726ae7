import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import type { TokenAuth } from './auth';
import type { CheckWorker } from './check-worker';
import type { ChecksTable } from './checks-table';
import type { ChecksRestApi } from './rest-api';

export interface ConnectRpcProps {
  readonly api: ChecksRestApi;
  readonly auth: TokenAuth;
  readonly checksTable: ChecksTable;
  readonly worker: CheckWorker;
}

/** The service's methods, each a `POST /rpc/checks.v1.CheckService/<method>` route. */
export const CHECK_SERVICE_METHODS = ['CreateCheck', 'GetCheck', 'WatchCheck'] as const;

/**
 * The protobuf content types of Connect and gRPC-Web. Their bodies are bytes, which API
 * Gateway reads as UTF-8 text (and corrupts) unless they are binary media types. gRPC-Web's
 * text mode (`application/grpc-web-text`) is base64 already, so it stays text.
 */
export const CONNECT_BINARY_MEDIA_TYPES = [
  'application/proto',
  'application/connect+proto',
  'application/grpc-web',
  'application/grpc-web+proto',
];

/** What Connect and gRPC-Web clients send besides `Content-Type` and `Authorization`. */
export const CONNECT_REQUEST_HEADERS = [
  'Connect-Protocol-Version',
  'Connect-Timeout-Ms',
  'Grpc-Timeout',
  'X-Grpc-Web',
  'X-User-Agent',
];

/**
 * `checks.v1.CheckService` (`proto/checks/v1/checks.proto`) over the Connect protocol and
 * gRPC-Web, on the REST API: one response-streaming function behind the same token
 * authorizer as the JSON routes, so a unary call and a server stream (`WatchCheck`) share its
 * tenancy. Native gRPC needs HTTP/2 end to end, which no API Gateway route gives a function.
 */
export class ConnectRpc extends Construct {
  public readonly handler: AppFunction;

  constructor(scope: Construct, id: string, props: ConnectRpcProps) {
    super(scope, id);
    const { api, auth, checksTable, worker } = props;

    this.handler = new AppFunction(this, 'CheckService', {
      handlerFile: 'rpc/check-rpc',
      description: 'POST /rpc/checks.v1.CheckService/*: Connect and gRPC-Web, WatchCheck streamed',
      // A streamed response lasts at most 15 minutes; a watch ends before, with `unavailable`.
      timeout: Duration.minutes(15),
    });
    checksTable.grantCreateChecks(this.handler);
    checksTable.grantReadChecks(this.handler);
    worker.grantEnqueue(this.handler);
    api.addBinaryMediaTypes(...CONNECT_BINARY_MEDIA_TYPES);
    for (const method of CHECK_SERVICE_METHODS) {
      api.addRoute('POST', `/rpc/checks.v1.CheckService/${method}`, this.handler, {
        authorizer: auth.headerAuthorizer,
        streaming: true,
        corsAllowHeaders: CONNECT_REQUEST_HEADERS,
      });
    }
  }
}
