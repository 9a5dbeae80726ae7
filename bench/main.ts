import { relative, resolve } from 'node:path';
import { benchContext } from './context';
import { describeMachine } from './machine';
import { parseOptions, USAGE } from './options';
import { terminalProgress } from './progress-display';
import { writeReport, type SuiteOutcome } from './report/write-report';
import { SUITES } from './suites';

async function main(): Promise<number> {
  const projectDir = resolve(__dirname, '..');
  const argv = process.argv.slice(2);
  const now = new Date();
  const parsed = parseOptions(argv, projectDir, now);
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { options } = parsed;
  const progress = terminalProgress();
  const outcomes: SuiteOutcome[] = [];
  for (const name of options.only) {
    const suite = SUITES[name];
    const started = Date.now();
    const seconds = () => (Date.now() - started) / 1000;
    try {
      const result = await suite.run(benchContext(name, options, progress, projectDir));
      const section = suite.render(result, options);
      outcomes.push({ name, title: suite.title, seconds: seconds(), result, section });
      progress.note(`${name}: done in ${seconds().toFixed(1)} s`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcomes.push({ name, title: suite.title, seconds: seconds(), error: message });
      progress.note(`${name}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  progress.done();
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  const file = writeReport({ machine: describeMachine(now), options, command, outcomes });
  process.stdout.write(`Report: ${relative(process.cwd(), file)}\n`);
  return outcomes.some((o) => o.error !== undefined) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
