/** Where an authorizer reads its identity, or a response parameter its value: a header, the query, … */
export type IdentitySource = {
  readonly from: 'header' | 'querystring' | 'stageVariables' | 'context';
  readonly name: string;
};

/** How each kind of API names the client's request in its expressions. */
export type RequestPrefix = 'method.request.' | 'route.request.';

const SOURCES: ReadonlyArray<readonly [string, IdentitySource['from']]> = [
  ['header.', 'header'],
  ['querystring.', 'querystring'],
];

/**
 * `{request}header.Authorization`, `{request}querystring.token`, `stageVariables.x` or
 * `context.x` as where its value is read; undefined for any other expression.
 */
export function parseIdentitySource(
  expression: string,
  requestPrefix: RequestPrefix,
): IdentitySource | undefined {
  if (expression.startsWith(requestPrefix)) {
    const rest = expression.slice(requestPrefix.length);
    const source = SOURCES.find(([prefix]) => rest.startsWith(prefix));
    return source === undefined ? undefined : { from: source[1], name: rest.slice(source[0].length) };
  }
  for (const from of ['stageVariables', 'context'] as const) {
    if (expression.startsWith(`${from}.`)) return { from, name: expression.slice(from.length + 1) };
  }
  return undefined;
}
