import { resourcesOfType, type SynthesizedStack } from '../../platform/cloud-assembly';
import type { Resolver } from '../../platform/resolver';
import { isRecord } from '../../platform/is-record';
import { isSupportedMapping } from './request-values';

export type Properties = Record<string, unknown>;
export interface Found {
  readonly logicalId: string;
  readonly properties: Properties;
}

export function recordOf(value: unknown): Properties {
  return isRecord(value) ? value : {};
}

/** Properties the sandbox neither reads nor knowingly ignores: each becomes a warning. */
export function unknownProperties(properties: Properties, known: readonly string[]): string[] {
  return Object.keys(properties).filter((key) => !known.includes(key));
}

/** What every part of reading one REST API shares: the template, the resolver, the API's id, and the warnings so far. */
export class ReadContext {
  readonly warnings: string[] = [];

  constructor(
    private readonly stack: SynthesizedStack,
    readonly resolver: Resolver,
    readonly apiId: string,
  ) {}

  warnUnknown(logicalId: string, properties: Properties, known: readonly string[]): void {
    for (const key of unknownProperties(properties, known)) {
      this.warnings.push(`${logicalId}: ${key} is not emulated`);
    }
  }

  stringList(value: unknown): string[] {
    if (value === undefined) return [];
    const resolved = this.resolver.resolve(value);
    if (!Array.isArray(resolved)) throw new Error(`Expected a list, got ${JSON.stringify(resolved)}`);
    return resolved.map((item) => this.resolver.resolveString(item));
  }

  stringMap(value: unknown): Record<string, string> {
    return Object.fromEntries(
      Object.entries(recordOf(value)).map(([key, item]) => [key, this.resolver.resolveString(item)]),
    );
  }

  /** Resources of one type that belong to this API (`RestApiId` resolves to its id). */
  ofApi(type: string): Found[] {
    return resourcesOfType(this.stack.template, type).filter(
      ({ properties }) => this.resolver.resolveString(properties.RestApiId) === this.apiId,
    );
  }

  /** `{prefix}Name: expression` entries as header name → expression; warns about what it cannot map. */
  responseHeaders(logicalId: string, value: unknown, prefix: string): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [key, expression] of Object.entries(this.stringMap(value))) {
      if (!key.startsWith(prefix)) {
        this.warnings.push(`${logicalId}: response parameter ${key} is not emulated`);
      } else if (!isSupportedMapping(expression)) {
        this.warnings.push(`${logicalId}: response parameter ${key} = ${expression} is not emulated`);
      } else {
        headers[key.slice(prefix.length)] = expression;
      }
    }
    return headers;
  }
}
