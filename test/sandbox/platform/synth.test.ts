import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureSynthesized } from '../../../sandbox/platform/synth';

// A one-stack CDK app that puts its `flavour` context into an output, run by the project's own CLI.
const APP = `const { App, Stack, CfnOutput } = require('aws-cdk-lib');
const app = new App();
new CfnOutput(new Stack(app, 'Tiny'), 'Flavour', { value: String(app.node.tryGetContext('flavour')) });
app.synth();
`;

describe('ensureSynthesized', () => {
  let projectDir: string;
  let outDir: string;
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
  };

  beforeAll(() => {
    projectDir = mkdtempSync(join(tmpdir(), 'synth-project-'));
    outDir = join(projectDir, 'out');
    symlinkSync(resolve(__dirname, '../../../node_modules'), join(projectDir, 'node_modules'));
    mkdirSync(join(projectDir, 'bin'));
    writeFileSync(join(projectDir, 'bin/app.js'), APP);
    writeFileSync(join(projectDir, 'cdk.json'), JSON.stringify({ app: 'node bin/app.js' }));
  });
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));
  beforeEach(() => {
    lines.length = 0;
  });

  function flavour(): unknown {
    const template = JSON.parse(readFileSync(join(outDir, 'Tiny.template.json'), 'utf8')) as {
      Outputs: { Flavour: { Value: unknown } };
    };
    return template.Outputs.Flavour.Value;
  }

  it('synthesizes with the context, skips an up-to-date assembly, and synthesizes again for another context', async () => {
    await expect(
      ensureSynthesized({ projectDir, outDir, context: { flavour: 'mint' }, log }),
    ).resolves.toEqual({
      synthesized: true,
    });
    expect(flavour()).toBe('mint');
    expect(lines).toEqual([`Synthesizing the app into ${outDir} (no synthesized assembly yet)…`]);

    await expect(
      ensureSynthesized({ projectDir, outDir, context: { flavour: 'mint' }, log }),
    ).resolves.toEqual({
      synthesized: false,
    });

    await expect(
      ensureSynthesized({ projectDir, outDir, context: { flavour: 'lemon' }, log }),
    ).resolves.toEqual({ synthesized: true });
    expect(flavour()).toBe('lemon');
    expect(lines.at(-1)).toMatch(/the context differs/);
  }, 120_000);

  it("waits while another live process holds the folder, and takes over a dead holder's lock", async () => {
    const lock = join(outDir, 'sandbox-synth.lock');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)']);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    writeFileSync(lock, String(holder.pid));
    const options = { projectDir, outDir, context: { flavour: 'lemon' }, log };
    await expect(ensureSynthesized(options)).resolves.toEqual({ synthesized: false });
    expect(lines[0]).toBe(`Waiting for process ${holder.pid}, which is synthesizing into ${outDir}…`);
    await exited;
    expect(existsSync(lock)).toBe(false);

    writeFileSync(lock, String(holder.pid));
    lines.length = 0;
    await expect(ensureSynthesized(options)).resolves.toEqual({ synthesized: false });
    expect(lines).toEqual([`Assembly in ${outDir} is up to date`]);
  }, 30_000);

  it("throws an error with the CLI's output when the app fails", async () => {
    writeFileSync(join(projectDir, 'bin/app.js'), "throw new Error('the app is broken on purpose');\n");
    const failing = ensureSynthesized({ projectDir, outDir, context: { flavour: 'lemon' }, log });
    await expect(failing).rejects.toThrow(
      /cdk synth failed with exit code \d+:[\s\S]*the app is broken on purpose/,
    );
    // No stamp vouches any more for what the failed synth left behind.
    expect(existsSync(join(outDir, 'sandbox-synth.json'))).toBe(false);
  }, 120_000);
});
