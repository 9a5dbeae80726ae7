// Handlers read their configuration at module load; unit tests give every handler a complete one.
const env: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  ALLOWED_ORIGINS: '*',
};
Object.assign(process.env, env);
