/**
 * The script-tag entry: a classic script, first in <head>. It must stay tiny
 * (budget: 3 KB gzip) because every page pays for it.
 *
 * - installs `window.usercare` at once; calls made before the runtime loads are queued;
 * - with `data-consent` on its tag, runs the consent stub (src/consent/stub.ts) before any other script of the page;
 * - watches the DOM and, on the first <uc-…> of each kind, imports that element's chunk.
 */
import { ELEMENT_TAGS } from './elements/registry';
import { consentStub } from './consent/stub';
import type { QueuedCall, UsercareGlobal } from './client/usercare-global';

/** Filled in by scripts/build.ts: each element's shared chunks, by tag, as the `<name>` of each `chunks/<name>.js`. */
declare const __UC_CHUNK_DEPS__: Record<string, string[]>;

((w: Window, d: Document) => {
  if (w.usercare?.loader) return;
  const script = d.currentScript as HTMLScriptElement | null;
  const base = new URL('.', script?.src || location.href).href;
  const dataset = { ...script?.dataset };
  const q: QueuedCall[] = [];
  const queue =
    (method: string) =>
    (...args: unknown[]) =>
      void q.push([method, args]);
  let markReady!: () => void;
  const global: UsercareGlobal = {
    loader: 1,
    q,
    base,
    dataset,
    identify: queue('identify'),
    forget: queue('forget'),
    configure: queue('configure'),
    ready: new Promise<void>((resolve) => (markReady = resolve)),
    markReady: () => markReady(),
  };
  w.usercare = global;

  /**
   * Loads an element's chunk: the entry and its shared chunks are fetched at once (modulepreload), then evaluated
   * one by one, the chunks they need first, each in a task of its own: no long task on a slow phone.
   * Integrity comes from the page's import map (the snippet's `"integrity"` section), not from attributes set
   * here: the map covers every fetch of a chunk, a modulepreload without its own `integrity` included, and also
   * the chunks loaded later by import() (catalogs, the outbox), which no link of the loader names; the hashes
   * stay out of the loader's bytes. The page's CSP nonce, if its tag has one, goes on what it inserts.
   */
  const load = (tag: string) => {
    const files = [...(__UC_CHUNK_DEPS__[tag] ?? []).map((name) => `chunks/${name}.js`), `${tag}.js`];
    for (const f of files) {
      const link = d.createElement('link');
      link.rel = 'modulepreload';
      link.href = base + f;
      if (script?.nonce) link.nonce = script.nonce;
      d.head.append(link);
    }
    files
      .reduce<Promise<unknown>>(
        (previous, f) =>
          previous.then(() => new Promise((next) => setTimeout(next))).then(() => import(/* @vite-ignore */ base + f)),
        Promise.resolve(),
      )
      .catch((error: unknown) => console.error(`usercare: could not load <${tag}>`, error));
  };

  // Consent first: Consent Mode defaults and the gated elements before any other script of the page runs.
  const gate =
    dataset.consent != null
      ? consentStub(w, d, dataset.site ?? '', dataset.endpoint, script?.nonce ?? '', load)
      : undefined;

  const pending = new Set<string>(ELEMENT_TAGS);
  const scan = () => {
    for (const tag of pending) {
      if (!d.getElementsByTagName(tag).length) continue;
      pending.delete(tag);
      load(tag);
    }
    if (!pending.size && !gate) observer.disconnect();
  };
  // getElementsByTagName is live and cheap; one scan per mutation batch, not per node.
  // The consent stub looks only at what was added.
  const observer = new MutationObserver((records) => {
    if (gate)
      for (const record of records)
        for (const node of record.addedNodes) if (node.nodeType === 1) gate(node as Element);
    scan();
  });
  observer.observe(d.documentElement, { childList: true, subtree: true });
  scan();
})(window, document);
