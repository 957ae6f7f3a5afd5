// Import boundaries, from ../shared/DESIGN.md's arrows: data flows sources -> inventory -> engine
// -> reports; a report writer never reads a source; a collector never knows a rule; the engine
// never knows a file format; leaves (documents, aws, compliance, util, generated) import nothing
// above them. `npm run check-imports` (and a test, so CI) fails on any import that breaks one.
/** @type {import('dependency-cruiser').IConfiguration} */
const LEAVES = '^src/(documents|aws|compliance|util|generated)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in one direction only.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'leaves-import-leaves',
      severity: 'error',
      comment: 'documents, aws, compliance, util and the generated validators import only each other (and node:/packages).',
      from: { path: LEAVES },
      to: { path: '^src/', pathNot: LEAVES },
    },
    {
      name: 'inventory-below-sources-and-engine',
      severity: 'error',
      comment: 'The resource model knows no source, rule, predicate, report or command.',
      from: { path: '^src/inventory/' },
      to: { path: '^src/(sources|engine|predicates|reports|scan|cli)/' },
    },
    {
      name: 'sources-know-no-rule',
      severity: 'error',
      comment: 'Loaders and collectors produce resources: they know no rule, predicate, evaluation or report.',
      from: { path: '^src/sources/' },
      to: { path: '^src/(engine|predicates|reports|scan|cli)/' },
    },
    {
      name: 'files-and-live-apart',
      severity: 'error',
      comment: 'File loaders and live collectors are separate sources (a file scan never loads the AWS SDK code).',
      from: { path: '^src/sources/(files|live)/' },
      to: { path: '^src/sources/(files|live)/', pathNot: '^src/sources/$1/' },
    },
    {
      name: 'engine-knows-no-file-format',
      severity: 'error',
      comment: 'The engine evaluates resources; it reads rule and configuration files through documents/, never a source.',
      from: { path: '^src/(engine|predicates)/' },
      to: { path: '^src/(sources|reports|scan|cli)/' },
    },
    {
      name: 'reports-read-no-source',
      severity: 'error',
      comment: 'A report writer renders the outcome it is given (reports/outcome.ts); it never reads a source or runs a scan.',
      from: { path: '^src/reports/' },
      to: { path: '^src/(sources|cli|predicates|scan)/' },
    },
    {
      name: 'only-the-cli-knows-the-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // .js specifiers resolve to the .ts sources; the sources are read as text (this version's
    // TypeScript is newer than dependency-cruiser reads), so type-only imports count like any other
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '^src/generated/' },
  },
};
