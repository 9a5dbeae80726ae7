import { headerValues, type ClientRequest } from './handshake-request';

const HEADER = 'route.request.header.';
const QUERY = 'route.request.querystring.';
const STAGE_VARIABLE = 'stageVariables.';

function isPresent(
  source: string,
  handshake: ClientRequest,
  stageVariables: Readonly<Record<string, string>>,
): boolean {
  let value: string | undefined;
  if (source.startsWith(HEADER)) value = headerValues(handshake.headers, source.slice(HEADER.length)).at(-1);
  else if (source.startsWith(QUERY)) value = handshake.query?.single[source.slice(QUERY.length)];
  else if (source.startsWith(STAGE_VARIABLE)) value = stageVariables[source.slice(STAGE_VARIABLE.length)];
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
