/**
 * An answer API Gateway gives itself, shaped by the API's gateway responses: its response
 * type, the status it has unless a gateway response sets one, the `$context.error.message`
 * (null where AWS leaves it null), and the `x-amzn-ErrorType` header.
 */
export interface GatewayError {
  readonly type: string;
  readonly statusCode: number;
  readonly message: string | null;
  readonly errorType: string;
}

export const missingAuthenticationToken = (): GatewayError => ({
  type: 'MISSING_AUTHENTICATION_TOKEN',
  statusCode: 403,
  message: 'Missing Authentication Token',
  errorType: 'MissingAuthenticationTokenException',
});

/** A path outside every deployed stage: no stage, so no gateway responses either. */
export const forbidden = (): GatewayError => ({
  type: 'DEFAULT_4XX',
  statusCode: 403,
  message: 'Forbidden',
  errorType: 'ForbiddenException',
});

export const unauthorized = (): GatewayError => ({
  type: 'UNAUTHORIZED',
  statusCode: 401,
  message: 'Unauthorized',
  errorType: 'UnauthorizedException',
});

export const accessDenied = (explicitDeny: boolean): GatewayError => ({
  type: 'ACCESS_DENIED',
  statusCode: 403,
  message: explicitDeny
    ? 'User is not authorized to access this resource with an explicit deny'
    : 'User is not authorized to access this resource',
  errorType: 'AccessDeniedException',
});

/** The authorizer failed, threw something other than `Unauthorized`, or answered a bad policy. */
export const authorizerConfigurationError = (): GatewayError => ({
  type: 'AUTHORIZER_CONFIGURATION_ERROR',
  statusCode: 500,
  message: null,
  errorType: 'AuthorizerConfigurationException',
});

export const requestTooLarge = (): GatewayError => ({
  type: 'REQUEST_TOO_LARGE',
  statusCode: 413,
  message: 'Request Too Long',
  errorType: 'RequestTooLargeException',
});

export const integrationTimeout = (): GatewayError => ({
  type: 'INTEGRATION_TIMEOUT',
  statusCode: 504,
  message: 'Endpoint request timed out',
  errorType: 'InternalServerErrorException',
});

/** The function failed, or answered something that is not a proxy response (no specific type: DEFAULT_5XX). */
export const badProxyResponse = (): GatewayError => ({
  type: 'DEFAULT_5XX',
  statusCode: 502,
  message: 'Internal server error',
  errorType: 'InternalServerErrorException',
});

/** Lambda could not be invoked at all. */
export const integrationFailure = (): GatewayError => ({
  type: 'INTEGRATION_FAILURE',
  statusCode: 502,
  message: 'Internal server error',
  errorType: 'InternalServerErrorException',
});

/** A request that is not HTTP: no specific type, so DEFAULT_4XX (AWS's exact answer is unconfirmed). */
export const badRequest = (): GatewayError => ({
  type: 'DEFAULT_4XX',
  statusCode: 400,
  message: 'Bad Request',
  errorType: 'BadRequestException',
});

/**
 * The answer to a function's failure. Lambda refusing an event over its 6 MB request limit
 * (`RequestTooLargeException`) reaches the client as API Gateway's 413, since the body the
 * client sent is what is too large; any other failure is a 502.
 */
export function functionFailure(errorType: string): GatewayError {
  return errorType === 'RequestTooLargeException' ? requestTooLarge() : badProxyResponse();
}

/**
 * Over the account's throttle: AWS's THROTTLED gateway response, 429 "Too Many Requests". Its
 * `x-amzn-ErrorType` is not documented; this is the name the API Gateway SDKs give a 429.
 */
export const throttled = (): GatewayError => ({
  type: 'THROTTLED',
  statusCode: 429,
  message: 'Too Many Requests',
  errorType: 'TooManyRequestsException',
});
