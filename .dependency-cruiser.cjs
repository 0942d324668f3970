/**
 * The dependency rules of the architecture (docs/decisions/0001, STYLE.md), checked by `npm test`:
 * a break fails the build with the rule's name and the offending import.
 */
const VENDOR_SDKS =
  '(^|/)node_modules/(bullmq|@nestjs/bullmq|ioredis|redis|@redis/[^/]+|redis-om|@lancedb/lancedb|apache-arrow|@qdrant/js-client-rest|cohere-ai|prom-client|@bull-board/[^/]+|@huggingface/transformers)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form a graph without cycles.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      comment:
        'Apps depend on libs, never on each other. The all-in-one entry (apps/standalone) is the one composition root allowed to assemble the api and worker apps.',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/standalone/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-imports-an-app',
      severity: 'error',
      comment: 'Libs are shared by the apps and never import one.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-port-imports-an-adapter',
      severity: 'error',
      comment: 'A port (*.port.ts) is the contract; adapters depend on it, never the reverse.',
      from: { path: '\\.port\\.ts$' },
      to: { path: '/adapters/' },
    },
    {
      name: 'vendor-sdks-only-in-adapters',
      severity: 'error',
      comment:
        'Only adapters (a folder named adapters/) talk to a vendor SDK; everything else goes through a port.',
      from: { path: '^(apps|libs)/', pathNot: ['/adapters/', '\\.spec\\.ts$'] },
      to: { path: VENDOR_SDKS },
    },
    {
      name: 'events-depend-on-nothing',
      severity: 'error',
      comment: 'libs/events holds the contracts: it imports no other lib.',
      from: { path: '^libs/events/' },
      to: { path: '^libs/(?!events/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
