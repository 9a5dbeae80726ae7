/** An error as AppSync Events reports it, in `errors` arrays of HTTP bodies and socket messages. */
export interface EventApiError {
  readonly errorType: string;
  readonly message: string;
}

export const unauthorized = (message = 'You are not authorized to make this call.'): EventApiError => ({
  errorType: 'UnauthorizedException',
  message,
});

export const badRequest = (message: string): EventApiError => ({ errorType: 'BadRequestException', message });
