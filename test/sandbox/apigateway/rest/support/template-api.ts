import { resourcesOfType } from '../../../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../../../sandbox/platform/resolver';
import type { RestApiModel } from '../../../../../sandbox/apigateway/rest/model';
import { readRestApis } from '../../../../../sandbox/apigateway/rest/read-apis';
import { registerRestApis } from '../../../../../sandbox/apigateway/rest/register-apis';
import type { RegisteredApi } from '../../../../../sandbox/apigateway/ids';
import { synthesizedStack } from '../../../support/synthesized-app';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

export function functionArnOf(logicalId: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`;
}

export interface TemplateApi {
  readonly api: RestApiModel;
  readonly registered: RegisteredApi;
  readonly resolver: Resolver;
}

/** The product's REST API, read from the synthesized template as the sandbox reads it. */
export function templateApi(): TemplateApi {
  const stack = synthesizedStack();
  const resolver = new Resolver({ region: REGION, accountId: ACCOUNT, stackName: stack.stackName });
  for (const { logicalId } of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
    resolver.register(logicalId, { ref: logicalId, attributes: { Arn: functionArnOf(logicalId) } });
  }
  const [registered] = registerRestApis(stack, resolver);
  const [api] = readRestApis(stack, resolver);
  return { api, registered, resolver };
}
