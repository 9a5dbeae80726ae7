/** What a deployed resource answers to `Ref` and `Fn::GetAtt`, for the sandbox's local copy of it. */
export interface ResourceValues {
  readonly ref: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface PseudoParameters {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Resolves CloudFormation intrinsics against the sandbox's resources. Each resource is
 * registered by whoever creates its local copy; a reference to one nobody registered fails
 * loudly, naming it, so a new construct shows what the sandbox lacks instead of getting a
 * wrong value.
 */
export class Resolver {
  private readonly resources = new Map<string, ResourceValues>();
  private readonly rewrites: Array<{ readonly from: string; readonly to: string }> = [];

  constructor(private readonly pseudo: PseudoParameters) {}

  register(logicalId: string, values: ResourceValues): void {
    this.resources.set(logicalId, values);
  }

  /**
   * Points every resolved string that starts with `from` at `to` instead: an execute-api URL
   * built from `Ref` and `AWS::URLSuffix` must reach the sandbox's own server.
   */
  rewritePrefix(from: string, to: string): void {
    this.rewrites.push({ from, to });
  }

  get pseudoParameters(): PseudoParameters {
    return this.pseudo;
  }

  ref(name: string): string {
    switch (name) {
      case 'AWS::Region':
        return this.pseudo.region;
      case 'AWS::AccountId':
        return this.pseudo.accountId;
      case 'AWS::StackName':
        return this.pseudo.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.pseudo.region}:${this.pseudo.accountId}:stack/${this.pseudo.stackName}/sandbox`;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        throw new Error('AWS::NoValue is only valid inside Fn::If, which the sandbox does not evaluate');
    }
    const resource = this.resources.get(name);
    if (resource === undefined) throw new Error(`Ref to ${name}: the sandbox has no local resource for it`);
    return resource.ref;
  }

  getAtt(logicalId: string, attribute: string): string {
    const value = this.resources.get(logicalId)?.attributes?.[attribute];
    if (value === undefined) {
      throw new Error(`Fn::GetAtt ${logicalId}.${attribute}: the sandbox has no such local attribute`);
    }
    return value;
  }

  /** Resolves every intrinsic inside a value, keeping plain JSON as it is. */
  resolve(value: unknown): Json {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (!isObject(value)) return value as Json;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.rewrite(this.intrinsic(keys[0], value[keys[0]]));
    }
    return Object.fromEntries(keys.map((key) => [key, this.resolve(value[key])]));
  }

  /** Resolves a value that must end as a string (an environment variable, a URI). */
  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new Error(`Expected a string, got ${JSON.stringify(resolved)}`);
  }

  private rewrite(value: Json): Json {
    if (typeof value !== 'string') return value;
    const rule = this.rewrites.find(({ from }) => value.startsWith(from));
    return rule === undefined ? value : rule.to + value.slice(rule.from.length);
  }

  private intrinsic(name: string, argument: unknown): Json {
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, ...path] = Array.isArray(argument)
          ? argument.map(String)
          : String(argument).split('.');
        return this.getAtt(logicalId, path.join('.'));
      }
      case 'Fn::Join': {
        const [separator, items] = argument as [string, unknown];
        const list = this.resolve(items);
        if (!Array.isArray(list)) throw new Error('Fn::Join needs a list');
        return list.map((item) => this.resolveString(item)).join(separator);
      }
      case 'Fn::Sub':
        return this.sub(argument);
      case 'Fn::Select': {
        const [index, items] = argument as [unknown, unknown];
        const list = this.resolve(items);
        if (!Array.isArray(list)) throw new Error('Fn::Select needs a list');
        return list[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = argument as [string, unknown];
        return this.resolveString(source).split(separator);
      }
      case 'Fn::Base64':
        return Buffer.from(this.resolveString(argument)).toString('base64');
      default:
        throw new Error(`${name} is not supported by the sandbox's resolver`);
    }
  }

  private sub(argument: unknown): string {
    const [text, variables] =
      typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, unknown>]);
    return text
      .replace(/\$\{([^}!][^}]*)\}/g, (_match, name: string) => {
        if (name in variables) return this.resolveString(variables[name]);
        const [logicalId, ...attribute] = name.split('.');
        return attribute.length === 0 ? this.ref(logicalId) : this.getAtt(logicalId, attribute.join('.'));
      })
      .replace(/\$\{!/g, '${');
  }
}
