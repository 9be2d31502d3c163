/**
 * Attachments arrive base64-encoded inside the JSON submission. The server
 * decodes them, checks the declared size, the total, and that the bytes are
 * what the declared type says: a browser's File.type comes from the file name,
 * and the server never trusts the client.
 */
import type { AttachmentUpload } from '../contract/feedback';
import { WIRE_LIMITS } from '../contract/feedback';
import { ApiError, validationFailed } from './errors';

export interface DecodedAttachment {
  field: string;
  name: string;
  type: string;
  size: number;
  bytes: Uint8Array;
}

export function decodeAttachments(uploads: readonly AttachmentUpload[]): DecodedAttachment[] {
  const out: DecodedAttachment[] = [];
  let total = 0;
  uploads.forEach((upload, i) => {
    const bytes = Buffer.from(upload.data, 'base64');
    if (bytes.length !== upload.size) {
      throw validationFailed(
        [
          {
            path: `attachments[${i}].size`,
            code: 'size_mismatch',
            message: `${upload.name}: size says ${upload.size} bytes, data has ${bytes.length}`,
          },
        ],
        'an attachment is not the size it declares',
      );
    }
    total += bytes.length;
    out.push({ field: upload.field, name: upload.name, type: upload.type, size: bytes.length, bytes });
  });
  if (total > WIRE_LIMITS.totalAttachmentBytes) {
    throw new ApiError(
      413,
      'payload_too_large',
      `attachments total ${total} bytes; at most ${WIRE_LIMITS.totalAttachmentBytes} are accepted`,
      {
        limit: WIRE_LIMITS.totalAttachmentBytes,
      },
    );
  }
  return out;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((ch) => ch.charCodeAt(0));

/** The media type the bytes really are, by their magic numbers; undefined when none of the accepted ones. */
export function sniffType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

/** 415 when an attachment's bytes are not of its declared type. */
export function checkContentTypes(attachments: readonly DecodedAttachment[]): void {
  const wrong = attachments
    .map((a, i) => ({ a, i, actual: sniffType(a.bytes) }))
    .filter(({ a, actual }) => actual !== a.type);
  if (wrong.length === 0) return;
  throw new ApiError(
    415,
    'unsupported_media_type',
    wrong
      .map(({ a, actual }) => `${a.name} is declared ${a.type} but its content is ${actual ?? 'not an accepted type'}`)
      .join('; '),
    {
      fields: wrong.map(({ a, i, actual }) => ({
        path: `attachments[${i}].type`,
        code: 'content_mismatch',
        message: `${a.name}: content is ${actual ?? 'not an accepted type'}`,
      })),
    },
  );
}
