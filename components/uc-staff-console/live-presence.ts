/**
 * Who else is on a queue row's complaint, kept current by itself:
 * `${livePresence(presence, t, id)}` renders the colleagues' words and
 * redraws only its own text when the runtime's presence changes, so the
 * virtualised queue is never laid out again for it (as live-deadline.ts does
 * for countdowns). A row that leaves the screen stops listening.
 */
import { nothing, noChange } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import type { StaffPresence } from '../../src/client/staff/staff-presence';
import type { StaffT } from '../shared/staff-element';
import { presenceWords } from './presence-words';

type Args = [presence: StaffPresence | undefined, t: StaffT, complaintId: string];

class LivePresence extends AsyncDirective {
  private args: Args | undefined;
  private shown = '';
  private stop: (() => void) | undefined;

  render(presence: StaffPresence | undefined, t: StaffT, complaintId: string): string | typeof nothing {
    const words = presence ? presenceWords(t, presence.on(complaintId)).join(' · ') : '';
    this.shown = words;
    return words || nothing;
  }

  override update(_part: unknown, args: Args): string | typeof nothing | typeof noChange {
    if (this.args?.[0] !== args[0]) this.listen(args[0]);
    this.args = args;
    return this.render(...args);
  }

  private listen(presence: StaffPresence | undefined): void {
    this.stop?.();
    this.stop = this.isConnected ? presence?.subscribe(() => this.redraw()) : undefined;
  }

  private redraw(): void {
    if (!this.args) return;
    const [presence, t, id] = this.args;
    const words = presence ? presenceWords(t, presence.on(id)).join(' · ') : '';
    if (words === this.shown) return;
    this.shown = words;
    this.setValue(words || nothing);
  }

  protected override disconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }

  protected override reconnected(): void {
    this.listen(this.args?.[0]);
    this.redraw();
  }
}

export const livePresence = directive(LivePresence);
