import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Actor, AnyStateMachine, EventFrom, SnapshotFrom } from 'xstate';

/**
 * Binds one XState actor to a Lit element: the element re-renders on every
 * snapshot, and the actor stops when the element leaves the page. Written
 * here because there is no published XState binding for Lit (@xstate/lit
 * was never released), and this is all the elements need of one.
 */
export class ActorController<TMachine extends AnyStateMachine> implements ReactiveController {
  actor: Actor<TMachine> | undefined;
  snapshot: SnapshotFrom<TMachine> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts `actor` in place of any previous one. */
  start(actor: Actor<TMachine>): void {
    this.stop();
    this.actor = actor;
    const subscription = actor.subscribe((snapshot) => {
      this.snapshot = snapshot;
      this.host.requestUpdate();
    });
    this.unsubscribe = () => subscription.unsubscribe();
    actor.start();
    this.snapshot = actor.getSnapshot();
    this.host.requestUpdate();
  }

  send(event: EventFrom<TMachine>): void {
    this.actor?.send(event);
  }

  stop(): void {
    this.unsubscribe?.();
    this.actor?.stop();
    this.actor = undefined;
    this.snapshot = undefined;
  }

  hostDisconnected(): void {
    this.stop();
  }
}
