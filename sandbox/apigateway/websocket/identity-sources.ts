import { parseIdentitySource } from '../identity-source';
import { headerValues, type ClientRequest } from './handshake-request';

function isPresent(
  expression: string,
  handshake: ClientRequest,
  stageVariables: Readonly<Record<string, string>>,
): boolean {
  const source = parseIdentitySource(expression, 'route.request.');
  let value: string | undefined;
  if (source?.from === 'header') value = headerValues(handshake.headers, source.name).at(-1);
  else if (source?.from === 'querystring') value = handshake.query?.single[source.name];
  else if (source?.from === 'stageVariables') value = stageVariables[source.name];
  // `context.*` variables are API Gateway's own and always set.
  else return true;
  return value !== undefined && value !== '';
}

/**
 * The first identity source the handshake lacks (missing or empty); API Gateway answers it
 * 401 without invoking the authorizer.
 */
export function missingIdentitySource(
  sources: readonly string[],
  handshake: ClientRequest,
  stageVariables: Readonly<Record<string, string>>,
): string | undefined {
  return sources.find((source) => !isPresent(source, handshake, stageVariables));
}
