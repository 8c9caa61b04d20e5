// The layering of src/, checked in CI by `npm run lint:layers` (scripts/lint-layers.mjs; RULES.md "Layering").
// Folders: the ground floor (common, db, validation, privacy) that every feature may use; one folder per
// feature; the composition root at src/*.ts (app, ioc, services, server, config, logger). Type-only imports count
// (tsPreCompilationDeps): they couple the code as much as value imports.

/** The shared ground floor: it imports no feature and no composition-root module. */
const GROUND = '^src/(common|db|validation|privacy)/';
const GROUND_FOLDER = '^src/(common|db|validation|privacy)$';
const CONTROLLER = '^src/([^/]+)/[^/]+[.]controller[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ground-floor-imports-no-feature',
      comment:
        'src/common (and db, validation, privacy) is what features build on: it must not import a feature folder, ' +
        'nor the composition root. Move the shared part down, or pass it in.',
      severity: 'error',
      from: { path: GROUND },
      to: { path: '^src/', pathNot: [GROUND, '^src/(config|logger)[.]ts$'] },
    },
    {
      name: 'no-cycles-between-folders',
      comment:
        'Two folders that import each other are one tangle: move the shared part into one of them (or down to ' +
        'common), or let one side depend on an interface the other implements.',
      severity: 'error',
      scope: 'folder',
      // From a feature folder, as the folder graph names it (no trailing slash). A cycle through the ground floor
      // is reported here too: it ends when its edge from the ground floor to a feature (the rule above) goes.
      from: { path: '^src/[^/]+$', pathNot: GROUND_FOLDER },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles-across-folders',
      comment: 'A cycle of modules that leaves its folder (cycles inside one folder are that folder’s business).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^src/$1/' } },
    },
    {
      name: 'controller-uses-its-own-feature-service',
      comment:
        "A controller calls its own feature's service; what it needs of another feature it declares as an " +
        'interface that the composition root (src/ioc.ts) fills in.',
      severity: 'error',
      from: { path: CONTROLLER },
      to: { path: '[.]service[.]ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'controller-gets-no-services-bag',
      comment: 'Controllers receive their own dependencies from src/ioc.ts, never the whole Services of the app.',
      severity: 'error',
      from: { path: CONTROLLER },
      to: { path: '^src/(services|app|server)[.]ts$' },
    },
    {
      name: 'controller-reaches-no-data-or-jobs',
      comment: 'No SQL, queue or outbox in a controller: that is the service’s work (docs/adr/0001).',
      severity: 'error',
      from: { path: CONTROLLER },
      to: {
        path: [
          '[.]repository[.]ts$',
          '^src/db/',
          '^src/jobs/',
          '^src/notifications/',
          'node_modules/(typeorm|pg|pg-boss)/',
        ],
      },
    },
    {
      name: 'notifications-do-not-import-jobs',
      comment: 'Jobs depend on notifications (a worker sends a notice), not the other way round.',
      severity: 'error',
      from: { path: '^src/notifications/' },
      to: { path: '^src/jobs/' },
    },
    {
      name: 'domain-constants-not-in-job-files',
      comment:
        'A job module (`*-jobs.ts`) is an entry point run by jobs/ (and by an operator, "run now"); a rule or ' +
        'constant that other code needs lives in its domain module, not in the job.',
      severity: 'error',
      from: { pathNot: ['^src/jobs/', '^src/operator/', '-jobs[.]ts$'] },
      to: { path: '-jobs[.]ts$' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing: a typo, or a package missing from package.json.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    // Folder-level rules (no-cycles-between-folders) are checked on the folder graph, which metrics derive.
    metrics: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
