// Lint for correctness, not taste (formatting is Prettier's): the type-aware rules that
// catch real bugs in async server code.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'bench/**', 'scripts/**', 'coverage/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'templates/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error'],
    },
  },
  { files: ['test/**/*.ts', 'src/**/*.spec.ts', 'src/cli/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    // Code that runs per request. An object literal that starts with a spread and then adds a key
    // gets a hidden class of its own every time in V8 11 (Node 20): ~0.7 µs and an old-space map per
    // call, and megamorphic readers (see src/protocol/request-envelope.ts).
    files: ['src/protocol/**/*.ts', 'src/transport/**/*.ts', 'src/tools/**/*.ts', 'src/audit/**/*.ts', 'src/resources/**/*.ts', 'src/prompts/**/*.ts', 'src/observability/**/*.ts', 'src/events/**/*.ts', 'src/client/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement:first-child ~ Property',
          message:
            'A literal that starts with a spread and then adds keys gets a new hidden class per call in V8 11: name the keys first ({ key, ...rest }) and set them again after the spread if it must not override them.',
        },
      ],
    },
  },
);
