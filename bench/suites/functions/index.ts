import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bytes, num } from '../../report/format';
import { ratio, summarize } from '../../stats';
import type { Suite } from '../../suite';
import { assemblyFunctions } from './assembly-functions';
import type { FunctionFigures, FunctionsResult, LoadComparison } from './figures';
import { measureLoads, PROBES_PER_RUN } from './measure-loads';
import { sdkPackage, splitLoaded } from './module-sizes';
import { renderFunctions } from './render';
import { transpileLambdaSources } from './transpile';

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

function compare(bundledMs: readonly number[], unbundledMs: readonly number[]): LoadComparison {
  const bundled = summarize(bundledMs);
  const unbundled = summarize(unbundledMs);
  return { bundledMs: bundled, unbundledMs: unbundled, ratio: ratio(bundled.median, unbundled.median) };
}

/** The transpiled handler named `handlerFile`, in whichever capability folder of `lambda/` holds it. */
/**
 * A handler's transpiled source, from its service name: the file's name, or
 * `<capability>-<file>` for a file whose name another capability's handler also has (the
 * AppSync Events authorizer and publisher), which `serviceNames` lists.
 */
function unbundledHandler(
  unbundledDir: string,
  handlerFile: string,
  serviceNames: ReadonlySet<string>,
): string | undefined {
  const lambdaDir = join(unbundledDir, 'lambda');
  const capabilities = readdirSync(lambdaDir);
  const prefixed = capabilities.find((capability) => handlerFile.startsWith(`${capability}-`));
  if (prefixed !== undefined) {
    const entry = join(lambdaDir, prefixed, `${handlerFile.slice(prefixed.length + 1)}.js`);
    if (existsSync(entry)) return entry;
  }
  return capabilities
    .filter((capability) => !serviceNames.has(`${capability}-${handlerFile}`))
    .map((capability) => join(lambdaDir, capability, `${handlerFile}.js`))
    .find((entry) => existsSync(entry));
}

const packages = (files: readonly string[]) => [...new Set(files.map(sdkPackage))].sort();

export const functionsSuite: Suite<FunctionsResult> = {
  name: 'functions',
  title: 'Functions: bundle size and load time',
  async run({ options, progress, projectDir }) {
    progress.step('functions: reading the synthesized assembly');
    const functions = await assemblyFunctions(projectDir, (line) => progress.note(`functions: ${line}`));
    const unbundledDir = join(projectDir, '.sandbox', 'bench-unbundled');
    progress.step('functions: transpiling lambda/ file by file');
    await transpileLambdaSources(projectDir, unbundledDir);
    // The sandbox's Lambda runtime sets these too; the endpoint is unreachable, and loading calls nothing.
    const baseEnv = {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const figures: FunctionFigures[] = [];
    const total = functions.length * options.runs * PROBES_PER_RUN;
    let probes = 0;
    progress.step(
      `functions: loading ${functions.length} handlers, ${options.runs} runs of ${PROBES_PER_RUN} processes each`,
    );
    const serviceNames = new Set(functions.map((fn) => fn.environment.POWERTOOLS_SERVICE_NAME ?? ''));
    for (const fn of functions) {
      const handlerFile = fn.environment.POWERTOOLS_SERVICE_NAME ?? '';
      const bundledEntry = join(fn.codeDirectory, `${fn.handlerModule}.js`);
      const unbundledEntry = unbundledHandler(unbundledDir, handlerFile, serviceNames);
      if (unbundledEntry === undefined) {
        progress.note(`functions: ${fn.logicalId} has no source lambda/*/${handlerFile}.ts; skipped`);
        probes += options.runs * PROBES_PER_RUN;
        continue;
      }
      const env = { ...baseEnv, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.name };
      const loads = await measureLoads(
        { entry: bundledEntry, cwd: fn.codeDirectory },
        { entry: unbundledEntry, cwd: projectDir },
        env,
        options.runs,
        () => progress.tick(++probes, total),
      );
      const unbundled = splitLoaded(unbundledEntry, loads.unbundled.modules, sizeOf);
      const bundledBytes = sizeOf(bundledEntry);
      const figure: FunctionFigures = {
        name: fn.logicalId,
        handlerFile,
        bundledBytes,
        bundledExternalBytes: splitLoaded(bundledEntry, loads.bundled.modules, sizeOf).external,
        unbundled,
        sizeRatio: ratio(bundledBytes, unbundled.own),
        totalLoad: compare(loads.bundled.totalMs, loads.unbundled.totalMs),
        ownCodeLoad: compare(loads.bundled.ownCodeMs, loads.unbundled.ownCodeMs),
        sdkAloneMs: summarize(loads.sdkAloneMs),
        sdkPackages: {
          bundled: packages(loads.bundled.sdkEntries),
          unbundled: packages(loads.unbundled.sdkEntries),
        },
      };
      figures.push(figure);
      const medians = (c: LoadComparison) => `${num(c.bundledMs.median)} vs ${num(c.unbundledMs.median)} ms`;
      progress.note(
        `functions: ${handlerFile}: ${bytes(bundledBytes)} vs ${bytes(unbundled.own)}; load ${medians(figure.totalLoad)}, own code ${medians(figure.ownCodeLoad)}, SDK alone ${num(figure.sdkAloneMs.median)} ms`,
      );
    }
    return { runs: options.runs, functions: figures };
  },
  render: renderFunctions,
};
