import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '../../..');
const GENERATED = ['lambda/rpc/gen', 'client/gen'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The generated code is committed, so a schema change without `npm run generate` must fail here. */
describe('the code generated from proto/', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'buf-generate-'));
    execFileSync(join(root, 'node_modules/.bin/buf'), ['generate', '--output', out], { cwd: root });
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(GENERATED)('%s is what buf generates now', (dir) => {
    const committed = join(root, dir);
    const fresh = join(out, dir);
    expect(filesUnder(committed)).toEqual(filesUnder(fresh));
    for (const file of filesUnder(fresh)) {
      expect(`${file}:\n${readFileSync(join(committed, file), 'utf8')}`).toBe(
        `${file}:\n${readFileSync(join(fresh, file), 'utf8')}`,
      );
    }
  });
});
