/**
 * The walks readJson makes of a request body: how deep it nests, counted
 * without recursion and stopping at the limit, and where the first U+0000
 * is, in document order. Both, like the request hash, must cope with any
 * nesting a body can carry, since they (or the hash) may meet it first.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_BODY_DEPTH, nestsDeeperThan, pathOfNul } from '../../src/server/body-walks';
import { canonicalJson, requestHash } from '../../src/server/idempotency';

/** `levels` arrays inside each other, the innermost holding `inner`. */
function nested(levels: number, inner?: unknown): unknown {
  let value: unknown = inner === undefined ? [] : [inner];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

describe('body depth', () => {
  test('the top-level value is level 1; the limit is the deepest level allowed', () => {
    assert.equal(nestsDeeperThan('text', 0), false);
    assert.equal(nestsDeeperThan({}, 1), false);
    assert.equal(nestsDeeperThan({ a: [] }, 1), true);
    assert.equal(nestsDeeperThan({ a: [{ b: 1 }] }, 3), false);
    assert.equal(nestsDeeperThan({ a: [{ b: 1 }] }, 2), true);
    assert.equal(nestsDeeperThan(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH), false);
    assert.equal(nestsDeeperThan(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH), true);
    assert.equal(nestsDeeperThan([1, [2, [3]], { deep: nested(10) }], 12), false);
    assert.equal(nestsDeeperThan([1, [2, [3]], { deep: nested(10) }], 11), true);
  });

  test('a body a million levels deep is measured without overflowing the stack', () => {
    assert.equal(nestsDeeperThan({ site: 'x', deep: nested(1_000_000) }, MAX_BODY_DEPTH), true);
  });
});

describe('the first U+0000', () => {
  test('is found in document order, a key before its value', () => {
    assert.equal(pathOfNul({ a: ['x', { b: 'y' }], c: 'clean' }), undefined);
    assert.deepEqual(pathOfNul({ a: ['x', { b: 'y\u0000' }], c: '\u0000' }), ['a', 1, 'b']);
    assert.deepEqual(pathOfNul({ 'k\u0000': 'v\u0000', z: 'n\u0000' }), ['k\u0000']);
    assert.deepEqual(pathOfNul(['ok', ['\u0000', 'later\u0000']]), [1, 0]);
    assert.deepEqual(pathOfNul('\u0000'), []);
  });

  test('a body a hundred thousand levels deep is searched without overflowing the stack', () => {
    const path = pathOfNul({ deep: nested(100_000, 'nul\u0000') });
    assert.equal(path?.length, 100_001);
    assert.equal(path?.[0], 'deep');
  });
});

describe('the request hash', () => {
  test('a value a hundred thousand levels deep is written and hashed without overflowing the stack', () => {
    const levels = 100_000;
    const deep = { b: nested(levels, { y: 1, x: 'end' }), a: true };
    const text = `{"a":true,"b":${'['.repeat(levels)}{"x":"end","y":1}${']'.repeat(levels)}}`;
    assert.equal(canonicalJson(deep), text);
    assert.match(requestHash('POST', '/v1/feedback', deep), /^[0-9a-f]{64}$/);
  });
});
