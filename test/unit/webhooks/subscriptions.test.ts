import {
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  NEW_SUBSCRIPTION_ARN,
  NOW,
  PUBLIC_URL,
  subscription,
  SUBSCRIPTION_ARN,
  SUBSCRIPTION_ID,
} from './support';
import { checkWebhookUrl, type ResolveHost } from '../../../lambda/webhooks/url-policy';
import type { WebhookUrlPolicy } from '../../../lambda/webhooks/webhook-url-policy';
import { createSubscriptionsHandler, handler } from '../../../lambda/webhooks/subscriptions';
import { documentClient } from '../../../lambda/shared/dynamo';
import { DynamoCheckStore } from '../../../lambda/checks/dynamo-check-store';
import { DynamoFailureStore } from '../../../lambda/webhooks/dynamo-failure-store';
import { DynamoSubscriptionStore } from '../../../lambda/webhooks/dynamo-subscription-store';
import { SnsWebhookSubscriber } from '../../../lambda/webhooks/sns-webhook-topic';
import { ENV } from '../env';
import { CHECK_ID, CREATED_AT, OTHER_TENANT, storedCheck, TENANT } from '../support/checks';
import { restEvent } from '../support/rest-event';

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);

const dns: ResolveHost = async (hostname) => {
  const answers: Record<string, string[]> = {
    'hooks.example.com': ['93.184.215.14'],
    'intranet.example.com': ['172.20.1.5'],
  };
  const addresses = answers[hostname];
  if (addresses === undefined) throw new Error(`ENOTFOUND ${hostname}`);
  return addresses;
};

function subscriptionsHandler(policy: WebhookUrlPolicy = 'public-https') {
  return createSubscriptionsHandler({
    subscriptions: new DynamoSubscriptionStore(documentClient, { tableName: ENV.SUBSCRIPTIONS_TABLE_NAME }),
    failures: new DynamoFailureStore(documentClient, ENV.FAILURES_TABLE_NAME),
    checks: new DynamoCheckStore(documentClient, ENV.CHECKS_TABLE_NAME),
    subscriber: new SnsWebhookSubscriber(new SNSClient({}), {
      topicArn: ENV.WEBHOOK_TOPIC_ARN,
      deadLetterQueueArn: ENV.WEBHOOK_DLQ_ARN,
      deliveryPolicy: ENV.WEBHOOK_DELIVERY_POLICY,
    }),
    checkUrl: (url) => checkWebhookUrl(url, policy, dns),
    newId: () => SUBSCRIPTION_ID,
    now: () => NOW,
  });
}

const collection = { resource: '/subscriptions', path: '/subscriptions' };
const one = (id: string = SUBSCRIPTION_ID) => ({
  resource: '/subscriptions/{id}',
  path: `/subscriptions/${id}`,
  pathParameters: { id },
});

const post = (body: unknown, tenant: string | null = TENANT) =>
  restEvent({ method: 'POST', ...collection, body, tenant });
const put = (body: unknown, id?: string) => restEvent({ method: 'PUT', ...one(id), body });

function bodyOf(
  result: APIGatewayProxyResult,
): { error?: { code: string; message: string } } & Record<string, unknown> {
  return JSON.parse(result.body) as { error?: { code: string; message: string } } & Record<string, unknown>;
}

function expectError(
  result: APIGatewayProxyResult,
  statusCode: number,
  code: string,
  message?: string | RegExp,
) {
  expect(result.statusCode).toBe(statusCode);
  const { error } = bodyOf(result);
  expect(error?.code).toBe(code);
  if (message !== undefined) expect(error?.message).toMatch(message);
}

/** The stored subscription, found only under its own tenant's key. */
function givenStored(stored = subscription()) {
  ddb
    .on(GetCommand, {
      TableName: ENV.SUBSCRIPTIONS_TABLE_NAME,
      Key: { tenant: stored.tenant, id: stored.id },
    })
    .resolves({
      Item: stored,
    });
}

function subscribeInput(index = 0) {
  const input = sns.commandCalls(SubscribeCommand)[index]?.args[0].input;
  if (input === undefined) throw new Error('Subscribe was not called');
  return input;
}

beforeEach(() => {
  sns.reset();
  ddb.reset();
  sns.on(SubscribeCommand).resolves({ SubscriptionArn: NEW_SUBSCRIPTION_ARN });
  sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'false' } });
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
});

describe('POST /subscriptions', () => {
  it('subscribes the URL with its filter, delivery and redrive policies, stores it and answers 201', async () => {
    const result = await subscriptionsHandler()(
      post({ url: PUBLIC_URL, events: ['check.done', 'check.failed'] }),
    );

    expect(result.statusCode).toBe(201);
    expect(result.headers?.Location).toBe(`/prod/subscriptions/${SUBSCRIPTION_ID}`);
    expect(bodyOf(result)).toEqual({
      id: SUBSCRIPTION_ID,
      url: PUBLIC_URL,
      events: ['check.done', 'check.failed'],
      checkId: null,
      status: 'pending_confirmation',
      createdAt: NOW.toISOString(),
    });
    const { Attributes, ...input } = subscribeInput();
    expect(input).toEqual({
      TopicArn: ENV.WEBHOOK_TOPIC_ARN,
      Protocol: 'https',
      Endpoint: PUBLIC_URL,
      ReturnSubscriptionArn: true,
    });
    expect(Attributes?.FilterPolicyScope).toBe('MessageAttributes');
    expect(JSON.parse(Attributes?.FilterPolicy ?? '')).toEqual({
      tenant: [TENANT],
      type: ['check.done', 'check.failed'],
      $or: [{ replayFor: [{ exists: false }] }, { replayFor: [SUBSCRIPTION_ID] }],
    });
    expect(Attributes?.DeliveryPolicy).toBe(ENV.WEBHOOK_DELIVERY_POLICY);
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '')).toEqual({ deadLetterTargetArn: ENV.WEBHOOK_DLQ_ARN });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: ENV.SUBSCRIPTIONS_TABLE_NAME,
      Item: {
        tenant: TENANT,
        id: SUBSCRIPTION_ID,
        url: PUBLIC_URL,
        events: ['check.done', 'check.failed'],
        subscriptionArn: NEW_SUBSCRIPTION_ARN,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      },
    });
    expect(sns).not.toHaveReceivedCommand(GetSubscriptionAttributesCommand);
  });

  it('resolves a host name and subscribes it', async () => {
    const url = 'https://hooks.example.com/in';
    const result = await subscriptionsHandler()(post({ url, events: ['check.done'] }));
    expect(result.statusCode).toBe(201);
    expect(subscribeInput().Endpoint).toBe(url);
  });

  it('subscribes, stores and answers the URL in the normalized form the policy checked', async () => {
    const sent = 'HTTPS://93.184.215.14:443/hooks/../hooks/./checks';

    const result = await subscriptionsHandler()(post({ url: sent, events: ['check.done'] }));

    expect(result.statusCode).toBe(201);
    expect(bodyOf(result).url).toBe(PUBLIC_URL);
    expect(subscribeInput().Endpoint).toBe(PUBLIC_URL);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ url: PUBLIC_URL }) });
  });

  it("pins the tenant's own check in the filter policy", async () => {
    ddb
      .on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME, Key: { id: CHECK_ID } })
      .resolves({ Item: storedCheck() });

    const result = await subscriptionsHandler()(
      post({ url: PUBLIC_URL, events: ['check.progress'], checkId: CHECK_ID }),
    );

    expect(result.statusCode).toBe(201);
    expect(bodyOf(result).checkId).toBe(CHECK_ID);
    expect(JSON.parse(subscribeInput().Attributes?.FilterPolicy ?? '')).toEqual({
      tenant: [TENANT],
      type: ['check.progress'],
      checkId: [CHECK_ID],
      $or: [{ replayFor: [{ exists: false }] }, { replayFor: [SUBSCRIPTION_ID] }],
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ checkId: CHECK_ID }),
    });
  });

  it.each([
    ['an unknown check', undefined],
    ["another tenant's check", storedCheck({ tenant: OTHER_TENANT })],
  ])('answers 404 for %s and subscribes nothing', async (_, item) => {
    ddb.on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME }).resolves({ Item: item });

    const result = await subscriptionsHandler()(
      post({ url: PUBLIC_URL, events: ['check.done'], checkId: CHECK_ID }),
    );

    expectError(result, 404, 'NOT_FOUND', `Check ${CHECK_ID} not found`);
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it.each([
    ['no body', null, 'INVALID_JSON'],
    ['a body that is not JSON', '{"url":', 'INVALID_JSON'],
    ['no url', { events: ['check.done'] }, 'VALIDATION_ERROR'],
    ['no events', { url: PUBLIC_URL }, 'VALIDATION_ERROR'],
    ['empty events', { url: PUBLIC_URL, events: [] }, 'VALIDATION_ERROR'],
    ['an unknown event type', { url: PUBLIC_URL, events: ['check.gone'] }, 'VALIDATION_ERROR'],
    ['a repeated event type', { url: PUBLIC_URL, events: ['check.done', 'check.done'] }, 'VALIDATION_ERROR'],
    ['a bad check id', { url: PUBLIC_URL, events: ['check.done'], checkId: 'nope' }, 'VALIDATION_ERROR'],
    ['an unknown field', { url: PUBLIC_URL, events: ['check.done'], raw: true }, 'VALIDATION_ERROR'],
    ['a url that is no URL', { url: 'hooks.example.com', events: ['check.done'] }, 'VALIDATION_ERROR'],
  ])('answers 400 for %s', async (_, body, code) => {
    const result = await subscriptionsHandler()(post(body ?? undefined));
    expectError(result, 400, code);
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
  });

  it.each([
    ['http on AWS', 'http://93.184.215.14/in', 'must use https'],
    ['loopback', 'https://127.0.0.1/in', 'a loopback address'],
    [
      'the IPv4 metadata service',
      'https://169.254.169.254/latest/meta-data/',
      'the instance metadata service',
    ],
    ['the IPv6 metadata service', 'https://[fd00:ec2::254]/', 'the instance metadata service'],
    ['a link-local address', 'https://169.254.1.1/', 'a link-local address'],
    ['a private address', 'https://192.168.1.1/in', 'a private address'],
    ['an IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/in', 'a loopback address'],
    [
      'a host resolving to a private address',
      'https://intranet.example.com/in',
      'resolves to 172.20.1.5, a private address',
    ],
    ['a host that does not resolve', 'https://nowhere.example.com/in', 'does not resolve'],
    ['credentials', 'https://me:pw@hooks.example.com/in', 'user name or password'],
    ['an empty user info', 'https://@hooks.example.com/in', 'user name or password'],
    ['a leading space', ` ${PUBLIC_URL}`, 'whitespace'],
    ['a trailing newline', `${PUBLIC_URL}\n`, 'a control character'],
    ['a NUL', `${PUBLIC_URL}\u0000`, 'a control character'],
    ['a CR LF', `${PUBLIC_URL}\r\nHost: 169.254.169.254`, 'a control character'],
    [
      'a backslash before an @ that other parsers read as user info',
      'https://93.184.215.14\\@169.254.169.254/',
      'a backslash',
    ],
  ])('refuses %s with 400 FORBIDDEN_URL', async (_, url, message) => {
    const result = await subscriptionsHandler()(post({ url, events: ['check.done'] }));
    expectError(result, 400, 'FORBIDDEN_URL', message);
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('allows http to loopback in the sandbox mode, delivered over http', async () => {
    const url = 'http://127.0.0.1:9000/in';
    const result = await subscriptionsHandler('allow-loopback-http')(post({ url, events: ['check.done'] }));
    expect(result.statusCode).toBe(201);
    expect(subscribeInput()).toMatchObject({ Protocol: 'http', Endpoint: url });
  });

  it('still refuses the metadata service in the sandbox mode', async () => {
    const result = await subscriptionsHandler('allow-loopback-http')(
      post({ url: 'http://169.254.169.254/', events: ['check.done'] }),
    );
    expectError(result, 400, 'FORBIDDEN_URL');
  });

  it('refuses a URL SNS already has a subscription for, without leaking the SDK error', async () => {
    sns.on(SubscribeCommand).rejects(
      new InvalidParameterException({
        message:
          'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
        $metadata: {},
      }),
    );
    const result = await subscriptionsHandler()(post({ url: PUBLIC_URL, events: ['check.done'] }));
    expectError(result, 409, 'CONFLICT', `${PUBLIC_URL} already has a subscription`);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('removes the new SNS subscription when it cannot be stored, and answers 500 without details', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException: table busy'));
    sns.on(UnsubscribeCommand).resolves({});

    const result = await subscriptionsHandler()(post({ url: PUBLIC_URL, events: ['check.done'] }));

    expectError(result, 500, 'INTERNAL', 'Internal error');
    expect(result.body).not.toContain('busy');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: NEW_SUBSCRIPTION_ARN });
  });

  it('answers 401 without a tenant', async () => {
    const result = await subscriptionsHandler()(post({ url: PUBLIC_URL, events: ['check.done'] }, null));
    expectError(result, 401, 'UNAUTHORIZED');
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
  });
});

describe('GET /subscriptions', () => {
  it("lists the tenant's subscriptions, every page, each with its SNS status", async () => {
    const second = subscription({
      id: 'a6e5c1de-43f1-4b2a-9c1d-2e3f4a5b6c7d',
      subscriptionArn: NEW_SUBSCRIPTION_ARN,
      checkId: CHECK_ID,
    });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [subscription()], LastEvaluatedKey: { tenant: TENANT, id: SUBSCRIPTION_ID } })
      .resolvesOnce({ Items: [second] });
    sns
      .on(GetSubscriptionAttributesCommand, { SubscriptionArn: SUBSCRIPTION_ARN })
      .resolves({ Attributes: { PendingConfirmation: 'true' } });

    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...collection }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      items: [
        expect.objectContaining({ id: SUBSCRIPTION_ID, status: 'pending_confirmation', checkId: null }),
        expect.objectContaining({ id: second.id, status: 'confirmed', checkId: CHECK_ID }),
      ],
    });
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: ENV.SUBSCRIPTIONS_TABLE_NAME,
      ExpressionAttributeValues: { ':tenant': TENANT },
    });
    expect(queries[1]?.ExclusiveStartKey).toEqual({ tenant: TENANT, id: SUBSCRIPTION_ID });
  });

  it('answers an empty list when the tenant has none', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...collection }));
    expect(bodyOf(result)).toEqual({ items: [] });
  });
});

describe('GET /subscriptions/{id}', () => {
  it.each([
    ['true', 'pending_confirmation'],
    ['false', 'confirmed'],
  ])('shows PendingConfirmation %s as %s', async (pending, status) => {
    givenStored();
    sns.on(GetSubscriptionAttributesCommand, { SubscriptionArn: SUBSCRIPTION_ARN }).resolves({
      Attributes: { PendingConfirmation: pending },
    });

    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...one() }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      id: SUBSCRIPTION_ID,
      url: PUBLIC_URL,
      events: ['check.done', 'check.failed'],
      checkId: null,
      status,
      createdAt: CREATED_AT.toISOString(),
    });
  });

  it('counts a subscription as confirmed when SNS does not say it is pending', async () => {
    givenStored();
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { SubscriptionArn: SUBSCRIPTION_ARN } });
    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...one() }));
    expect(bodyOf(result).status).toBe('confirmed');
  });

  it('shows a subscription SNS no longer has as unsubscribed', async () => {
    givenStored();
    sns
      .on(GetSubscriptionAttributesCommand)
      .rejects(new NotFoundException({ message: 'Subscription does not exist', $metadata: {} }));
    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...one() }));
    expect(bodyOf(result).status).toBe('unsubscribed');
  });

  it("answers 404 for another tenant's subscription", async () => {
    givenStored(subscription({ tenant: OTHER_TENANT }));
    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...one() }));
    expectError(result, 404, 'NOT_FOUND', `Subscription ${SUBSCRIPTION_ID} not found`);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: { tenant: TENANT, id: SUBSCRIPTION_ID } });
    expect(sns).not.toHaveReceivedCommand(GetSubscriptionAttributesCommand);
  });

  it('answers 400 for an id that is no UUID', async () => {
    const result = await subscriptionsHandler()(restEvent({ method: 'GET', ...one('42') }));
    expectError(
      result,
      400,
      'VALIDATION_ERROR',
      'Invalid subscription id: must be a subscription id (a UUID)',
    );
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });
});

describe('PUT /subscriptions/{id}', () => {
  it('changes only the filter policy when the URL stays', async () => {
    givenStored();
    ddb
      .on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME, Key: { id: CHECK_ID } })
      .resolves({ Item: storedCheck() });

    const updated = await subscriptionsHandler()(
      put({ url: PUBLIC_URL, events: ['check.progress'], checkId: CHECK_ID }),
    );

    expect(updated.statusCode).toBe(200);
    expect(bodyOf(updated)).toEqual({
      id: SUBSCRIPTION_ID,
      url: PUBLIC_URL,
      events: ['check.progress'],
      checkId: CHECK_ID,
      status: 'confirmed',
      createdAt: CREATED_AT.toISOString(),
    });
    const set = sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input;
    expect(set).toMatchObject({ SubscriptionArn: SUBSCRIPTION_ARN, AttributeName: 'FilterPolicy' });
    expect(JSON.parse(set?.AttributeValue ?? '')).toEqual({
      tenant: [TENANT],
      type: ['check.progress'],
      checkId: [CHECK_ID],
      $or: [{ replayFor: [{ exists: false }] }, { replayFor: [SUBSCRIPTION_ID] }],
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: {
        ...subscription(),
        events: ['check.progress'],
        checkId: CHECK_ID,
        updatedAt: NOW.toISOString(),
      },
    });
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
  });

  it('takes another spelling of the stored URL as the same URL, and changes only the filter policy', async () => {
    givenStored();

    const updated = await subscriptionsHandler()(
      put({ url: 'https://93.184.215.14:443/hooks/checks/../checks', events: ['check.progress'] }),
    );

    expect(updated.statusCode).toBe(200);
    expect(bodyOf(updated).url).toBe(PUBLIC_URL);
    expect(sns).toHaveReceivedCommand(SetSubscriptionAttributesCommand);
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ url: PUBLIC_URL }) });
  });

  it('subscribes a new URL, removes the old SNS subscription and waits for confirmation again', async () => {
    givenStored();
    sns.on(UnsubscribeCommand).resolves({});
    const url = 'https://hooks.example.com/v2';

    const result = await subscriptionsHandler()(put({ url, events: ['check.done'] }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({
      url,
      events: ['check.done'],
      status: 'pending_confirmation',
      createdAt: CREATED_AT.toISOString(),
    });
    expect(subscribeInput()).toMatchObject({ Endpoint: url, Protocol: 'https' });
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: SUBSCRIPTION_ARN });
    expect(sns).toHaveReceivedCommandTimes(UnsubscribeCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        url,
        subscriptionArn: NEW_SUBSCRIPTION_ARN,
        createdAt: CREATED_AT.toISOString(),
      }),
    });
    expect(sns).not.toHaveReceivedCommand(SetSubscriptionAttributesCommand);
  });

  it('does not mind an old SNS subscription that is already gone', async () => {
    givenStored();
    sns.on(UnsubscribeCommand).rejects(new NotFoundException({ message: 'gone', $metadata: {} }));
    const result = await subscriptionsHandler()(
      put({ url: 'https://hooks.example.com/v2', events: ['check.done'] }),
    );
    expect(result.statusCode).toBe(200);
  });

  it('subscribes again when SNS dropped the subscription of an unchanged URL', async () => {
    givenStored();
    sns
      .on(SetSubscriptionAttributesCommand)
      .rejects(new NotFoundException({ message: 'gone', $metadata: {} }));
    sns.on(UnsubscribeCommand).rejects(new NotFoundException({ message: 'gone', $metadata: {} }));

    const result = await subscriptionsHandler()(put({ url: PUBLIC_URL, events: ['check.done'] }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).status).toBe('pending_confirmation');
    expect(subscribeInput().Endpoint).toBe(PUBLIC_URL);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ subscriptionArn: NEW_SUBSCRIPTION_ARN }),
    });
  });

  it('keeps the old subscription and removes the new one when the old cannot be removed', async () => {
    givenStored();
    sns.on(UnsubscribeCommand, { SubscriptionArn: SUBSCRIPTION_ARN }).rejects(new Error('Throttling'));
    sns.on(UnsubscribeCommand, { SubscriptionArn: NEW_SUBSCRIPTION_ARN }).resolves({});

    const result = await subscriptionsHandler()(
      put({ url: 'https://hooks.example.com/v2', events: ['check.done'] }),
    );

    expectError(result, 500, 'INTERNAL');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: NEW_SUBSCRIPTION_ARN });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses a new URL the policy forbids, touching nothing', async () => {
    givenStored();
    const result = await subscriptionsHandler()(put({ url: 'https://10.0.0.1/in', events: ['check.done'] }));
    expectError(result, 400, 'FORBIDDEN_URL', 'a private address');
    expect(sns.calls()).toHaveLength(0);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it("answers 404 for another tenant's check, touching nothing", async () => {
    givenStored();
    ddb
      .on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME })
      .resolves({ Item: storedCheck({ tenant: OTHER_TENANT }) });
    const result = await subscriptionsHandler()(
      put({ url: PUBLIC_URL, events: ['check.done'], checkId: CHECK_ID }),
    );
    expectError(result, 404, 'NOT_FOUND', `Check ${CHECK_ID} not found`);
    expect(sns.calls()).toHaveLength(0);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it("answers 404 for another tenant's subscription", async () => {
    givenStored(subscription({ tenant: OTHER_TENANT }));
    const result = await subscriptionsHandler()(put({ url: PUBLIC_URL, events: ['check.done'] }));
    expectError(result, 404, 'NOT_FOUND');
    expect(sns.calls()).toHaveLength(0);
  });

  it.each([
    ['a bad id', put({ url: PUBLIC_URL, events: ['check.done'] }, 'nope'), 'VALIDATION_ERROR'],
    ['a bad body', put({ url: PUBLIC_URL }), 'VALIDATION_ERROR'],
    ['no body', put(undefined), 'INVALID_JSON'],
  ])('answers 400 for %s', async (_, event, code) => {
    givenStored();
    expectError(await subscriptionsHandler()(event), 400, code);
    expect(sns.calls()).toHaveLength(0);
  });
});

describe('DELETE /subscriptions/{id}', () => {
  it('unsubscribes, deletes the failures and the subscription, and answers 204', async () => {
    givenStored();
    sns.on(UnsubscribeCommand).resolves({});
    ddb.on(QueryCommand).resolves({
      Items: [{ failureId: '2026-03-01T00:00:00.000Z#a' }, { failureId: '2026-03-02T00:00:00.000Z#b' }],
    });
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});

    const result = await subscriptionsHandler()(restEvent({ method: 'DELETE', ...one() }));

    expect(result.statusCode).toBe(204);
    expect(result.body).toBe('');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: SUBSCRIPTION_ARN });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: ENV.FAILURES_TABLE_NAME,
      ExpressionAttributeValues: { ':subscriptionId': SUBSCRIPTION_ID },
    });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [ENV.FAILURES_TABLE_NAME]: [
          {
            DeleteRequest: {
              Key: { subscriptionId: SUBSCRIPTION_ID, failureId: '2026-03-01T00:00:00.000Z#a' },
            },
          },
          {
            DeleteRequest: {
              Key: { subscriptionId: SUBSCRIPTION_ID, failureId: '2026-03-02T00:00:00.000Z#b' },
            },
          },
        ],
      },
    });
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      TableName: ENV.SUBSCRIPTIONS_TABLE_NAME,
      Key: { tenant: TENANT, id: SUBSCRIPTION_ID },
    });
  });

  it('deletes a subscription SNS already dropped', async () => {
    givenStored();
    sns.on(UnsubscribeCommand).rejects(new NotFoundException({ message: 'gone', $metadata: {} }));
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(DeleteCommand).resolves({});

    const result = await subscriptionsHandler()(restEvent({ method: 'DELETE', ...one() }));

    expect(result.statusCode).toBe(204);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(ddb).toHaveReceivedCommand(DeleteCommand);
  });

  it('keeps the subscription when SNS fails, so the DELETE can be sent again', async () => {
    givenStored();
    sns.on(UnsubscribeCommand).rejects(new Error('Throttling'));
    const result = await subscriptionsHandler()(restEvent({ method: 'DELETE', ...one() }));
    expectError(result, 500, 'INTERNAL');
    expect(ddb).not.toHaveReceivedCommand(DeleteCommand);
  });

  it("answers 404 for another tenant's subscription and unsubscribes nothing", async () => {
    givenStored(subscription({ tenant: OTHER_TENANT }));
    const result = await subscriptionsHandler()(restEvent({ method: 'DELETE', ...one() }));
    expectError(result, 404, 'NOT_FOUND');
    expect(sns.calls()).toHaveLength(0);
    expect(ddb).not.toHaveReceivedCommand(DeleteCommand);
  });
});

it('answers 404 for a route it does not serve', async () => {
  const result = await subscriptionsHandler()(restEvent({ method: 'PATCH', ...one() }));
  expectError(result, 404, 'NOT_FOUND', 'No route PATCH /subscriptions/{id}');
});

describe('the deployed handler', () => {
  it('takes its topic, queue, policies and tables from the environment', async () => {
    const result = await handler(post({ url: PUBLIC_URL, events: ['check.failed'] }));

    expect(result.statusCode).toBe(201);
    expect(result.headers?.['Access-Control-Allow-Origin']).toBe('*');
    expect(subscribeInput()).toMatchObject({ TopicArn: ENV.WEBHOOK_TOPIC_ARN, Protocol: 'https' });
    expect(JSON.parse(subscribeInput().Attributes?.RedrivePolicy ?? '')).toEqual({
      deadLetterTargetArn: ENV.WEBHOOK_DLQ_ARN,
    });
    expect(JSON.parse(subscribeInput().Attributes?.DeliveryPolicy ?? '')).toEqual(
      JSON.parse(ENV.WEBHOOK_DELIVERY_POLICY),
    );
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { TableName: ENV.SUBSCRIPTIONS_TABLE_NAME });
  });

  it('applies the public-https policy of its environment', async () => {
    const result = await handler(post({ url: 'http://93.184.215.14/in', events: ['check.failed'] }));
    expectError(result, 400, 'FORBIDDEN_URL', 'must use https');
  });
});
