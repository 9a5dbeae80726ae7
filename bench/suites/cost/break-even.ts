/** Where `f` and `g` cross on [low, high], searched on a logarithmic grid then by bisection. */
export function crossings(
  f: (x: number) => number,
  g: (x: number) => number,
  low: number,
  high: number,
  steps = 400,
): number[] {
  const diff = (x: number) => f(x) - g(x);
  const found: number[] = [];
  const at = (i: number) => low * (high / low) ** (i / steps);
  for (let i = 0; i < steps; i++) {
    let a = at(i);
    let b = at(i + 1);
    const da = diff(a);
    if (da === 0) {
      found.push(a);
      continue;
    }
    if (Math.sign(da) === Math.sign(diff(b)) || diff(b) === 0) continue;
    for (let k = 0; k < 60; k++) {
      const middle = Math.sqrt(a * b);
      if (Math.sign(diff(middle)) === Math.sign(da)) a = middle;
      else b = middle;
    }
    found.push(Math.sqrt(a * b));
  }
  return found;
}

export interface Cheapest {
  readonly method: string;
  readonly from: number;
  readonly to: number;
}

/** The cheapest method over [low, high], as ranges that change where the cheapest changes. */
export function cheapestRanges(
  costs: (x: number) => ReadonlyArray<{ readonly method: string; readonly cost: number }>,
  low: number,
  high: number,
  steps = 400,
): Cheapest[] {
  const ranges: Cheapest[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = low * (high / low) ** (i / steps);
    const best = costs(x).reduce((a, b) => (b.cost < a.cost ? b : a));
    const last = ranges.at(-1);
    if (last?.method === best.method) ranges[ranges.length - 1] = { ...last, to: x };
    else ranges.push({ method: best.method, from: x, to: x });
  }
  return ranges;
}
