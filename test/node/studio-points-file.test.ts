/**
 * How the studio reads a file of coupon codes before sending any (the
 * browser's code, run here without one): which lines are codes, which are
 * left out and why, by the line numbers an editor shows; and how the
 * server's answer names lines again. The rules a code must meet are the
 * contract's, the very ones the server applies (server-points-codes.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linesAnswered, readCodes } from '../../components/uc-studio/codes-file';

const codes = (text: string) => readCodes(text).codes.map((c) => `${c.line}:${c.code}`);
const problems = (text: string) =>
  readCodes(text).problems.map((p) => `${p.line}:${p.kind}${'of' in p ? `:${p.of}` : ''}`);

describe('a file of codes', () => {
  test('one code a line, whatever the line breaks; a first line naming the column is a header', () => {
    assert.deepEqual(codes('A1\nA2\r\nA3\rA4\n'), ['1:A1', '2:A2', '3:A3', '4:A4']);
    const read = readCodes('\uFEFFcode\r\nA1\r\nA2\r\n');
    assert.deepEqual(
      codes('\uFEFFcode\r\nA1\r\nA2\r\n'),
      ['2:A1', '3:A2'],
      'a BOM and a header, numbered as an editor does',
    );
    assert.deepEqual([read.header, read.lines], [1, 2]);
    assert.deepEqual(codes('券码\nB1'), ['2:B1']);
    assert.deepEqual(codes('A1\ncode'), ['1:A1', '2:code'], 'only the first line can be a header');
  });

  test('quotes as CSV writes them, spaces at the ends dropped, empty columns after the code ignored', () => {
    assert.deepEqual(codes('"A,1"\n  B2  \n"C""3"\nD4,,\n "E5" ,'), ['1:A,1', '2:B2', '3:C"3', '4:D4', '5:E5']);
  });

  test('every line left out is named with why; a repeat names the line it repeats', () => {
    const text = ['GOOD', '', 'A,B', '"open', `${'x'.repeat(201)}`, 'TAB\there', 'GOOD', '"GOOD"', 'LAST'].join('\n');
    assert.deepEqual(codes(text), ['1:GOOD', '9:LAST']);
    assert.deepEqual(problems(text), [
      '2:empty',
      '3:columns',
      '4:quote',
      '5:long',
      '6:character',
      '7:repeat:1',
      '8:repeat:1',
    ]);
    assert.equal(readCodes(text).lines, 9);
  });

  test('nothing at all is no line; more codes than one upload takes may not be sent', () => {
    assert.deepEqual(readCodes(''), { codes: [], problems: [], lines: 0, header: undefined, tooMany: false });
    const many = Array.from({ length: 10_001 }, (_, i) => `C${i}`).join('\n');
    assert.equal(readCodes(many).tooMany, true);
    assert.equal(readCodes(many.split('\n').slice(1).join('\n')).tooMany, false);
  });

  test('the server’s answer names lines by the position each code was sent at', () => {
    const sent = readCodes('code\nA\nB\n\nC').codes;
    assert.deepEqual(linesAnswered(sent, [2]), [{ line: 5, kind: 'inPool' }]);
    assert.deepEqual(
      linesAnswered(sent, [], [{ path: 'codes[1]', message: 'must not start or end with white space' }]),
      [{ line: 3, kind: 'refused', message: 'must not start or end with white space' }],
    );
  });
});
