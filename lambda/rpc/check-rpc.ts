import { SQSClient } from '@aws-sdk/client-sqs';
import { createRegistry } from '@bufbuild/protobuf';
import { createConnectRouter, createContextValues } from '@connectrpc/connect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DynamoCheckStore } from '../checks/dynamo-check-store';
import { SqsJobQueue } from '../checks/sqs-job-queue';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { corsHeaders } from '../shared/http';
import {
  AUTHORIZED_TENANT,
  createCheckService,
  STREAM_DEADLINE,
  type CheckServiceDeps,
} from './check-service';
import { CheckService, file_checks_v1_checks } from './gen/checks/v1/checks_pb';
import { createLambdaConnectHandler } from './lambda-connect-adapter';

/** Where the REST API routes the service: `POST /rpc/checks.v1.CheckService/<Method>`. */
export const RPC_PATH_PREFIX = '/rpc';

/** Time kept back from a watch so that it ends cleanly, with `unavailable`, before the function times out. */
export const STREAM_MARGIN_MS = 3000;

/** gRPC-Web's status travels in headers when a call fails at once; a browser reads only exposed ones. */
export const CONNECT_EXPOSED_HEADERS = ['Grpc-Status', 'Grpc-Message', 'Grpc-Status-Details-Bin'];

/**
 * `checks.v1.CheckService` over the Connect protocol (JSON and binary) and gRPC-Web (binary
 * and text), in one response-streaming function. Native gRPC is off: it needs HTTP/2 and
 * real trailers, and API Gateway speaks HTTP/1.1 to the function's stream.
 */
export function createCheckRpcHandler(deps: CheckServiceDeps) {
  const router = createConnectRouter({
    connect: true,
    grpcWeb: true,
    grpc: false,
    // JSON clients read `proto_data` (a google.protobuf.Any) by its type, so the service knows it.
    jsonOptions: { registry: createRegistry(file_checks_v1_checks) },
  });
  router.service(CheckService, createCheckService(deps));
  const now = deps.now ?? Date.now;
  return createLambdaConnectHandler({
    handlers: router.handlers,
    pathPrefix: RPC_PATH_PREFIX,
    contextValues: (event: APIGatewayProxyEvent, context) =>
      createContextValues()
        .set(AUTHORIZED_TENANT, event.requestContext.authorizer?.tenant)
        .set(STREAM_DEADLINE, now() + context.getRemainingTimeInMillis() - STREAM_MARGIN_MS),
    responseHeaders: (event) => corsHeaders(event, CONNECT_EXPOSED_HEADERS),
  });
}

export const serveCheckRpc = createCheckRpcHandler({
  store: new DynamoCheckStore(documentClient, requireEnv('CHECKS_TABLE_NAME')),
  queue: new SqsJobQueue(new SQSClient({}), requireEnv('JOBS_QUEUE_URL')),
});

export const handler = awslambda.streamifyResponse<APIGatewayProxyEvent, void>(serveCheckRpc);
