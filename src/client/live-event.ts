/** One event of the stream, whatever its topic. */
export interface LiveEvent {
  /** The server's event id; ids only grow, and the stream resumes after the highest one seen. */
  id: number;
  /** `complaint.updated`, … and `ready` (data `{ lastId, resumed }`) each time the stream has caught up. */
  topic: string;
  /** The event's JSON payload, parsed (the raw text if it was not JSON). */
  data: unknown;
}
