/**
 * Colleagues on a complaint in words ("Wang Fang is viewing", "Li Lei is
 * typing a reply"), the same in the queue's row and the complaint's view.
 * Names are the colleagues' own, rendered as text.
 */
import type { Present } from '../../src/client/staff/staff-presence';
import { shownName } from '../shared/shown-name';
import type { StaffT } from '../shared/staff-element';

export function presenceWords(t: StaffT, present: readonly Present[]): string[] {
  return present.map((p) =>
    t(p.state === 'typing' ? 'presence.typing' : 'presence.viewing', { name: shownName(p.name) }),
  );
}
