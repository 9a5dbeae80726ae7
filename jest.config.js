/** Each suite runs apart with `--selectProjects unit|infra|sandbox|e2e|browser`. */
const transform = {
  // jose and fauxqs ship ESM only; ts-jest turns them into CommonJS for Jest like our own sources.
  // Transpiled file by file, not type-checked: `npm test` type-checks the whole tree once with
  // tsc before Jest starts, which is far cheaper than a language service in every worker.
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
};
const transformIgnorePatterns = ['/node_modules/(?!(jose|fauxqs)/)'];

/** @type {import('jest').Config} */
module.exports = {
  // A worker per core: Jest's default (cores - 1) is a single process on 2 cores, which leaves
  // one idle while tests wait on sockets and engines. More workers than cores starve the
  // engines and sandboxes the tests start, and their timeouts fire.
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      transform,
      transformIgnorePatterns,
      setupFiles: ['<rootDir>/test/unit/env.ts'],
      setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
    },
    {
      displayName: 'infra',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/infra'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'sandbox',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/sandbox'],
      globalSetup: '<rootDir>/test/sandbox/support/global-setup.ts',
      // fauxqs exports only an `import` condition, which Jest's CommonJS resolver does not take.
      moduleNameMapper: { '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js' },
      transform,
      transformIgnorePatterns,
    },
    {
      // Against a sandbox it starts itself, or the endpoints that scripts/e2e.ts names.
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/e2e/support/jest-setup.ts'],
    },
    {
      // Needs Chromium; `npm run test:browser` finds it and runs this project alone.
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser.test.ts'],
      transform,
      transformIgnorePatterns,
    },
  ],
};
