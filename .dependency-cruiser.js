/**
 * The layer rule (docs/architecture.md): each folder imports only the folders below it.
 *
 *   model/  <-  config/  <-  keycloak/  <-  stacks/  <-  toolchain/, engine/  <-  cli/
 *
 * `npm test` runs `npm run lint:deps`, so a wrong import fails the build.
 */
const layers = {
  model: [],
  config: ['model'],
  keycloak: ['model', 'config'],
  stacks: ['model', 'config', 'keycloak'],
  toolchain: ['model', 'config'],
  engine: ['model', 'config', 'keycloak', 'stacks', 'toolchain'],
  cli: ['model', 'config', 'keycloak', 'stacks', 'toolchain', 'engine'],
};
const ownFolders = Object.keys(layers);

module.exports = {
  forbidden: [
    ...Object.entries(layers).map(([layer, allowed]) => ({
      name: `${layer}-imports-only-lower-layers`,
      comment: `${layer}/ may import ${allowed.length ? allowed.map((a) => `${a}/`).join(', ') : 'none of the project folders'} (and the generated bindings); see docs/architecture.md`,
      severity: 'error',
      from: { path: `^${layer}/` },
      to: { path: `^(${ownFolders.filter((f) => f !== layer && !allowed.includes(f)).join('|')}|scripts|benchmarks|examples|__tests__)/` },
    })),
    {
      name: 'generated-code-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^\\.gen/' },
      to: { path: `^(${ownFolders.join('|')})/` },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one; split the shared part out instead.',
      severity: 'error',
      from: { pathNot: '^\\.gen/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdktf\\.out|\\.cache)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
