/**
 * A name as it is, whatever characters it carries. Bidirectional controls
 * (embeddings, overrides, isolates and the invisible direction marks) make
 * "invoice‮fdp.exe" display as "invoiceexe.pdf": a file, a person or a
 * reward can pose as something else. Each one is shown as U+FFFD, so the
 * reader sees where something was hidden and the rest keeps its true order;
 * templates also wrap names in <bdi>, so a right-to-left name does not
 * reorder the words around it.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function shownName(name: string): string {
  return name.replace(BIDI_CONTROLS, '\ufffd');
}
