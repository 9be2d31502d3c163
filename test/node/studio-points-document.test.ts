/**
 * The studio's edits of a site's points rules, without a browser: an empty
 * value is the default again (and a document with no rule left has no
 * `settings.points`), a trigger is off with `null`, levels and tiers copy
 * the defaults on their first edit, a reward retired and offered again
 * reads as one never retired, and the server's schema reads what the edits
 * write.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PointsSettings, POINTS_DEFAULTS } from '../../src/contract/points-settings';
import {
  catalogueOf,
  earnOf,
  levelsOf,
  moved,
  offeredPoolRewardsOf,
  ownRuleFrom,
  pointsOf,
  poolRewardsOf,
  retiredRewards,
  tiersOf,
  withCatalogue,
  withEarn,
  withEarnPart,
  withLevels,
  withNumber,
  withPart,
  withRetired,
  withTiers,
} from '../../components/uc-studio/points-document';

const doc = { allowedOrigins: [], settings: { timezone: 'Asia/Shanghai' } };

describe('points rules in the studio', () => {
  test('a number set and emptied again leaves no rule behind, and the rest of the settings as they were', () => {
    const set = withNumber(doc, 'pendingHours', 48);
    assert.deepEqual(pointsOf(set), { pendingHours: 48 });
    const back = withNumber(set, 'pendingHours', undefined);
    assert.deepEqual(back, { allowedOrigins: [], settings: { timezone: 'Asia/Shanghai' } });
    assert.deepEqual(pointsOf(doc), {}, 'the document it was given is unchanged');
  });

  test('a trigger: the default, the site’s own rule from the default’s values, off', () => {
    assert.equal(earnOf(doc, 'complaint_rated').choice, 'default');
    const own = withEarn(doc, 'complaint_rated', ownRuleFrom('complaint_rated'));
    assert.deepEqual(earnOf(own, 'complaint_rated'), { choice: 'own', rule: { points: 10, dailyCap: 30 } });
    const uncapped = withEarnPart(withEarnPart(own, 'complaint_rated', 'points', 15), 'complaint_rated', 'dailyCap');
    assert.deepEqual(pointsOf(uncapped), { earn: { complaint_rated: { points: 15 } } });
    const off = withEarn(uncapped, 'report_confirmed', null);
    assert.equal(earnOf(off, 'report_confirmed').choice, 'off');
    assert.ok(PointsSettings.safeParse(pointsOf(off)).success, JSON.stringify(pointsOf(off)));
    assert.deepEqual(
      pointsOf(withEarn(withEarn(off, 'report_confirmed', undefined), 'complaint_rated', undefined)),
      {},
    );
  });

  test('levels and tiers are the defaults until the first edit, which copies them', () => {
    assert.deepEqual(levelsOf(doc), { own: false, levels: POINTS_DEFAULTS.levels });
    const added = withLevels(doc, [...levelsOf(doc).levels, { name: { en: 'Regular' }, threshold: 100 }]);
    const ordered = withLevels(added, moved(moved(levelsOf(added).levels, 3, -1), 2, -1));
    const levels = levelsOf(ordered);
    assert.equal(levels.own, true);
    assert.deepEqual(
      levels.levels.map((l) => l.threshold),
      [0, 100, 200, 1000],
    );
    assert.ok(PointsSettings.safeParse(pointsOf(ordered)).success);
    assert.deepEqual(pointsOf(withLevels(ordered, undefined)), {}, 'the defaults again');

    const tiers = tiersOf(doc);
    assert.equal(tiers.own, false);
    assert.deepEqual(tiers.tiers.at(-1), { points: 200 }, 'the open-ended last tier has no upper bound');
    const edited = withTiers(doc, withPart(tiers.tiers, 0, 'points', 15));
    assert.deepEqual(pointsOf(edited).compensation, {
      tiers: [{ upToMinutes: 59, points: 15 }, { upToMinutes: 240, points: 50 }, { points: 200 }],
    });
    assert.ok(PointsSettings.safeParse(pointsOf(edited)).success);
  });

  test('a reward retired is kept with `retired: true`, offered to no tier, and offered again reads as never retired', () => {
    const rewards = [
      { id: 'mug', name: 'A mug', points: 30, source: 'pool' },
      { id: 'tea', name: 'Tea', points: 20, source: 'pool' },
    ];
    const published = withCatalogue(doc, rewards);
    const retired = withCatalogue(published, withRetired(catalogueOf(published), 1, true));
    assert.deepEqual(catalogueOf(retired)[1], { ...rewards[1], retired: true });
    assert.ok(PointsSettings.safeParse(pointsOf(retired)).success);
    assert.deepEqual([...retiredRewards(retired)], ['tea']);
    assert.deepEqual(
      poolRewardsOf(retired).map((r) => r.id),
      ['mug', 'tea'],
      'its pool still shown',
    );
    assert.deepEqual(
      offeredPoolRewardsOf(retired).map((r) => r.id),
      ['mug'],
      'no tier may name it',
    );
    const again = withCatalogue(retired, withRetired(catalogueOf(retired), 1, false));
    assert.deepEqual(again, published);
  });
});
