import type { LoadedModule } from './load-probe';

/** What the bundle leaves to the runtime (`externalModules: ['@aws-sdk/*']`). */
export const isExternal = (file: string) => /[\\/]node_modules[\\/]@aws-sdk[\\/]/.test(file);

export interface LoadedBytes {
  /** Bytes of the modules the handler itself brings, which a bundle would contain. */
  readonly own: number;
  /** Bytes of the AWS SDK and of what only the SDK loads: the runtime provides them. */
  readonly external: number;
  readonly ownFiles: number;
  readonly externalFiles: number;
}

/**
 * The modules reachable from `entry` in the require graph without entering an external
 * module: what the handler brings. The rest came through the SDK.
 */
function ownModules(entry: string, modules: readonly LoadedModule[]): Set<string> {
  const children = new Map(modules.map((m) => [m.file, m.children]));
  const own = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (own.has(file) || isExternal(file)) continue;
    own.add(file);
    pending.push(...(children.get(file) ?? []));
  }
  return own;
}

export function splitLoaded(
  entry: string,
  modules: readonly LoadedModule[],
  sizeOf: (file: string) => number,
): LoadedBytes {
  const own = ownModules(entry, modules);
  const rest = modules.map((m) => m.file).filter((file) => !own.has(file));
  const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + sizeOf(file), 0);
  return { own: sum(own), external: sum(rest), ownFiles: own.size, externalFiles: rest.length };
}

/**
 * The SDK files the handler's own modules require directly (each package's entry), sorted:
 * requiring these first loads all of the SDK that loading the handler would.
 */
export function sdkEntries(entry: string, modules: readonly LoadedModule[]): string[] {
  const own = ownModules(entry, modules);
  const required = modules.filter((m) => own.has(m.file)).flatMap((m) => m.children.filter(isExternal));
  return [...new Set(required)].sort();
}

/** `@aws-sdk/client-sns` for a file inside that package. */
export function sdkPackage(file: string): string {
  const match = /[\\/]node_modules[\\/](@aws-sdk[\\/][^\\/]+)/.exec(file);
  return match === null ? file : match[1].replace('\\', '/');
}
