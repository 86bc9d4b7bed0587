// Layer rules of DESIGN.md §3, checked by `npm run check`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports nothing from the other layers',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(commands|projections|api|web-admin|scripts)/' },
    },
    {
      name: 'domain-uses-no-test-helpers',
      comment: 'only domain specs may use the shared test helpers',
      severity: 'error',
      from: { path: '^domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^testing/' },
    },
    {
      name: 'domain-has-no-io',
      comment: 'domain/ uses no packages with I/O and no Node built-ins (no pg, knex, express, fs, net, clock)',
      severity: 'error',
      from: { path: '^domain/', pathNot: '\\.spec\\.ts$' },
      // zod is the one validation library: pure, no I/O.
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'], pathNot: '^node_modules/zod/' },
    },
    {
      name: 'store-is-the-shared-kernel',
      comment: 'store/ (event store port and adapters, upcasters, fold, database, migrations) is what commands/ and projections/ share: it imports neither, nor api/',
      severity: 'error',
      from: { path: '^store/' },
      to: { path: '^(commands|projections|api|scripts|web-admin)/' },
    },
    {
      name: 'commands-do-not-read-read-models',
      comment: 'commands/ reach read models only through ports defined beside them and implemented in projections/ (wired in api/platform.ts)',
      severity: 'error',
      from: { path: '^commands/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^projections/' },
    },
    {
      name: 'projections-do-not-run-commands',
      comment: 'projections/ fold events into read models; they never import commands/ (shared code lives in store/ or domain/)',
      severity: 'error',
      from: { path: '^projections/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^commands/' },
    },
    {
      name: 'application-does-not-know-api',
      comment: 'commands/ and projections/ never import api/',
      severity: 'error',
      from: { path: '^(commands|projections)/' },
      to: { path: '^api/' },
    },
    {
      name: 'console-has-no-server-code',
      comment: 'web-admin/ and web-mobile/ import no server code',
      severity: 'error',
      from: { path: '^web-(admin|mobile)/' },
      to: { path: '^(domain|commands|projections|api|scripts|testing)/' },
    },
    {
      name: 'production-code-does-not-import-tests',
      severity: 'error',
      from: { path: '^(domain|store|commands|projections|api)/', pathNot: '(\\.spec|\\.contract)\\.ts$|/testing/' },
      to: { path: '(^testing/|\\.spec\\.ts$|\\.contract\\.ts$)' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycle that runs: a cycle through type-only imports (a manifest typed by the platform it feeds) vanishes at compile time',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.vue', '.json'] },
  },
};
