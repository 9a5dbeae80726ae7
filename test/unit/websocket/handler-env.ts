// Imported before the handlers, which read their configuration at module load.
process.env.CHECKS_TABLE_NAME = 'checks';
process.env.CONNECTIONS_TABLE_NAME = 'connections';
process.env.WEBSOCKET_CALLBACK_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
process.env.NOTIFY_CONCURRENCY = '2';
