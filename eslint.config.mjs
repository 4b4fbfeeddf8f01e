// House rules in a tool: typescript-eslint's recommended rules on the project's own code.
// Formatting is Prettier's job (`npm run format`); this file holds only what is not style.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.gen/**', 'cdktf.out/**', '.cache/**', 'node_modules/**', 'logs/**', 'reports/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The engine's JSON (plans, state) is untyped by nature; reading it is explicit.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Environment variables are settings: config/settings.ts parses them, everything else takes
    // the typed Settings. Tests, maintainer scripts and the standalone example may read them.
    files: ['model/**', 'config/**', 'keycloak/**', 'stacks/**', 'toolchain/**', 'engine/**', 'cli/**', 'benchmarks/**', 'main.ts'],
    ignores: ['config/settings.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings from config/settings.ts (currentSettings(), or a Settings passed in).',
        },
      ],
    },
  },
);
