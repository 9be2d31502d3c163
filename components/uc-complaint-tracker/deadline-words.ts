/**
 * A deadline in words from the server's figures ("reply due within 2
 * working days", "reply overdue by 1 working day"). The browser has no
 * holiday calendar: it only divides the working time the server counted by
 * the length of a working day the server sent.
 */
import type { Deadline } from '../../src/contract/complaints';
import type { Params } from '../../src/i18n/index';
import type { TrackerMessageKey } from '../../src/i18n/tracker/index';
import { vocabularyWord } from '../shared/vocabulary-word';

type T = (key: TrackerMessageKey, params?: Params) => string;

const HOUR = 3_600_000;

function amount(t: T, ms: number, deadline: Deadline): string {
  const abs = Math.abs(ms);
  if (deadline.measure === 'working' && deadline.businessDayMs) {
    if (abs >= deadline.businessDayMs)
      return t('deadline.workingDays', { n: Math.ceil(abs / deadline.businessDayMs - 1e-9) });
    if (abs >= HOUR) return t('deadline.workingHours', { n: Math.ceil(abs / HOUR) });
    return t('deadline.minutes', { n: Math.max(1, Math.ceil(abs / 60_000)) });
  }
  if (abs >= HOUR) return t('deadline.hours', { n: Math.ceil(abs / HOUR) });
  return t('deadline.minutes', { n: Math.max(1, Math.ceil(abs / 60_000)) });
}

/** Words for a running, paused or overdue deadline; '' for met ones (the timeline says those). */
export function describeDeadline(t: T, deadline: Deadline): string {
  const what = vocabularyWord(t, 'deadline', deadline.name);
  switch (deadline.status) {
    case 'running':
      return t(deadline.measure === 'working' ? 'deadline.workingLeft' : 'deadline.elapsedLeft', {
        what,
        amount: amount(t, deadline.msLeft, deadline),
      });
    case 'paused':
      return t('deadline.paused', { amount: amount(t, deadline.msLeft, deadline) });
    case 'overdue':
      // Overdue with no working time counted yet (e.g. missed Friday 18:00, read on Saturday): at least a minute.
      return t('deadline.overdue', { what, amount: amount(t, Math.min(deadline.msLeft, -60_000), deadline) });
    default:
      return '';
  }
}
