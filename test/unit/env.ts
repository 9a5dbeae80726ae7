// Handlers read their configuration at module load; unit tests give every handler a complete one.
// Tests that assert a table name, ARN or URL take it from here.
export const ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  ALLOWED_ORIGINS: '*',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-secret-AbCdEf',
  // Four hours, not the default day, so that a test can tell the authorizer reads it.
  TOKEN_MAX_LIFETIME_SECONDS: '14400',
  CHECKS_TABLE_NAME: 'checks',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
  CONNECTIONS_TABLE_NAME: 'connections',
  WEBSOCKET_CALLBACK_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
  NOTIFY_CONCURRENCY: '2',
  FANOUT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/fanout.fifo',
  // Low, so that a handler test can cross it with a few subscribers.
  FANOUT_INLINE_LIMIT: '3',
  FANOUT_SHARDS: '4',
  FANOUT_SHARD_SIZE: '2',
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
  APPSYNC_EVENTS_NAMESPACE: 'checks',
  APPSYNC_EVENTS_HTTP_DNS: 'abc123.appsync-api.us-east-1.amazonaws.com',
  // Lambda runs Node.js 24; only these tests run on the machine's older Node, which the SDK warns of.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;
Object.assign(process.env, ENV);
