import { Code, ConnectError } from '@connectrpc/connect';
import { DomainError, UnauthorizedError } from '../shared/errors';
import { logger } from '../shared/logger';

/** The Connect / gRPC code of each domain error; the REST API maps the same errors to statuses. */
const CODE_BY_ERROR: Readonly<Record<string, Code>> = {
  VALIDATION_ERROR: Code.InvalidArgument,
  INVALID_JSON: Code.InvalidArgument,
  FORBIDDEN_URL: Code.InvalidArgument,
  UNAUTHORIZED: Code.Unauthenticated,
  NOT_FOUND: Code.NotFound,
  CONFLICT: Code.AlreadyExists,
  UNAVAILABLE: Code.Unavailable,
};

/**
 * A domain error as the Connect error a client sees; anything else is logged and answered
 * `internal` without its message, so no SDK error reaches a client.
 */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  if (error instanceof DomainError) {
    if (error instanceof UnauthorizedError) {
      logger.info('Unauthorized request', { reason: error.message });
      return new ConnectError('Unauthorized', Code.Unauthenticated);
    }
    return new ConnectError(error.message, CODE_BY_ERROR[error.code] ?? Code.InvalidArgument);
  }
  logger.error('Unexpected error', { error: error as Error });
  return new ConnectError('Internal error', Code.Internal);
}
