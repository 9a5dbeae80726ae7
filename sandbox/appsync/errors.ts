/** An error as AppSync Events reports it, in `errors` arrays of HTTP bodies and socket messages. */
export interface EventApiError {
  readonly errorType: string;
  readonly message: string;
  /** Sent on connection errors, as AWS's clients read it to decide whether to retry. */
  readonly errorCode?: number;
}

export const unauthorized = (message = 'You are not authorized to make this call.'): EventApiError => ({
  errorType: 'UnauthorizedException',
  message,
});

export const badRequest = (message: string): EventApiError => ({ errorType: 'BadRequestException', message });
