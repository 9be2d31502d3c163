/**
 * Files on the wire: a file kept on the device (a Blob in the outbox item)
 * travels as base64 inside the JSON request. Loaded only by the outbox's
 * handlers that send files, when they send.
 */
import type { FeedbackSubmission } from '../contract/feedback';
import type { DraftFile } from '../storage/records';

/** base64 of a Blob, in slices so a multi-megabyte file does not overflow the argument list of String.fromCharCode. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  return btoa(binary);
}

/** A file kept on the device, as it travels. */
export async function toAttachment(file: DraftFile): Promise<FeedbackSubmission['attachments'][number]> {
  return {
    field: file.field,
    name: file.name,
    type: file.type as never,
    size: file.size,
    data: await blobToBase64(file.blob),
  };
}
