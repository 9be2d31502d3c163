/**
 * The request hash that idempotency rows store. Its formula must never
 * change: a retry that crosses an upgrade is compared with the hash the
 * older server stored, and any other formula would refuse it as a
 * mismatch. The values below were computed by the server as it was before
 * its body walks were rewritten without recursion; they hold every later
 * version to the same bytes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson, requestHash } from '../../src/server/idempotency';

const LONG = 'QUJD'.repeat(600);

const PINNED: Array<{ name: string; path: string; body: unknown; hash: string }> = [
  {
    name: 'a submission',
    path: '/v1/feedback',
    body: {
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'publishing',
      locale: 'zh-CN',
      fields: { message: '页面加载很慢，已经三天了', email: 'user@example.com' },
      attachments: [],
      clientSubmittedAt: '2001-01-01T00:00:00.000Z',
    },
    hash: '5827403f98e5a5189fb5f5e294d394c7abf72f20a6efc18c1126003b45ba7f8b',
  },
  {
    name: 'a penalty',
    path: '/v1/staff/points/penalties',
    body: { site: 'test', user: 'user-1', points: 20, reason: 'Spam', note: null },
    hash: 'a2c7aa87b8ffdd2af2cc8aa2d3ee84a23fa5bcf97ff67ab5a5553fbe698dd86c',
  },
  {
    name: 'nesting, key order, escapes and odd numbers',
    path: '/v1/consents',
    body: {
      z: [[], {}, [[[{ b: 1, a: [true, false, null] }]]]],
      '\u00e9': 'e\u0301',
      Z: '"quoted" \\ back\n\t\u0007',
      '😀': -0.5,
      a: 1e21,
      b: -0,
      // A number past 2^53, as JSON.parse reads it (its digits past the 17th are lost).
      c: 12345678901234567000,
      '': '',
      ' ': 'lone \ud800 surrogate',
    },
    hash: '31cf44c1179599619921fb9c2166477cec6156e12beb39f6be4ee00706df3b2a',
  },
  {
    name: 'long strings with and without escapes, over 16 KiB',
    path: '/v1/complaints/abc/messages',
    body: {
      text: 'x'.repeat(20000),
      data: LONG,
      escaped: `${LONG}"${LONG}`,
      list: Array.from({ length: 50 }, (_, i) => ({ i, s: LONG.slice(0, i * 37) })),
    },
    hash: '194ffc7e2e9e6f60111f7468429c9dd107b6db728fcc4db8dd13ec2ff843c8bb',
  },
];

describe('the request hash stays what stored rows hold', () => {
  for (const { name, path, body, hash } of PINNED) {
    test(`${name}: ${hash.slice(0, 12)}…`, () => {
      assert.equal(requestHash('POST', path, body), hash);
    });
  }

  test('the canonical text: keys by UTF-16 code unit, undefined dropped, numbers and escapes as JSON.stringify writes them', () => {
    assert.equal(
      canonicalJson(PINNED[2]!.body),
      '{"":""," ":"lone \\ud800 surrogate","Z":"\\"quoted\\" \\\\ back\\n\\t\\u0007","a":1e+21,"b":0,' +
        '"c":12345678901234567000,"z":[[],{},[[[{"a":[true,false,null],"b":1}]]]],"\u00e9":"e\u0301","😀":-0.5}',
    );
    assert.equal(canonicalJson({ b: undefined, a: [undefined, null] }), '{"a":[null,null]}');
    assert.equal(canonicalJson('top'), '"top"');
    assert.equal(canonicalJson(null), 'null');
  });
});
