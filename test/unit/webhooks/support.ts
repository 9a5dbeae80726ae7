import type { APIGatewayProxyEvent, SQSRecord } from 'aws-lambda';
import { newCheck, toPublicCheck, type StoredCheck } from '../../../lambda/domain/check';
import { toCloudEvent, type CheckCloudEvent } from '../../../lambda/domain/cloud-event';
import type { Subscription } from '../../../lambda/domain/subscription';

// Handlers read their configuration at module load, so a test imports this file before any handler.
export const ENV = {
  CHECKS_TABLE_NAME: 'checks',
  SUBSCRIPTIONS_TABLE_NAME: 'subscriptions',
  SUBSCRIPTION_ARN_INDEX: 'bySubscriptionArn',
  FAILURES_TABLE_NAME: 'failures',
  WEBHOOK_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:webhooks',
  WEBHOOK_DLQ_ARN: 'arn:aws:sqs:us-east-1:123456789012:webhooks-dlq',
  WEBHOOK_DELIVERY_POLICY: JSON.stringify({
    healthyRetryPolicy: {
      minDelayTarget: 1,
      maxDelayTarget: 20,
      numRetries: 5,
      backoffFunction: 'exponential',
    },
    requestPolicy: { headerContentType: 'application/json' },
  }),
  WEBHOOK_URL_POLICY: 'public-https',
};
Object.assign(process.env, ENV);

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';
export const CHECK_ID = '5f0c2a4e-8b1d-4c3e-9a7f-1e2d3c4b5a69';
export const SUBSCRIPTION_ID = '0b7e6f3a-2c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const SUBSCRIPTION_ARN = `${ENV.WEBHOOK_TOPIC_ARN}:11111111-2222-4333-8444-555555555555`;
export const NEW_SUBSCRIPTION_ARN = `${ENV.WEBHOOK_TOPIC_ARN}:66666666-7777-4888-9999-000000000000`;
/** A public address, so the URL policy needs no DNS for it. */
export const PUBLIC_URL = 'https://93.184.215.14/hooks/checks';
export const NOW = new Date('2026-03-04T05:06:07.000Z');
export const CREATED_AT = '2026-01-02T03:04:05.000Z';

export function storedCheck(changes: Partial<StoredCheck> = {}): StoredCheck {
  const check = newCheck({
    id: CHECK_ID,
    tenant: TENANT,
    target: 'example.com',
    job: { steps: 3, stepMs: 10 },
    now: new Date(CREATED_AT),
  });
  return { ...check, ...changes };
}

export function cloudEvent(changes: Partial<StoredCheck> = {}): CheckCloudEvent {
  return toCloudEvent(toPublicCheck(storedCheck(changes)));
}

export function subscription(changes: Partial<Subscription> = {}): Subscription {
  return {
    tenant: TENANT,
    id: SUBSCRIPTION_ID,
    url: PUBLIC_URL,
    events: ['check.done', 'check.failed'],
    subscriptionArn: SUBSCRIPTION_ARN,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...changes,
  };
}

export interface RestEventOptions {
  readonly method: string;
  readonly resource: string;
  readonly path: string;
  readonly pathParameters?: Record<string, string> | null;
  readonly query?: Record<string, string> | null;
  readonly body?: unknown;
  /** null: no authorizer context at all. */
  readonly tenant?: string | null;
}

/** A REST proxy event as API Gateway sends it: empty maps are null, the stage is in requestContext.path. */
export function restEvent({
  method,
  resource,
  path,
  pathParameters = null,
  query = null,
  body,
  tenant = TENANT,
}: RestEventOptions): APIGatewayProxyEvent {
  return {
    resource,
    path,
    httpMethod: method,
    headers: { Host: 'api.example.com' },
    multiValueHeaders: { Host: ['api.example.com'] },
    queryStringParameters: query,
    multiValueQueryStringParameters:
      query === null ? null : Object.fromEntries(Object.entries(query).map(([key, value]) => [key, [value]])),
    pathParameters,
    stageVariables: null,
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: tenant === null ? null : { principalId: tenant, integrationLatency: 0, tenant },
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.9',
        user: null,
        userAgent: 'jest',
        userArn: null,
      },
      path: `/prod${path}`,
      stage: 'prod',
      requestId: 'request-1',
      requestTimeEpoch: NOW.getTime(),
      resourceId: 'res1',
      resourcePath: resource,
    },
  };
}

/** The body SNS puts in a subscription's dead-letter queue: its HTTP/S Notification envelope. */
export function notificationEnvelope(
  event: CheckCloudEvent = cloudEvent(),
  subscriptionArn: string = SUBSCRIPTION_ARN,
): Record<string, unknown> {
  return {
    Type: 'Notification',
    MessageId: 'sns-message-1',
    TopicArn: ENV.WEBHOOK_TOPIC_ARN,
    Message: JSON.stringify(event),
    Timestamp: '2026-03-04T05:06:00.000Z',
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`,
    MessageAttributes: {
      type: { Type: 'String', Value: event.type },
      checkId: { Type: 'String', Value: event.subject },
      tenant: { Type: 'String', Value: TENANT },
    },
  };
}

export const SENT_AT = new Date('2026-03-04T05:07:00.000Z');

export function sqsRecord(
  body: string,
  messageId = 'sqs-message-1',
  messageAttributes: SQSRecord['messageAttributes'] = {},
): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(SENT_AT.getTime()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(SENT_AT.getTime() + 5),
    },
    messageAttributes,
    md5OfBody: 'md5',
    eventSource: 'aws:sqs',
    eventSourceARN: ENV.WEBHOOK_DLQ_ARN,
    awsRegion: 'us-east-1',
  };
}
