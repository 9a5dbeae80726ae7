/** The IAM policy a Lambda authorizer returns. Plain data, so it is tested without API Gateway. */

export interface AuthorizerPolicy {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: [
      { readonly Action: 'execute-api:Invoke'; readonly Effect: 'Allow'; readonly Resource: string },
    ];
  };
  readonly context: { readonly tenant: string };
}

/** `arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<rest>` */
const METHOD_ARN = /^(arn:[a-z-]+:execute-api:[^:/]+:[^:/]*:[^:/]+\/[^/]+)\/.+$/;

/**
 * Every route of the method's API stage. API Gateway caches a REST authorizer's answer per
 * token and reuses it on every route, so a policy naming only the first method would deny
 * the token's next call to another route.
 */
export function stageResourceOf(methodArn: string): string {
  const match = METHOD_ARN.exec(methodArn);
  if (match === null) throw new Error(`Not an execute-api method ARN: "${methodArn}"`);
  return `${match[1]}/*`;
}

export function allowPolicy(tenant: string, methodArn: string): AuthorizerPolicy {
  return {
    principalId: tenant,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageResourceOf(methodArn) }],
    },
    context: { tenant },
  };
}
