/**
 * The hub's dependency rules (DESIGN.md, docs/architecture.md), checked by `npm run lint` and so by CI.
 * Run through scripts/depcruise.mjs, which gives dependency-cruiser 17 the TypeScript 5 compiler it can read.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-feature',
      comment: 'platform/ is shared by every feature and knows none of them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'features-meet-through-index',
      comment:
        "A feature uses another only through that feature's index.ts (its public surface). Table files may " +
        "reference another feature's table for a foreign key; tests may reach into what they test.",
      severity: 'error',
      from: { path: '^src/features/([^/]+)/', pathNot: ['\\.table\\.ts$', '\\.test\\.tsx?$'] },
      to: { path: '^src/features/([^/]+)/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.tsx?$'] },
    },
    {
      name: 'outside-meets-features-through-index',
      comment:
        "The app's entry points see a feature through its index.ts only; db-schema.ts collects the table files for " +
        'drizzle-kit, and worker.ts and read-worker.ts register worker tasks without loading whole features.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.tsx?$', pathNot: '^src/(db-schema|worker|read-worker)\\.ts$' },
      to: { path: '^src/features/[^/]+/', pathNot: '^src/features/[^/]+/index\\.tsx?$' },
    },
    {
      name: 'views-never-query',
      comment: 'Views take props and return HTML: no repositories, tables, database or ORM.',
      severity: 'error',
      from: { path: '/views/' },
      to: {
        path: [
          '\\.repository\\.ts$',
          '\\.table\\.ts$',
          '\\.usecases\\.ts$',
          '^src/platform/db/',
          '^node_modules/drizzle-orm/',
          '^node_modules/@electric-sql/',
          '^node_modules/pg/',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'writes-only-through-use-cases',
      comment:
        'A *.writes.ts file holds the writes behind use cases without the rules about the person (standing, rate ' +
        'limits): only use cases call it (and test fixtures and the bench, which are outside src/), so no request ' +
        'reaches a write without its rules.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.usecases\\.ts$', '\\.writes\\.ts$', '\\.test\\.tsx?$'] },
      to: { path: '\\.writes\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'Modules form no import cycles (type-only imports excepted: they vanish at run time).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(public|dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
