/**
 * The queue's view in the console's address (components/uc-staff-console/queue-view.ts):
 * a view survives the round trip through `#/queue?…`, a hand-typed address
 * keeps only what the queue takes, and the query sent to the server leaves
 * out what is the default.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueueView } from '../../src/contract/staff-views';
import {
  hashOfView,
  PLAIN_VIEW,
  queryOfView,
  sameView,
  viewOfQuery,
} from '../../components/uc-staff-console/queue-view';

const parse = (hash: string) => viewOfQuery(hash.replace(/^#\/queue\?/, ''));

describe('the queue view in the address', () => {
  test('a view comes back from its address as it was, and the server is asked for the same', () => {
    const view: QueueView = {
      filters: {
        status: ['accepted', 'submitted'],
        kind: 'complaint',
        assignee: 'me',
        due: 'overdue',
        channel: 'hotline',
      },
      sort: 'received_desc',
      columns: ['received', 'channel'],
    };
    const hash = hashOfView(view);
    assert.equal(
      hash,
      '#/queue?status=accepted%2Csubmitted&kind=complaint&channel=hotline&assignee=me&due=overdue&sort=received_desc&cols=channel%2Creceived',
    );
    assert.ok(sameView(parse(hash), view));
    assert.ok(QueueView.safeParse(parse(hash)).success, 'what the server takes');
    assert.deepEqual(queryOfView(view), {
      status: 'accepted,submitted',
      kind: 'complaint',
      channel: 'hotline',
      assignee: 'me',
      due: 'overdue',
      sort: 'received_desc',
    });
  });

  test('every row by next deadline is named as such (not `#/queue` alone, which opens the default view), and asks for nothing', () => {
    assert.equal(hashOfView(PLAIN_VIEW), '#/queue?sort=deadline');
    assert.deepEqual(queryOfView(PLAIN_VIEW), {});
    assert.ok(sameView(parse('#/queue?sort=deadline'), PLAIN_VIEW));
    assert.ok(sameView({ ...PLAIN_VIEW, filters: { assignee: 'anyone' } }, PLAIN_VIEW), 'anyone is no filter');
  });

  test('a hand-typed address keeps only what the queue takes', () => {
    const view = parse(
      '#/queue?status=submitted,lost&kind=rant&category=bad%20slug&sort=random&cols=excerpt,assignee&x=1',
    );
    assert.deepEqual(view, { filters: {}, sort: 'deadline', columns: ['assignee'] });
    assert.deepEqual(parse('#/queue?cols=').columns, [], 'every column hidden');
    assert.deepEqual(parse('#/queue?status=replied,replied').filters, { status: ['replied'] });
  });
});
