/**
 * What the outbox loads when it has a complaint write or a points write to
 * send: imported only with import(), so the bundler makes it a chunk whose
 * exports keep their names (a shared chunk's are shortened, and importing one
 * with import() costs a helper chunk on every page that has the tracker).
 */
export { complaintApiOf } from './rest-complaints';
export { pointsApiOf } from './rest-points';
