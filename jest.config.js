/** Each suite runs apart with `--selectProjects unit|infra|sandbox|e2e`. */
const transform = {
  // jose ships ESM only; ts-jest turns it into CommonJS for Jest like our own sources.
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: { ignoreCodes: [151002] } }],
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

/** @type {import('jest').Config} */
module.exports = {
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
      transform,
      transformIgnorePatterns,
    },
  ],
};
