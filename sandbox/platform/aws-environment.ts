/** Where the sandbox's AWS service endpoints live, and the fixed identity of its fake account. */
export interface SandboxAws {
  readonly region: string;
  readonly accountId: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly endpoints: {
    readonly dynamodb: string;
    readonly dynamodbStreams: string;
    readonly sqs: string;
    readonly sns: string;
    readonly secretsManager: string;
  };
  /** The sandbox's CA (PEM file), which its TLS endpoints' certificates chain to. */
  readonly caCertFile?: string;
}

/**
 * The identity every function and every client of the sandbox signs with. The engines take
 * any key; `@connections` takes only this one, as IAM on AWS lets only the functions call it.
 */
export const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } as const;

/** The session token the functions get, as Lambda gives its functions temporary credentials. */
export const SANDBOX_SESSION_TOKEN = 'sandbox';

/** The configuration every AWS SDK client in the sandbox process is built with. */
export function clientConfig(aws: SandboxAws, endpoint: string) {
  return { region: aws.region, credentials: aws.credentials, endpoint };
}

/**
 * The variables a function's environment gets so the AWS SDK inside reaches the sandbox's
 * engines: the SDK reads `AWS_ENDPOINT_URL_<SERVICE>` itself, so handlers need no branch.
 */
export function sdkEnvironment(aws: SandboxAws): Record<string, string> {
  return {
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: SANDBOX_SESSION_TOKEN,
    AWS_ENDPOINT_URL_DYNAMODB: aws.endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: aws.endpoints.dynamodbStreams,
    AWS_ENDPOINT_URL_SQS: aws.endpoints.sqs,
    AWS_ENDPOINT_URL_SNS: aws.endpoints.sns,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoints.secretsManager,
    // As a Lambda function trusts a private CA: the sandbox's TLS endpoints (AppSync Events) chain to it.
    ...(aws.caCertFile === undefined ? {} : { NODE_EXTRA_CA_CERTS: aws.caCertFile }),
  };
}
