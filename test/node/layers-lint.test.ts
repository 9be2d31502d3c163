/**
 * The layer rules in eslint.config.js (ARCHITECTURE.md, "Layers"), run
 * through ESLint's Node API with the project's own config on source text
 * that claims to live inside a layer: an import that crosses a layer is
 * reported by the rule named, with the layer's message, and one the layer
 * allows is not. The rules read an import's text, and the same text names
 * different folders from different depths, so both sides are tried from
 * more than one depth.
 */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const LAYER_RULES = ['no-restricted-imports', 'no-restricted-syntax'];

/** What the layer rules say about `source` as the file `file` of the project. */
async function layerProblems(file: string, source: string): Promise<Array<{ rule: string; message: string }>> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  assert.ok(result, `ESLint linted ${file}`);
  return result.messages
    .filter((m) => m.ruleId !== null && LAYER_RULES.includes(m.ruleId))
    .map((m) => ({ rule: m.ruleId!, message: m.message }));
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;
const importingTypes = (specifier: string) => `import type { X } from '${specifier}';\nexport type Y = X;\n`;
const loading = (specifier: string) => `export const load = () => import('${specifier}');\n`;

interface Crossing {
  file: string;
  source: string;
  rule: 'no-restricted-imports' | 'no-restricted-syntax';
  /** the start of the layer's message */
  says: string;
}

const CROSSINGS: Crossing[] = [
  {
    file: 'src/contract/fixture.ts',
    source: importing('../../machines/complaint.types'),
    rule: 'no-restricted-imports',
    says: 'src/contract may import nothing of the project but its own folder',
  },
  {
    file: 'src/contract/fixture.ts',
    source: importing('../config/schema'),
    rule: 'no-restricted-imports',
    says: 'src/contract may import nothing of the project but its own folder',
  },
  {
    file: 'src/config/fixture.ts',
    source: importing('../../machines/feedback-form.machine'),
    rule: 'no-restricted-imports',
    says: 'src/config may import only its own folder and src/contract',
  },
  {
    file: 'src/i18n/tracker/fixture.ts',
    source: importing('../../config/schema'),
    rule: 'no-restricted-imports',
    says: 'src/i18n may import only its own folder and src/contract',
  },
  {
    file: 'machines/fixture.machine.ts',
    source: importing('../src/storage/records'),
    rule: 'no-restricted-imports',
    says: 'machines may import only its own folder and src/contract, src/config, src/consent',
  },
  {
    file: 'src/storage/fixture.ts',
    source: importing('../../machines/feedback-form.machine'),
    rule: 'no-restricted-imports',
    says: 'src/storage may import only its own folder and src/contract, machines (types only)',
  },
  {
    file: 'src/client/fixture.ts',
    source: importing('../../components/shared/events'),
    rule: 'no-restricted-imports',
    says: 'src/client may import only its own folder and',
  },
  {
    file: 'src/client/fixture.ts',
    source: importing('../elements/page-setup'),
    rule: 'no-restricted-imports',
    says: 'src/client may import only its own folder and',
  },
  {
    file: 'src/client/fixture.ts',
    source: loading('../../components/uc-feedback-form/uc-feedback-form'),
    rule: 'no-restricted-syntax',
    says: 'src/client may import only its own folder and',
  },
  {
    file: 'components/uc-feedback-form/fixture.ts',
    source: importing('../../src/server/app'),
    rule: 'no-restricted-imports',
    says: 'components may import only its own folder and',
  },
  {
    file: 'src/server/routes/fixture.ts',
    source: importing('../../client/ids'),
    rule: 'no-restricted-imports',
    says: 'src/server may import only its own folder and src/contract, src/config, src/sla, machines',
  },
  {
    file: 'src/server/fixture.ts',
    source: importing('../storage/records'),
    rule: 'no-restricted-imports',
    says: 'src/server may import only its own folder and',
  },
  {
    file: 'stories/fixture.stories.ts',
    source: importing('../src/server/demo/consent'),
    rule: 'no-restricted-imports',
    says: 'stories may import anything but src/server',
  },
  {
    file: 'stories/support/fixture.ts',
    source: importing('../../src/server/demo/consent'),
    rule: 'no-restricted-imports',
    says: 'stories may import anything but src/server',
  },
  {
    file: 'src/elements/fixture.ts',
    source: importing('../server/app'),
    rule: 'no-restricted-imports',
    says: 'the entries (src/elements, src/loader.ts, src/admin-loader.ts, src/index.ts) may import anything but src/server',
  },
  {
    file: 'src/loader.ts',
    source: importing('./server/app'),
    rule: 'no-restricted-imports',
    says: 'the entries (src/elements, src/loader.ts, src/admin-loader.ts, src/index.ts) may import anything but src/server',
  },
];

const ALLOWED: Array<{ file: string; source: string }> = [
  { file: 'src/contract/fixture.ts', source: importing('./common') },
  { file: 'src/contract/fixture.ts', source: importing('zod/mini') },
  { file: 'src/config/fixture.ts', source: importing('../contract/common') },
  { file: 'src/i18n/tracker/fixture.ts', source: importing('../index') },
  { file: 'src/i18n/tracker/fixture.ts', source: importing('../../contract/common') },
  { file: 'machines/fixture.machine.ts', source: importing('../src/config/validate-values') },
  { file: 'machines/fixture.machine.ts', source: importing('../src/consent/decision') },
  { file: 'src/storage/fixture.ts', source: importingTypes('../../machines/feedback-form.types') },
  { file: 'src/client/fixture.ts', source: importing('../storage/records') },
  { file: 'src/client/fixture.ts', source: loading('./local-backend') },
  { file: 'components/uc-feedback-form/fixture.ts', source: importing('../../src/client/site-runtime') },
  // From here `../server` is src/server/server.ts, the server's own.
  { file: 'src/server/routes/fixture.ts', source: importing('../server') },
  { file: 'src/server/routes/fixture.ts', source: importing('../../../machines/complaint.machine') },
  { file: 'stories/support/fixture.ts', source: importing('../../src/client/ids') },
  { file: 'src/elements/fixture.ts', source: importing('../../components/uc-provider/uc-provider') },
  { file: 'src/loader.ts', source: importing('./client/usercare-global') },
];

describe('the layer rules', () => {
  for (const crossing of CROSSINGS) {
    it(`refuses ${crossing.file} → ${/['](.*)[']/.exec(crossing.source)?.[1]}`, async () => {
      const problems = await layerProblems(crossing.file, crossing.source);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.rule, crossing.rule);
      assert.ok(problems[0]!.message.includes(crossing.says), problems[0]!.message);
    });
  }

  for (const allowed of ALLOWED) {
    it(`allows ${allowed.file} → ${/['](.*)[']/.exec(allowed.source)?.[1]}`, async () => {
      assert.deepEqual(await layerProblems(allowed.file, allowed.source), []);
    });
  }

  it('still refuses unsafeHTML inside a layer, whose block replaces the rule options', async () => {
    const problems = await layerProblems(
      'components/uc-feedback-form/fixture.ts',
      importing('lit/directives/unsafe-html.js'),
    );
    assert.deepEqual(
      problems.map((p) => p.rule),
      ['no-restricted-imports'],
    );
    assert.ok(problems[0]!.message.includes('No unsafeHTML'), problems[0]!.message);
  });
});
