import { lineChart } from '../../report/svg-chart';
import type { Suite } from '../../suite';
import { DEFAULT_ASSUMPTIONS, type CostAssumptions } from './assumptions';
import { cheapestRanges, crossings, type Cheapest } from './break-even';
import { allMethods, type MethodCost } from './model';
import { PRICES, READ_ON, REGION } from './pricing';
import { costTables } from './render';

/** Updates per hour of a check, from one an hour to ten a second. */
export const UPDATE_RANGE = [1, 36_000] as const;
const CLIENTS_PER_CHECK = [1, 100] as const;
const GRID_POINTS = 49;

export interface BreakEven {
  readonly cheaper: string;
  readonly dearer: string;
  /** Below this many updates per hour `cheaper` costs less; above it, `dearer` does. */
  readonly updatesPerHour: number;
}

export interface CostScenario {
  readonly clientsPerCheck: number;
  readonly atDefaultRate: readonly MethodCost[];
  readonly curves: ReadonlyArray<{
    readonly method: string;
    readonly points: ReadonlyArray<[number, number]>;
  }>;
  readonly breakEvens: readonly BreakEven[];
  readonly cheapest: readonly Cheapest[];
}

export interface CostResult {
  readonly region: string;
  readonly pricesReadOn: string;
  readonly prices: typeof PRICES;
  readonly assumptions: CostAssumptions;
  readonly scenarios: readonly CostScenario[];
}

const perThousand = (a: CostAssumptions, method: string) => (updatesPerHour: number) =>
  allMethods({ ...a, updatesPerHour }).find((m) => m.method === method)?.perThousandClientsHourUsd ?? NaN;

export function costScenario(assumptions: CostAssumptions): CostScenario {
  const [low, high] = UPDATE_RANGE;
  const methods = allMethods(assumptions).map((m) => m.method);
  const grid = Array.from({ length: GRID_POINTS }, (_, i) => low * (high / low) ** (i / (GRID_POINTS - 1)));
  const breakEvens: BreakEven[] = [];
  methods.forEach((a, i) =>
    methods.slice(i + 1).forEach((b) => {
      const [costA, costB] = [perThousand(assumptions, a), perThousand(assumptions, b)];
      for (const x of crossings(costA, costB, low, high)) {
        const aFirst = costA(x / 1.01) < costB(x / 1.01);
        breakEvens.push({ cheaper: aFirst ? a : b, dearer: aFirst ? b : a, updatesPerHour: x });
      }
    }),
  );
  return {
    clientsPerCheck: assumptions.clientsPerCheck,
    atDefaultRate: allMethods(assumptions),
    curves: methods.map((method) => ({
      method,
      points: grid.map((x): [number, number] => [x, perThousand(assumptions, method)(x)]),
    })),
    breakEvens: breakEvens.sort((x, y) => x.updatesPerHour - y.updatesPerHour),
    cheapest: cheapestRanges(
      (x) =>
        allMethods({ ...assumptions, updatesPerHour: x })
          .filter((m) => m.deliveredPerClientHour >= x * (1 - 1e-9))
          .map((m) => ({ method: m.method, cost: m.perThousandClientsHourUsd })),
      low,
      high,
    ),
  };
}

export const costSuite: Suite<CostResult> = {
  name: 'cost',
  title: 'Cost on AWS',
  async run({ progress }) {
    progress.step('cost: computing the model');
    const scenarios = CLIENTS_PER_CHECK.map((clientsPerCheck, index) => {
      progress.tick(index, CLIENTS_PER_CHECK.length);
      return costScenario({ ...DEFAULT_ASSUMPTIONS, clientsPerCheck });
    });
    progress.tick(CLIENTS_PER_CHECK.length, CLIENTS_PER_CHECK.length);
    return {
      region: REGION,
      pricesReadOn: READ_ON,
      prices: PRICES,
      assumptions: DEFAULT_ASSUMPTIONS,
      scenarios,
    };
  },
  render(result) {
    const charts = result.scenarios.map((scenario) => ({
      file: `cost-per-1000-clients-${scenario.clientsPerCheck}-per-check.svg`,
      title: `Cost per 1,000 clients per hour, ${scenario.clientsPerCheck} client(s) per check`,
      svg: lineChart({
        title: `Cost per 1,000 connected clients per hour (${result.region}, ${scenario.clientsPerCheck} client(s) per check)`,
        xLabel: 'updates per hour of the watched check',
        yLabel: 'USD per 1,000 clients per hour',
        logX: true,
        logY: true,
        series: scenario.curves.map((c) => ({ name: c.method, points: c.points })),
      }),
    }));
    return { markdown: costTables(result, charts), charts };
  },
};
