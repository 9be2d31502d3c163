/**
 * Build-time fixes for two bugs of lit's that the staff queue runs into, each
 * fixed upstream in a pull request not yet released. Measured with bench
 * section i (scrolling through 10,000 rows of the queue at 1× CPU).
 *
 * 1. lit-html ≥ 3.3.1: `removePart()` removes a part's start marker but
 *    leaves its end marker, an empty comment, in the DOM (lit/lit#5298, fix
 *    lit/lit#5299). `repeat()` removes a part for every item that leaves, and
 *    the virtualiser renders its range with `repeat()`, so the list gained a
 *    comment per row scrolled past: 10,000+ after 10,000 rows, and the
 *    virtualiser's walk over its children (once per child per frame) made
 *    every step a long task (395 over 50 ms, the longest 628 ms). The fix
 *    removes the end marker too: parts given to removePart come from
 *    insertPart() or a list's first render, and both give each part two
 *    markers of its own.
 * 2. @lit-labs/virtualizer 2.1.1: its ResizeObserver is told to observe every
 *    child it renders and never to stop (lit/lit#5363). An observer holds its
 *    targets, so every row ever rendered stayed alive and was looked at on
 *    every frame: the pass took 29 s against 15 s with the fix. The fix
 *    remembers which children are observed and unobserves those that left.
 *
 * The exact text is replaced and the build fails if it is not found, so an
 * upgrade that changes it is looked at (and its fix dropped once released).
 */
import type { Plugin } from 'vite';

interface SourceFix {
  file: RegExp;
  from: string;
  to: string;
  issue: string;
}

const FIXES: SourceFix[] = [
  {
    file: /\/node_modules\/lit-html\/directive-helpers\.js$/,
    from: 'h=o=>{o._$AR(),o._$AA.remove()}',
    to: 'h=o=>{o._$AR(),o._$AA.remove(),o._$AB?.remove()}',
    issue: 'lit/lit#5298',
  },
  {
    file: /\/node_modules\/lit-html\/development\/directive-helpers\.js$/,
    from: 'part._$startNode.remove();',
    to: 'part._$startNode.remove();\n    part._$endNode?.remove();',
    issue: 'lit/lit#5298',
  },
  {
    file: /\/node_modules\/@lit-labs\/virtualizer\/Virtualizer\.js$/,
    from: `            // _childrenRO should be non-null if we're connected
            this._children.forEach((child) => this._childrenRO.observe(child));`,
    to: `            // _childrenRO should be non-null if we're connected
            const children = this._children;
            const observed = (this.__ucObserved ??= new Set());
            for (const child of observed)
                if (!children.includes(child)) {
                    this._childrenRO.unobserve(child);
                    observed.delete(child);
                }
            children.forEach((child) => {
                this._childrenRO.observe(child);
                observed.add(child);
            });`,
    issue: 'lit/lit#5363',
  },
];

export const litFixes: Plugin = {
  name: 'usercare:lit-fixes',
  enforce: 'pre',
  transform(code, id) {
    const fix = FIXES.find((f) => f.file.test(id.split('?')[0]!));
    if (!fix) return undefined;
    if (!code.includes(fix.from))
      this.error(
        `${id}: not the text scripts/vite-lit-fixes.ts patches; see whether ${fix.issue} is fixed in this release and drop its fix`,
      );
    return { code: code.replace(fix.from, fix.to), map: null };
  },
};
