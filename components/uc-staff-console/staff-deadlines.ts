/**
 * A deadline as staff read it in a row: which clock, and the time to its due
 * instant counting down live ("First reply: 3 h 12 min left", "overdue by
 * 20 min"), or paused while the user is asked. The browser has no holiday
 * calendar: the countdown is wall-clock time to the instant the server
 * computed on its calendar; whether it is within two working hours (due
 * soon) is the server's word, read with the row.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Deadline } from '../../src/contract/complaints';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import type { StaffT } from '../shared/staff-element';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Time in the largest units that say it (hours and minutes, or minutes and seconds under an hour). */
export function duration(t: StaffT, ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= HOUR) {
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return `${t('time.hours', { n: Math.floor(abs / HOUR) })}${minutes ? ` ${t('time.minutes', { n: minutes })}` : ''}`;
  }
  if (abs >= MINUTE) return t('time.minutes', { n: Math.floor(abs / MINUTE) });
  return t('time.seconds', { n: Math.max(0, Math.floor(abs / 1000)) });
}

/** How urgent a deadline is now: the server's flags, and `now` past the due instant makes it overdue whatever they said. */
export function urgency(deadline: Deadline, dueSoon: boolean, now: number): 'paused' | 'overdue' | 'soon' | 'running' {
  if (deadline.status === 'paused' || deadline.due === null) return 'paused';
  if (deadline.status === 'overdue' || Date.parse(deadline.due) <= now) return 'overdue';
  return dueSoon ? 'soon' : 'running';
}

export function renderDeadline(t: StaffT, deadline: Deadline, dueSoon: boolean, now: number): TemplateResult {
  const what = t(`deadline.${deadline.name}` as StaffMessageKey);
  const state = urgency(deadline, dueSoon, now);
  const words =
    state === 'paused'
      ? t('deadline.paused', { what })
      : state === 'overdue'
        ? t('deadline.overdueBy', { what, time: duration(t, now - Date.parse(deadline.due!)) })
        : t('deadline.left', { what, time: duration(t, Date.parse(deadline.due!) - now) });
  return html`<span part="deadline" class="deadline" data-state=${state}
    >${words}${state === 'soon' ? html` <strong>${t('deadline.dueSoon')}</strong>` : nothing}${deadline.estimated ? html` <small>${t('deadline.estimated')}</small>` : nothing}</span
  >`;
}
