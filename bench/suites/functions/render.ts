import { bytes, num, spread, table } from '../../report/format';
import { barChart } from '../../report/svg-chart';
import type { ReportSection } from '../../suite';
import { TARGETS, type FunctionFigures, type FunctionsResult, type LoadComparison } from './figures';

const mark = (value: number | undefined, target: number) =>
  value === undefined ? '–' : `${num(value)}x ${value <= target ? '✅' : '❌'}`;

const range = (values: readonly number[]) =>
  values.length === 0 ? '–' : `${num(Math.min(...values))}–${num(Math.max(...values))}`;

function sizeTable(functions: readonly FunctionFigures[]): string {
  return table(
    [
      'function',
      'bundled index.js',
      'unbundled (own modules)',
      'ratio (target ≤ 0.25x)',
      'AWS SDK left external: unbundled / bundled',
    ],
    functions.map((f) => [
      f.handlerFile,
      bytes(f.bundledBytes),
      `${bytes(f.unbundled.own)} (${f.unbundled.ownFiles} files)`,
      mark(f.sizeRatio, TARGETS.sizeRatio),
      `${bytes(f.unbundled.external)} (${f.unbundled.externalFiles} files) / ${bytes(f.bundledExternalBytes)}`,
    ]),
  );
}

function loadTable(functions: readonly FunctionFigures[]): string {
  const cells = (c: LoadComparison) => [
    spread(c.bundledMs),
    spread(c.unbundledMs),
    mark(c.ratio, TARGETS.loadRatio),
  ];
  return table(
    [
      'function',
      'total: bundled',
      'total: unbundled',
      'total ratio',
      'own code: bundled',
      'own code: unbundled',
      'own-code ratio',
      'AWS SDK alone',
    ],
    functions.map((f) => [
      f.handlerFile,
      ...cells(f.totalLoad),
      ...cells(f.ownCodeLoad),
      spread(f.sdkAloneMs),
    ]),
  );
}

export function renderFunctions(result: FunctionsResult): ReportSection {
  const { functions, runs } = result;
  const met = (pick: (f: FunctionFigures) => number | undefined, target: number) => {
    const meets = (f: FunctionFigures) => (pick(f) ?? Infinity) <= target;
    const hits = functions.filter(meets).map((f) => f.handlerFile);
    const misses = functions.filter((f) => !meets(f)).map((f) => f.handlerFile);
    const count = `${hits.length} of ${functions.length}`;
    if (hits.length === 0 || misses.length === 0) return count;
    return misses.length <= hits.length
      ? `${count} (not ${misses.join(', ')})`
      : `${count} (${hits.join(', ')})`;
  };
  const categories = functions.map((f) => f.handlerFile);
  const perFunction = (pick: (f: FunctionFigures) => number) => functions.map(pick);
  const charts = [
    {
      file: 'functions-size.svg',
      title: 'Bundled vs unbundled size',
      svg: barChart({
        title: 'Handler code size: bundled vs unbundled (KiB, AWS SDK excluded)',
        yLabel: 'KiB',
        categories,
        series: [
          { name: 'bundled', values: perFunction((f) => f.bundledBytes / 1024) },
          { name: 'unbundled', values: perFunction((f) => f.unbundled.own / 1024) },
        ],
      }),
    },
    {
      file: 'functions-load.svg',
      title: 'Total load time, and the AWS SDK alone',
      svg: barChart({
        title: `Total load time (AWS SDK included), median of ${runs} processes (ms)`,
        yLabel: 'ms',
        categories,
        series: [
          { name: 'bundled', values: perFunction((f) => f.totalLoad.bundledMs.median) },
          { name: 'unbundled', values: perFunction((f) => f.totalLoad.unbundledMs.median) },
          { name: 'AWS SDK alone', values: perFunction((f) => f.sdkAloneMs.median) },
        ],
      }),
    },
    {
      file: 'functions-load-own-code.svg',
      title: 'Own-code load time',
      svg: barChart({
        title: `Own-code load time (AWS SDK loaded first), median of ${runs} processes (ms)`,
        yLabel: 'ms',
        categories,
        series: [
          { name: 'bundled', values: perFunction((f) => f.ownCodeLoad.bundledMs.median) },
          { name: 'unbundled', values: perFunction((f) => f.ownCodeLoad.unbundledMs.median) },
        ],
      }),
    },
  ];
  const differentSdk = functions.filter(
    (f) => f.sdkPackages.bundled.join() !== f.sdkPackages.unbundled.join(),
  );
  const markdown = [
    '## Functions: bundle size and load time',
    `Each function's bundle (\`index.js\` of its asset in the synthesized assembly, without its source map) against the same handler transpiled file by file by esbuild (no bundling, no minifying) and loaded from the project's node_modules. Unbundled size is the bytes of every module the handler loads, found through \`require.cache\` after loading it; the AWS SDK (\`@aws-sdk/*\`, and what only it loads) is left out of both, as the bundle leaves it to the runtime, and is shown apart.`,
    `Size ≤ ${TARGETS.sizeRatio}x: met by ${met((f) => f.sizeRatio, TARGETS.sizeRatio)}.`,
    sizeTable(functions),
    `![${charts[0].title}](${charts[0].file})`,
    '### Load time',
    `Each figure is \`require()\` timed with \`process.hrtime\` in a fresh \`node\` process, ${runs} processes per cell, with the function's environment from the template (endpoints unreachable: loading calls nothing). **Total**: the entry, with the AWS SDK it requires. **Own code**: the entry after the \`@aws-sdk/*\` packages its own modules require (found from the total's require graph) were required untimed; bundled, that is the bundle's code; unbundled, its modules and the non-SDK node_modules. Modules the SDK also loads (e.g. \`tslib\`) then count as the SDK's. **AWS SDK alone**: only those packages. Median (p95, p99, min–max, n), ms; ratios are of medians.`,
    loadTable(functions),
    `Load ≤ ${TARGETS.loadRatio}x: met by ${met((f) => f.ownCodeLoad.ratio, TARGETS.loadRatio)} on own-code load, by ${met((f) => f.totalLoad.ratio, TARGETS.loadRatio)} on total load. Both variants require the same AWS SDK from node_modules (the bundle leaves \`@aws-sdk/*\` external: the Lambda runtime provides it), and requiring it alone takes ${range(perFunction((f) => f.sdkAloneMs.median))} ms against ${range(perFunction((f) => f.ownCodeLoad.bundledMs.median))} ms for the bundle's own code (medians): time that both totals contain and that bundling the handler cannot remove.${differentSdk.length === 0 ? '' : ` Bundled and unbundled require different SDK packages in ${differentSdk.map((f) => f.handlerFile).join(', ')} (see results.json).`}`,
    `![${charts[1].title}](${charts[1].file})`,
    `![${charts[2].title}](${charts[2].file})`,
  ].join('\n\n');
  return { markdown, charts };
}
