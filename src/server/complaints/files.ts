/**
 * Files of a complaint: those sent with a message (stored with the message's
 * event, in the same transaction) and the download of any of its files,
 * by its owner or by staff. Bytes go through the BlobStore like a
 * submission's attachments, and are served back only as downloads of their
 * checked type, never rendered by the browser in our origin's context.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { decodeAttachments, checkContentTypes, type DecodedAttachment } from '../attachments';
import type { AttachmentUpload } from '../../contract/feedback';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import type { SubmissionRow } from '../db/schema';
import { notFound } from '../errors';

/** Decodes and checks (size, total, magic bytes) before any transaction starts: a bad file changes nothing. */
export function checkMessageFiles(uploads: readonly AttachmentUpload[] | undefined): DecodedAttachment[] {
  if (!uploads?.length) return [];
  const decoded = decodeAttachments(uploads);
  checkContentTypes(decoded);
  return decoded;
}

export async function storeMessageFiles(
  tx: DbExecutor,
  deps: AppDeps,
  row: SubmissionRow,
  eventId: number,
  files: readonly DecodedAttachment[],
) {
  const stored: { id: string; name: string; type: string; size: number }[] = [];
  for (const file of files) {
    const id = randomUUID();
    const blobKey = `attachments/${row.id}/${id}`;
    await deps.blobs.put(blobKey, file.bytes, tx);
    await tx
      .insertInto('attachments')
      .values({
        id,
        submission_id: row.id,
        field: file.field,
        name: file.name,
        type: file.type,
        size: file.size,
        blob_key: blobKey,
        event_id: eventId,
      })
      .execute();
    stored.push({ id, name: file.name, type: file.type, size: file.size });
  }
  return stored;
}

/** The bytes of one file of `row`, as a download; a file of another complaint is the same 404 as none. */
export async function sendFile(c: Context, deps: AppDeps, row: SubmissionRow, attachmentId: string): Promise<Response> {
  const file = await deps.db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('submission_id', '=', row.id)
    .executeTakeFirst();
  const bytes = file && (await deps.blobs.get(file.blob_key));
  if (!file || !bytes) throw notFound('no such file in this complaint');
  // A copy into a plain ArrayBuffer: what the Response constructor is typed to take.
  return new Response(new Uint8Array(bytes).buffer, {
    headers: {
      'Content-Type': file.type,
      'Content-Length': String(bytes.byteLength),
      // Always a download, never rendered in our origin (a PDF or image from a user is still a user's file).
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
}
