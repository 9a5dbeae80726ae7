/** `arn:{partition}:apigateway:{region}:lambda:path/{version}/functions/{fnArn}/{action}` */
const LAMBDA_URI =
  /^arn:[a-z-]+:apigateway:[^:]+:lambda:path\/(2015-03-31|2021-11-15)\/functions\/(.+)\/(invocations|response-streaming-invocations)$/;

export interface LambdaUri {
  readonly functionArn: string;
  /** The URI names `InvokeWithResponseStream` (`2021-11-15/.../response-streaming-invocations`). */
  readonly streaming: boolean;
}

/** The Lambda function an integration or authorizer URI invokes, or undefined for any other URI. */
export function parseLambdaUri(uri: string): LambdaUri | undefined {
  const match = LAMBDA_URI.exec(uri);
  if (match === null) return undefined;
  return { functionArn: match[2], streaming: match[3] === 'response-streaming-invocations' };
}
