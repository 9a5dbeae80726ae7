/** A handler string (`src/app.handler`) split as the Node.js runtime splits it. */
export interface HandlerName {
  /** The folder part before the module, relative to the code directory (`src/`, or `''`). */
  readonly moduleRoot: string;
  /** The module file without its extension (`app`). */
  readonly module: string;
  /** The export, possibly nested (`handler`, `api.handler`). */
  readonly exportPath: string;
}

/**
 * Splits a handler string the way the runtime interface client does: the folder is
 * everything before the last path segment, the module ends at that segment's first dot, and
 * the rest is a dotted path into the module's exports. `..` is refused, as Lambda refuses it.
 */
export function parseHandlerName(handler: string): HandlerName {
  if (handler.includes('..')) {
    throw new Error(
      `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const lastSlash = handler.lastIndexOf('/');
  const moduleRoot = handler.slice(0, lastSlash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(handler.slice(lastSlash + 1));
  if (match === null) throw new Error('Bad handler');
  return { moduleRoot, module: match[1], exportPath: match[2] };
}
