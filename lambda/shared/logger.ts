import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per bundle; the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger();
