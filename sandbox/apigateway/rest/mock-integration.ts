import { mappedValue, type RequestValues } from './request-values';
import type { MockIntegration } from './model';

export interface MockResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** A MOCK integration's answer (a CORS preflight's): its status, and its mapped headers. No body. */
export function renderMockResponse(integration: MockIntegration, request: RequestValues): MockResponse {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [name, expression] of Object.entries(integration.headers)) {
    const value = mappedValue(expression, request);
    if (value !== undefined) headers[name] = value;
  }
  return { statusCode: integration.statusCode, headers };
}
