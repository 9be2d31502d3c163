import { posix } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettierConfig from 'eslint-config-prettier';

const UNSAFE_HTML = {
  name: 'lit/directives/unsafe-html.js',
  message: 'No unsafeHTML: render data as text (Lit templates).',
};

/**
 * The layers, bottom to top (ARCHITECTURE.md, "Layers"). A layer lists what it
 * may import besides its own folder (`may`), or, for the entries and the
 * stories, what it may not (`mayNot`); packages are not restricted here. Each
 * allowed edge says why it is there.
 */
const LAYERS = [
  { folder: 'src/contract', may: [] },
  {
    folder: 'src/config',
    may: [
      'src/contract', // the config schema is built from the wire's building blocks and limits; values fail with its FieldError
    ],
  },
  {
    folder: 'src/sla',
    may: [
      'src/contract', // policies are per kind of feedback and per site (Kind, Slug)
    ],
  },
  {
    folder: 'src/i18n',
    may: [
      'src/contract', // catalogs are per Locale, and an owner's LocalizedText is resolved here
    ],
  },
  {
    folder: 'src/consent',
    may: [
      'src/contract', // the decision and the config check work on the contract's consent types
    ],
  },
  {
    folder: 'machines',
    may: [
      'src/contract', // the wire types the machines decide on
      'src/config', // the form's config, and validateValues, which the server runs too
      'src/consent', // the banner's machine computes grants with the stub's own rules (decision.ts)
    ],
  },
  {
    folder: 'src/storage',
    may: [
      'src/contract', // records hold wire values (fields, receipts, error codes)
      { folder: 'machines', typesOnly: true }, // records are the shapes the machines work on; no machine code
    ],
  },
  {
    folder: 'src/client',
    may: [
      'src/contract', // requests and answers
      'src/config', // the site's config: merged, validated, read
      'src/i18n', // the site runtime's translators
      'src/consent', // the consent API's types on window.usercare
      'machines', // the readers and the form session drive the element's machine
      'src/storage', // the device's store under the outbox, drafts and identity
    ],
  },
  {
    folder: 'components',
    may: [
      'src/contract', // what elements show
      'src/config', // the form's fields
      'src/i18n', // messages
      'src/consent', // the banner stores and reads the decision
      'machines', // each element binds its machine
      'src/storage', // record shapes, the store the reply box drafts into, the draft's rescue on pagehide
      'src/client', // the site runtime, readers and sessions
    ],
  },
  {
    name: 'the entries (src/elements, src/loader.ts, src/admin-loader.ts, src/index.ts)',
    folder: 'src/elements',
    files: ['src/loader.ts', 'src/admin-loader.ts', 'src/index.ts'],
    // Everything the browser runs; src/sla is the server's (it reads its calendar with node:fs).
    mayNot: ['src/server', 'src/sla', 'stories', 'test', 'scripts'],
  },
  // Beside the browser's layers: the reference server and the stories.
  {
    folder: 'src/server',
    may: [
      'src/contract', // it serves the contract
      'src/config', // sites' configs from the registry; validateValues, as the browser runs it
      'src/sla', // deadlines
      'machines', // the complaint lifecycle decides every change of status
    ],
  },
  {
    folder: 'stories',
    // The stories show the elements in the browser, as a site would: no server code, nor tests or scripts.
    mayNot: ['src/server', 'src/sla', 'test', 'scripts'],
  },
];

/** Deeper than any folder inside a layer today; a file further down is an error until this grows. */
const MAX_DEPTH = 4;

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The folders `folder` lies in, itself first and the root ('.') last. */
function ancestors(folder) {
  const out = [];
  for (let at = folder; at !== '.'; at = posix.dirname(at)) out.push(at);
  return [...out, '.'];
}

/**
 * Every way an import from a file `depth` folders below `folder` can name `target`, as regex
 * sources: `no-restricted-imports` sees the text of the import, not the file it resolves to, so
 * the same `../server` is src/server from src/client/a.ts and src/server/server.ts from
 * src/server/routes/a.ts. Each spelling climbs to a folder holding the target, then descends.
 * `fromOutside` leaves out the spellings that stay inside `folder`.
 */
function spellings(folder, depth, target, fromOutside) {
  return ancestors(folder).flatMap((above, climbed) => {
    if (fromOutside && climbed === 0) return [];
    const rest = posix.relative(above, target);
    if (rest.startsWith('..')) return [];
    const climbs = depth + climbed;
    return [escapeRegex((climbs === 0 ? './' : '../'.repeat(climbs)) + rest)];
  });
}

// Slashes escaped: the same source goes into an esquery selector, where `/` would end the regex.
const anyOf = (sources) => `(?:${sources.join('|')})(?:\\/|$)`;
const folderOf = (entry) => (typeof entry === 'string' ? entry : entry.folder);
const nameOf = (entry) => (typeof entry === 'string' ? entry : `${entry.folder} (types only)`);

function messageOf(layer) {
  const name = layer.name ?? layer.folder;
  const rule = layer.mayNot
    ? `may import anything but ${layer.mayNot.join(', ')}`
    : layer.may.length
      ? `may import only its own folder and ${layer.may.map(nameOf).join(', ')}`
      : 'may import nothing of the project but its own folder';
  return `${name} ${rule} (ARCHITECTURE.md, "Layers").`;
}

/** What the layer's files `depth` folders below `folder` may not import, as `no-restricted-imports` patterns. */
function patternsAt(layer, folder, depth) {
  const message = messageOf(layer);
  if (layer.mayNot) {
    return [{ regex: `^${anyOf(layer.mayNot.flatMap((target) => spellings(folder, depth, target, false)))}`, message }];
  }
  const allowed = [folder, ...layer.may.map(folderOf)].flatMap((target) => spellings(folder, depth, target, true));
  // Out of its own folder (one `../` more than the file is deep in it), into none of the allowed ones.
  const outOfBounds = { regex: `^(?!${anyOf(allowed)})(?:\\.\\.\\/){${depth + 1}}`, message };
  const typesOnly = layer.may
    .filter((entry) => typeof entry !== 'string' && entry.typesOnly)
    .map((entry) => ({
      regex: `^${anyOf(spellings(folder, depth, entry.folder, true))}`,
      allowTypeImports: true,
      message,
    }));
  return [outOfBounds, ...typesOnly];
}

/**
 * The unsafeHTML ban is repeated because a later block's options for a rule replace an earlier
 * block's. `import()` is not an import declaration, so `no-restricted-syntax` holds dynamic
 * imports to the same patterns.
 */
function blockAt(layer, folder, depth, files) {
  const patterns = patternsAt(layer, folder, depth);
  return {
    name: `layers: ${files.join(', ')}`,
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: [UNSAFE_HTML], patterns }],
      'no-restricted-syntax': [
        'error',
        ...patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex}/]`, message })),
      ],
    },
  };
}

/** A layer's blocks: one per depth below its folder (the patterns depend on it), one per single file. */
function layerBlocks(layer) {
  const { folder } = layer;
  const depths = Array.from({ length: MAX_DEPTH + 1 }, (_, depth) =>
    blockAt(layer, folder, depth, [`${folder}/${'*/'.repeat(depth)}*.{js,ts}`]),
  );
  const files = (layer.files ?? []).map((file) => blockAt(layer, posix.dirname(file), 0, [file]));
  const tooDeep = {
    name: `layers: ${folder} below MAX_DEPTH`,
    files: [`${folder}/${'*/'.repeat(MAX_DEPTH + 1)}**/*.{js,ts}`],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'Too deep for the layer rules: raise MAX_DEPTH in eslint.config.js.' },
      ],
    },
  };
  return [...depths, ...files, tooDeep];
}

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
      'no-restricted-imports': ['error', { paths: [UNSAFE_HTML] }],
    },
  },
  // Which way each layer may import; `npm run lint` fails on an import that crosses a layer.
  ...LAYERS.flatMap(layerBlocks),
  {
    files: ['machines/**/*.ts'],
    rules: {
      // Machines are pure: effects come in through .provide().
      'no-restricted-globals': ['error', 'fetch', 'indexedDB', 'document', 'window', 'localStorage', 'navigator'],
    },
  },
);
