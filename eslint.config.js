// ESLint: typescript-eslint's recommended rules, Prettier for layout, and the project's
// layering (README "Architecture") as import rules, so it stays true.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (message, ...regexes) => ({
  'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
});

export default tseslint.config(
  { ignores: ['dist/', 'dist-web/', 'test-results/', '.bench-build/', 'coverage/', 'node_modules/', '.sutra-data/', '.sutra-demo/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `any` only with a disable comment that says why (`-- reason`).
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The console runs in the browser (its own tsconfig, web/tsconfig.json); its build config runs in node.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/services/**/*.ts', 'src/domain/**/*.ts', 'src/db/**/*.ts'],
    rules: layer('services, domain and db never reach up into the API layers (graphql/, http/, jobs/)', '(^|/)(graphql|http|jobs)/'),
  },
  {
    files: ['src/providers/**/*.ts'],
    rules: layer(
      'a provider folder imports only the shared provider plumbing, domain, config and logger: never another provider, a service, a resolver or a job',
      '^\\.\\./(?!\\.\\.)[^/]+/',
      '(^|/)(services|graphql|http|jobs|sandbox)/',
    ),
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/sandbox/**', 'src/cli/demo.ts'],
    rules: layer('only the sandbox and the demo may use the sandbox', '(^|/)sandbox/'),
  },
);
