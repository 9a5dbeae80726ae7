/** What an Invoke call's `FunctionName` designates. */
export interface FunctionRef {
  readonly name: string;
  readonly region?: string;
  readonly accountId?: string;
  /** A version or alias (`$LATEST`, `1`, `live`). */
  readonly qualifier?: string;
}

// Lambda's own pattern for FunctionName: a name, a partial ARN or a full ARN, each with an optional qualifier.
const FUNCTION_REF =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** Parses a function name or ARN; `undefined` when it matches none of the forms Lambda accepts. */
export function parseFunctionRef(functionRef: string): FunctionRef | undefined {
  const match = FUNCTION_REF.exec(functionRef);
  if (match === null) return undefined;
  const [, region, accountId, name, qualifier] = match;
  return {
    name,
    ...(region === undefined ? {} : { region }),
    ...(accountId === undefined ? {} : { accountId }),
    ...(qualifier === undefined ? {} : { qualifier }),
  };
}
