/**
 * The banner checks the consent config with a hand-written check (zod would
 * cost it a third of its budget). It must accept exactly what the contract's
 * schema accepts: every fixture here, valid or broken, gets the same verdict
 * from both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsentConfig } from '../../src/contract/consent';
import { checkConsentConfig } from '../../src/consent/check-config';

const VALID: ConsentConfig = {
  site: 'shop',
  revision: '0123456789abcdef',
  categories: [
    {
      id: 'analytics',
      label: { 'zh-CN': '统计分析', en: 'Analytics' },
      description: 'How the site is used',
      version: '2026-11',
      cookies: ['_ga', '_ga_*'],
      services: [
        { id: 'stats', name: 'Site stats', purpose: { en: 'Counting visits' }, provider: 'Us', cookies: ['uc_stats'] },
      ],
    },
    { id: 'marketing', label: 'Marketing', description: 'Ads', version: '1' },
  ],
  separate: [
    { id: 'share-logistics', kind: 'third_party', recipient: 'SF Express', purpose: 'Delivery', version: 'v1.2' },
  ],
  documents: [{ id: 'privacy', title: 'Privacy policy', url: '/privacy.html', version: '3' }],
  expiryDays: 365,
  guardianAge: 14,
  messages: { en: { title: 'Cookies here', acceptAll: 'Yes to all' }, 'zh-CN': { title: '本站的 Cookie' } },
};

const WRONG_VALUES: unknown[] = [
  undefined,
  null,
  0,
  1.5,
  -1,
  400,
  '',
  ' ',
  'x y',
  'A',
  'javascript:alert(1)',
  '//evil.example',
  [],
  [1],
  {},
  { en: '' },
  { fr: 'x' },
  true,
];

/** Every path to a value in `value`, objects and arrays alike. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(
  root: unknown,
  path: (string | number)[],
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

function mutants(): unknown[] {
  const out: unknown[] = [VALID, null, [], 'config', { ...VALID, extra: 1 }];
  for (const path of paths(VALID).filter((p) => p.length > 0)) {
    out.push(
      setAt(
        VALID,
        path,
        (parent, key) => void (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]),
      ),
    );
    for (const wrong of WRONG_VALUES)
      out.push(setAt(VALID, path, (parent, key) => void (parent[key] = structuredClone(wrong))));
    out.push(
      setAt(
        VALID,
        path,
        (parent, key) =>
          void (
            typeof parent[key] === 'object' &&
            parent[key] !== null &&
            !Array.isArray(parent[key]) &&
            ((parent[key] as Record<string, unknown>).unexpected = 'x')
          ),
      ),
    );
  }
  return out;
}

describe('consent config check (browser) against the contract (zod)', () => {
  it('accepts a full valid config and returns it', () => {
    assert.equal(checkConsentConfig(VALID), VALID);
  });

  it('gives the same verdict as the schema on every mutant of a valid config', () => {
    const all = mutants();
    let accepted = 0;
    for (const candidate of all) {
      const schema = ConsentConfig.safeParse(candidate).success;
      const check = checkConsentConfig(candidate) !== undefined;
      assert.equal(check, schema, `disagree on ${JSON.stringify(candidate)}`);
      if (check) accepted++;
    }
    // Both sides of the verdict are exercised: some mutants are still valid (a label made a plain string), most are not.
    assert.ok(all.length > 500, `only ${all.length} fixtures`);
    assert.ok(accepted > 5 && accepted < all.length / 2, `${accepted} of ${all.length} accepted`);
  });

  it('refuses a link that is not http(s) or a site path', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', '//evil.example/x', 'privacy.html'])
      assert.equal(checkConsentConfig({ ...VALID, documents: [{ ...VALID.documents[0]!, url }] }), undefined, url);
  });
});
