/**
 * The back-office loader: a classic script for the host's back office (its
 * own tag, apart from the shop's), so end-user pages never carry operator
 * code, tags or chunks.
 *
 * - adds `usercare.identifyStaff()` and `usercare.signOutStaff()` to the page at once; calls made before the
 *   staff runtime loads are queued;
 * - watches the DOM and, on the first operator tag of each kind (`<uc-staff-console>`), imports its chunk.
 */
import { OPERATOR_TAGS } from './elements/operator/registry';
import type { UsercareStaffGlobal } from './client/staff/staff-global';
import type { QueuedCall, UsercareGlobal } from './client/usercare-global';

/** Filled in by scripts/build.ts: each operator element's shared chunks, by tag, as the `<name>` of each `chunks/<name>.js`. */
declare const __UC_OPERATOR_CHUNK_DEPS__: Record<string, string[]>;

type StaffPage = Partial<UsercareGlobal> & Partial<UsercareStaffGlobal>;

((w: Window, d: Document) => {
  const existing = w.usercare as StaffPage | undefined;
  if (existing?.staffQ) return;
  const script = d.currentScript as HTMLScriptElement | null;
  const base = new URL('.', script?.src || location.href).href;
  const staffQ: QueuedCall[] = [];
  const staff: UsercareStaffGlobal = {
    staffQ,
    staffBase: base,
    staffDataset: { ...script?.dataset },
    identifyStaff: (...args) => void staffQ.push(['identifyStaff', args]),
    signOutStaff: () => void staffQ.push(['signOutStaff', []]),
  };
  // The shop's loader, if the page has it too, may come later and set window.usercare anew: staff sign-in stays on it.
  let current = Object.assign(existing ?? {}, staff) as StaffPage;
  Object.defineProperty(w, 'usercare', {
    configurable: true,
    get: () => current,
    set: (next: StaffPage) => {
      current = Object.assign(next, {
        staffQ: current.staffQ,
        staffBase: current.staffBase,
        staffDataset: current.staffDataset,
        identifyStaff: current.identifyStaff,
        signOutStaff: current.signOutStaff,
      });
    },
  });

  /** An operator element's chunk, its shared chunks first, each evaluated in a task of its own. */
  const load = (tag: string) => {
    const files = [...(__UC_OPERATOR_CHUNK_DEPS__[tag] ?? []).map((name) => `chunks/${name}.js`), `${tag}.js`];
    for (const f of files) {
      const link = d.createElement('link');
      link.rel = 'modulepreload';
      link.href = `${base}operator/${f}`;
      d.head.append(link);
    }
    files
      .reduce<Promise<unknown>>(
        (previous, f) =>
          previous
            .then(() => new Promise((next) => setTimeout(next)))
            .then(() => import(/* @vite-ignore */ `${base}operator/${f}`)),
        Promise.resolve(),
      )
      .catch((error: unknown) => console.error(`usercare: could not load <${tag}>`, error));
  };

  const pending = new Set<string>(OPERATOR_TAGS);
  const scan = () => {
    for (const tag of pending) {
      if (!d.getElementsByTagName(tag).length) continue;
      pending.delete(tag);
      load(tag);
    }
    if (!pending.size) observer.disconnect();
  };
  const observer = new MutationObserver(scan);
  observer.observe(d.documentElement, { childList: true, subtree: true });
  scan();
})(window, document);
