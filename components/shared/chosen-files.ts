import { randomId } from '../../src/client/ids';
import { ATTACHMENT_TYPES, WIRE_LIMITS } from '../../src/contract/limits';
import type { DraftFile } from '../../src/storage/records';
import { shownName } from './shown-name';

/** Why a chosen file was not taken, for the element to say in its own words. */
export type FileRefusal =
  | { reason: 'type'; name: string }
  | { reason: 'size'; name: string; maxBytes: number }
  | { reason: 'count'; max: number };

/**
 * Files chosen for a message, checked against the server's types and limits
 * here so the user hears at once: the ones kept (after those already chosen,
 * up to the count the server takes) and why the others were not.
 */
export function addChosenFiles(
  already: readonly DraftFile[],
  chosen: readonly File[],
  field: string,
): { files: DraftFile[]; refused: FileRefusal[] } {
  const accepted: DraftFile[] = [];
  const refused: FileRefusal[] = [];
  for (const file of chosen) {
    const name = shownName(file.name);
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) refused.push({ reason: 'type', name });
    else if (file.size > WIRE_LIMITS.attachmentBytes)
      refused.push({ reason: 'size', name, maxBytes: WIRE_LIMITS.attachmentBytes });
    else accepted.push({ id: randomId(), field, name: file.name, type: file.type, size: file.size, blob: file });
  }
  const all = [...already, ...accepted];
  if (all.length > WIRE_LIMITS.attachments) refused.push({ reason: 'count', max: WIRE_LIMITS.attachments });
  return { files: all.slice(0, WIRE_LIMITS.attachments), refused };
}
