/**
 * Group commit for the audit entries written outside a write's transaction
 * (every staff read adds one: the queue, a complaint, the audit log itself).
 * One INSERT per entry made each read pay a commit of its own: on SQLite
 * the WAL frames of the table and its four indexes, on PostgreSQL a round
 * trip and a WAL flush. Instead the entries that come in while the server
 * is busy go in together, as one multi-row INSERT (one commit):
 *
 * - the first entry schedules a write after the I/O callbacks now being run
 *   (setImmediate): the requests that arrived with it reach their entry in
 *   those callbacks and join;
 * - while a write is on its way (PostgreSQL answers asynchronously), new
 *   entries wait and go in the next one, so there is at most one write in
 *   flight and a busy server writes bigger batches rather than more of them.
 *
 * What a caller gets is unchanged: its promise settles only once the INSERT
 * that holds its entry has committed, so a read's answer still leaves only
 * after its entry is durable (as durable as the database makes any commit),
 * and a failure fails the read. If a batch fails, its entries are written
 * again one by one, so one entry the database refuses fails its own read
 * only.
 */

/** Entries in one INSERT at most: 8 columns each stays far under either database's bound parameters. */
const MAX_BATCH = 500;

interface Waiting<Row> {
  row: Row;
  done: () => void;
  fail: (error: unknown) => void;
}

export class GroupCommit<Row> {
  private waiting: Array<Waiting<Row>> = [];
  private draining = false;

  /** `write` inserts the rows in one statement (one commit). */
  constructor(private readonly write: (rows: Row[]) => Promise<void>) {}

  /** Settles once `row` is committed, or with the error its write ended in. */
  add(row: Row): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.waiting.push({ row, done, fail });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        await this.write(batch.map((w) => w.row));
        for (const w of batch) w.done();
      } catch {
        for (const w of batch) await this.writeAlone(w);
      }
    }
    this.draining = false;
  }

  private async writeAlone(w: Waiting<Row>): Promise<void> {
    try {
      await this.write([w.row]);
      w.done();
    } catch (error) {
      w.fail(error);
    }
  }
}
