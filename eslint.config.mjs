// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * `@typescript-eslint/no-restricted-imports` for `files`: `vscode` only as a type (the file must
 * run in plain Node) and/or the given path patterns.
 */
function restrictImports(files, { vscode = false, patterns = [], ignores = [] }) {
  const paths = vscode
    ? [{ name: 'vscode', message: 'Pure code must not import vscode.', allowTypeImports: true }]
    : [];
  return { files, ignores, rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', '.rotor-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.page.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import * as vscode from 'vscode'`, as the sample extensions write it; only the activation
      // shell keeps `import vscode = require` (see the override below and src/extension.ts).
      '@typescript-eslint/no-require-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'Do not commit .only' },
        { object: 'it', property: 'only', message: 'Do not commit .only' },
        { object: 'suite', property: 'only', message: 'Do not commit .only' },
        { object: 'test', property: 'only', message: 'Do not commit .only' },
      ],
    },
  },
  {
    // The activation shell: a plain require of the API keeps "1. Activation cost" within its
    // target (measured: 3.85x of an empty extension without it, target <= 3x).
    files: ['src/extension.ts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  // Boundaries of src/ (as GitLens keeps its layers apart): api/ at the bottom; each feature's
  // model/ pure; a feature reaches another feature only through its model/ or a type; the
  // activation shell loads nothing of the features. One rule object per file group, since a
  // later config object replaces an earlier one's options for the same rule.
  restrictImports(['src/api/**/*.ts'], {
    vscode: true,
    patterns: [{ regex: '^\\.\\./', message: 'api/ is the bottom layer: it imports nothing else from src/.' }],
  }),
  restrictImports(['src/*/model/**/*.ts'], {
    vscode: true,
    patterns: [
      {
        regex: '^\\.\\./(?!\\.\\./(?:api|\\w+/model)/)',
        message: 'A model/ file is pure: it imports only api/ and model/ files.',
      },
    ],
  }),
  restrictImports(['src/*/*.ts'], {
    ignores: ['src/api/**', 'src/shell/**'],
    patterns: [
      {
        regex: '^\\.\\./(?!(?:api|common)/|\\w+/model/|shell/featureHost$)[^/]+/',
        allowTypeImports: true,
        message:
          "A feature uses another feature's model/, api/, common/ or services, or a type: the composition root (main.ts) wires adapters together.",
      },
    ],
  }),
  restrictImports(['src/shell/**/*.ts'], {
    patterns: [
      {
        regex: '^\\.\\./(?!common/model/commandIds$)',
        allowTypeImports: true,
        message: 'The activation shell loads no feature code: only types, and the command IDs.',
      },
    ],
  }),
  restrictImports(['src/extension.ts'], {
    patterns: [
      {
        regex: '^\\./(?!shell/|common/model/commandIds$)',
        allowTypeImports: true,
        message: 'The activation shell loads no feature code: only types, and the command IDs.',
      },
    ],
  }),
  // Unit tests, their fixtures and the sandbox run in plain Node: no editor API.
  restrictImports(['test/unit/**/*.ts', 'test/fixtures/**/*.ts', 'test/sandbox/**/*.ts'], { vscode: true }),
  {
    // Build and maintenance scripts are plain CommonJS run by Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
