import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'storybook-static/', 'node_modules/', 'data/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is Prettier's (npm run lint checks it); no ESLint rule argues with it.
  prettierConfig,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // User and server text is rendered as text, never run or parsed as HTML: it is someone else's input on the host's page.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render data as text (Lit templates); never innerHTML.' },
        { property: 'outerHTML', message: 'Render data as text (Lit templates); never outerHTML.' },
        { property: 'insertAdjacentHTML', message: 'Render data as text (Lit templates).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'lit/directives/unsafe-html.js', message: 'No unsafeHTML: render data as text (Lit templates).' },
          ],
        },
      ],
    },
  },
  {
    files: ['machines/**/*.ts'],
    rules: {
      // Machines are pure: effects come in through .provide().
      'no-restricted-globals': ['error', 'fetch', 'indexedDB', 'document', 'window', 'localStorage', 'navigator'],
    },
  },
);
