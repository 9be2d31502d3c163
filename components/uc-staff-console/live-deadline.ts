/**
 * A deadline that counts down by itself: `${liveDeadline(t, deadline, dueSoon)}`
 * renders as renderDeadline() does and then redraws only its own text once a
 * second, from one timer shared by every deadline on screen. A list that
 * re-rendered itself each second to move its countdowns made the virtualised
 * queue lay out every row again each time (over 100 ms with 10,000 rows
 * loaded); a deadline that leaves the screen stops its updates.
 */
import { noChange, type TemplateResult } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import type { Deadline } from '../../src/contract/complaints';
import type { StaffT } from '../shared/staff-element';
import { renderDeadline } from './staff-deadlines';

type Args = [t: StaffT, deadline: Deadline, dueSoon: boolean];

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function onEverySecond(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => listeners.forEach((l) => l()), 1000);
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

class LiveDeadline extends AsyncDirective {
  private args: Args | undefined;
  private stop: (() => void) | undefined;

  render(t: StaffT, deadline: Deadline, dueSoon: boolean): TemplateResult {
    return renderDeadline(t, deadline, dueSoon, Date.now());
  }

  override update(_part: unknown, args: Args): TemplateResult | typeof noChange {
    this.args = args;
    // A paused deadline has no instant to count down to.
    if (this.isConnected && !this.stop && args[1].due !== null) this.stop = onEverySecond(() => this.tick());
    return this.render(...args);
  }

  private tick(): void {
    if (this.args) this.setValue(this.render(...this.args));
  }

  protected override disconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }

  protected override reconnected(): void {
    if (this.args?.[1].due !== null) this.stop ??= onEverySecond(() => this.tick());
  }
}

export const liveDeadline = directive(LiveDeadline);
