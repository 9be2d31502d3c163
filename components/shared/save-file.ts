import { shownName } from './shown-name';

/**
 * Hands the browser a file to save, never to show: the bytes came through
 * fetch (the server wants a token or a device id in a header, which a plain
 * link cannot send), and its name is cleaned as names are shown.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = shownName(name);
  link.click();
  // The download has started by then; the URL would otherwise hold the bytes for the page's life.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
