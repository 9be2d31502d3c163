/**
 * Which types a published field may change to. Answers are kept alike
 * within a group, so what was sent under one type still reads as an answer
 * of the other: free text, and one option's value. A published field's type
 * changes only within its group (or not at all): an answer already sent, or
 * waiting in a visitor's outbox, stays an answer of it. To ask another way,
 * the field is retired and a new one added. The studio offers only these
 * types, and the server refuses to publish any other
 * (src/server/sites/check.ts).
 */
import { FIELD_TYPES, type FieldType } from './schema';

const ALIKE: ReadonlyArray<readonly FieldType[]> = [
  ['text', 'textarea'],
  ['select', 'radio'],
];

/** The types a field may take: any while no published version has it (`published` undefined); else those alike to its published type. */
export function typesFor(published: { type: FieldType } | undefined): readonly FieldType[] {
  if (!published) return FIELD_TYPES;
  return ALIKE.find((group) => group.includes(published.type)) ?? [published.type];
}
