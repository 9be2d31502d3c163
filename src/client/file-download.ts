import { BackendError } from './errors';

/**
 * A file the server sends as an attachment (a complaint's screenshot, an
 * export), fetched with the caller's headers: a plain link cannot send a
 * token or a device id. The bytes come back as a Blob to save, never to
 * render.
 */
export async function fetchFile(url: string, headers: Record<string, string>): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url, { headers, credentials: 'omit' });
  } catch (error) {
    throw new BackendError('network', String(error));
  }
  if (!response.ok)
    throw new BackendError(
      response.status === 404
        ? 'not_found'
        : response.status === 401
          ? 'unauthorized'
          : response.status === 403
            ? 'forbidden'
            : 'bad_response',
      `the file could not be fetched (${response.status})`,
      response.status,
    );
  return response.blob();
}
