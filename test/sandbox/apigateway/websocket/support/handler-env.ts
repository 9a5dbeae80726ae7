// The handlers read their configuration at module load: this runs before they are imported.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'sandbox',
  AWS_SECRET_ACCESS_KEY: 'sandbox',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:token-AbCdEf',
  TOKEN_MAX_LIFETIME_SECONDS: '3600',
  CONNECTIONS_TABLE_NAME: 'connections',
  CHECKS_TABLE_NAME: 'checks',
});
