import { resourcesOfType, type SynthesizedStack } from '../../../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../../../sandbox/platform/resolver';
import type { WebSocketApiModel } from '../../../../../sandbox/apigateway/websocket/model';
import { readWebSocketApis } from '../../../../../sandbox/apigateway/websocket/read-apis';
import { registerWebSocketApis } from '../../../../../sandbox/apigateway/websocket/register-apis';
import { synthesizedStack } from '../../../support/synthesized-app';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

/** Fragments of the function ARNs the template's WebSocket routes invoke (their logical ids). */
export const AUTHORIZER = 'AuthAuthorizer';
export const CONNECT = 'WebSocketConnect';
export const DISCONNECT = 'WebSocketDisconnect';
export const MESSAGES = 'WebSocketMessages';

export function realtimeStack(): SynthesizedStack {
  const stack = synthesizedStack();
  return stack;
}

/** A resolver that knows the stack's functions, as the Lambda part of the sandbox registers them. */
export function resolverWithFunctions(stack: SynthesizedStack): Resolver {
  const resolver = new Resolver({ region: REGION, accountId: ACCOUNT, stackName: stack.stackName });
  for (const { logicalId } of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
    resolver.register(logicalId, {
      ref: logicalId,
      attributes: { Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}` },
    });
  }
  return resolver;
}

/** The WebSocket API of cdk.out/RealtimeChecks.template.json, read as the orchestrator reads it. */
export function realtimeWebSocketApi(): WebSocketApiModel {
  const stack = realtimeStack();
  const resolver = resolverWithFunctions(stack);
  registerWebSocketApis(stack, resolver);
  const [api] = readWebSocketApis(stack, resolver);
  return api;
}
