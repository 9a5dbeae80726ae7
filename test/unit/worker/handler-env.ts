// Imported before the handlers, which read their configuration at module load.
process.env.CHECKS_TABLE_NAME = 'checks';
