/**
 * One session at a time, for an element that starts again on each new
 * runtime (`usercare.configure()`, a new config) and stops when it leaves the
 * page. `begin()` undoes what the last session left running (its actor, live
 * stream, listeners) and returns a ticket; a start still awaiting when a newer
 * one began, or the element left, finds `current(ticket)` false and stops
 * there, so nothing is opened after its cleanups ran.
 */
export class Sessions {
  private cleanups: Array<() => void> = [];
  private generation = 0;

  /** Ends the current session and starts the next: its ticket. */
  begin(): number {
    this.end();
    return this.generation;
  }

  /** Ends the current session (the element leaves): a start still awaiting stops too. */
  end(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.generation++;
  }

  current(ticket: number): boolean {
    return ticket === this.generation;
  }

  /** What the current session must undo when it ends. */
  add(...cleanups: Array<() => void>): void {
    this.cleanups.push(...cleanups);
  }
}
