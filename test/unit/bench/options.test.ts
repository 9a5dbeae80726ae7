import { parseOptions } from '../../../bench/options';

const now = new Date('2026-11-23T22:58:10.123Z');
const parse = (...argv: string[]) => {
  const parsed = parseOptions(argv, '/project', now);
  if (parsed.help) throw new Error('unexpected --help');
  return parsed.options;
};

describe('bench options', () => {
  it('defaults to the quick sizes, every suite, and the folder of the UTC date', () => {
    expect(parse()).toEqual({
      full: false,
      clients: [1, 10, 100],
      updates: 5,
      fanout: [1000, 5000, 20000],
      idleConnections: 2000,
      runs: 3,
      only: ['functions', 'cost', 'methods', 'fanout', 'connections'],
      outDir: '/project/bench/results/2026-11-23',
    });
  });

  it('names the folder by the UTC date, so runs on the same day share it', () => {
    const early = parseOptions([], '/project', new Date('2026-11-24T00:00:00.000Z'));
    const late = parseOptions([], '/project', new Date('2026-11-24T23:59:59.999Z'));
    const offset = parseOptions([], '/project', new Date('2026-11-24T01:30:00+05:00'));
    const outDir = (parsed: ReturnType<typeof parseOptions>) =>
      parsed.help ? undefined : parsed.options.outDir;
    expect(outDir(early)).toBe('/project/bench/results/2026-11-24');
    expect(outDir(late)).toBe('/project/bench/results/2026-11-24');
    expect(outDir(offset)).toBe('/project/bench/results/2026-11-23');
  });

  it('takes the larger sizes with --full, and later flags still override them', () => {
    const options = parse('--full', '--runs', '2');
    expect(options).toMatchObject({
      full: true,
      clients: [1, 10, 100, 1000],
      updates: 10,
      fanout: [1000, 5000, 20000, 50000],
    });
    expect(options.idleConnections).toBe(10000);
    expect(options.runs).toBe(2);
  });

  it('reads lists, numbers and --flag=value', () => {
    const options = parse(
      '--clients',
      '2,20',
      '--updates=7',
      '--fanout',
      '50',
      '--idle-connections',
      '300',
      '--out',
      'x',
    );
    expect(options).toMatchObject({
      clients: [2, 20],
      updates: 7,
      fanout: [50],
      idleConnections: 300,
      outDir: 'x',
    });
  });

  it('runs the suites of --only in the fixed order', () => {
    expect(parse('--only', 'cost,functions').only).toEqual(['functions', 'cost']);
  });

  it('answers --help', () => {
    expect(parseOptions(['--runs', '2', '--help'], '/p', now)).toEqual({ help: true });
  });

  it.each([
    [['--runs', '0'], /positive whole number/],
    [['--clients', '1,x'], /positive whole number/],
    [['--only', 'methods,nope'], /unknown suite nope/],
    [['--updates'], /needs a value/],
    [['--fast'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv, '/p', now)).toThrow(message);
  });
});
