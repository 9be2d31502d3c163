/**
 * The Site section's working time: the business hours (one or several
 * periods a day, a lunch break between them) and the site's own calendar
 * years (holidays and make-up working days, for a year the official
 * calendar does not cover yet or a day of the site's own). Each value's
 * problems, as the server finds them, are shown beside it.
 */
import { html, type TemplateResult } from 'lit';
import type { ConfigProblem } from '../../src/contract/staff-config';
import { OFFICIAL_CALENDAR_YEARS } from '../../src/contract/official-calendar';
import {
  CALENDAR_LISTS,
  businessPeriodPath,
  businessPeriodsOf,
  calendarDatesOf,
  calendarYearsOf,
  nextBusinessPeriod,
  withBusinessPeriods,
  withCalendarDate,
  withCalendarDates,
  withCalendarYear,
  withoutCalendarYear,
  type BusinessPeriod,
  type CalendarList,
  type CalendarYear,
} from './site-hours-document';
import { formValue, problemList, problemsAt, type StudioView } from './studio-view';

const HOURS_PATH = 'settings.sla.businessHours';
const CALENDAR_PATH = 'settings.sla.calendar';

/** The problems of `all` not already shown elsewhere (in `shown`), so none is listed twice. */
const besides = (all: readonly ConfigProblem[], shown: readonly ConfigProblem[]) =>
  all.filter((p) => !shown.includes(p));

const describedBy = (...ids: Array<string | false>) => ids.filter(Boolean).join(' ');

export function businessHoursView(view: StudioView): TemplateResult {
  const { st, doc, problems, edit } = view;
  const periods = businessPeriodsOf(doc);
  const perPeriod = periods.map((_, i) => problemsAt(problems, businessPeriodPath(doc, i)));
  const rest = besides(problemsAt(problems, HOURS_PATH), perPeriod.flat());
  const change = (index: number, key: keyof BusinessPeriod, value: string) =>
    edit((d) =>
      withBusinessPeriods(
        d,
        businessPeriodsOf(d).map((p, i) => (i === index ? { ...p, [key]: value } : p)),
      ),
    );
  return html`<fieldset class="hours" aria-describedby=${describedBy('hours-help', rest.length > 0 && 'hours-problems')}>
    <legend>${st('site.hours')}</legend>
    <p class="help" id="hours-help">${st('site.hoursHelp')}</p>
    ${
      periods.length
        ? html`<ol class="periods">
            ${periods.map((period, i) => {
              const n = i + 1;
              const own = perPeriod[i]!;
              const described = describedBy(own.length > 0 && `period-${i}-problems`);
              return html`<li data-period=${i}>
                <span class="row">
                  <label for="period-${i}-start">${st('site.hoursStart', { n })}</label>
                  <input
                    id="period-${i}-start"
                    type="time"
                    required
                    aria-describedby=${described}
                    .value=${period.start}
                    @change=${(e: Event) => change(i, 'start', (e.target as HTMLInputElement).value)}
                  />
                  <label for="period-${i}-end">${st('site.hoursEnd', { n })}</label>
                  <input
                    id="period-${i}-end"
                    type="time"
                    required
                    aria-describedby=${described}
                    .value=${period.end}
                    @change=${(e: Event) => change(i, 'end', (e.target as HTMLInputElement).value)}
                  />
                  <button
                    type="button"
                    @click=${() =>
                      edit((d) =>
                        withBusinessPeriods(
                          d,
                          businessPeriodsOf(d).filter((_, j) => j !== i),
                        ),
                      )}
                  >
                    ${st('site.hoursRemove', { n })}
                  </button>
                </span>
                ${problemList(`period-${i}-problems`, own)}
              </li>`;
            })}
          </ol>`
        : html`<p>${st('site.hoursDefault')}</p>`
    }
    <button
      type="button"
      @click=${() =>
        edit((d) => {
          const current = businessPeriodsOf(d);
          return withBusinessPeriods(d, [...current, nextBusinessPeriod(current)]);
        })}
    >
      ${st('site.hoursAdd')}
    </button>
    ${problemList('hours-problems', rest)}
  </fieldset>`;
}

export function calendarView(view: StudioView): TemplateResult {
  const { st, doc, problems, edit } = view;
  const years = calendarYearsOf(doc);
  const yearProblems = years.map((y) => problemsAt(problems, `${CALENDAR_PATH}.years.${y.year}`));
  const rest = besides(problemsAt(problems, CALENDAR_PATH), yearProblems.flat());
  const addYear = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const year = formValue(form, 'year');
    if (!/^\d{4}$/.test(year)) return;
    edit((d) => withCalendarYear(d, year));
    form.reset();
  };
  return html`<fieldset
    class="calendar"
    aria-describedby=${describedBy('calendar-help', rest.length > 0 && 'calendar-problems')}
  >
    <legend>${st('site.calendar')}</legend>
    <p class="help" id="calendar-help">
      ${st('site.calendarHelp', { first: OFFICIAL_CALENDAR_YEARS.first, last: OFFICIAL_CALENDAR_YEARS.last })}
    </p>
    ${years.length ? years.map((y, i) => yearView(view, y, yearProblems[i]!)) : html`<p>${st('site.calendarNone')}</p>`}
    <form class="row" @submit=${addYear}>
      <label for="calendar-year-new">${st('site.calendarYear')}</label>
      <input id="calendar-year-new" name="year" type="number" min="2000" max="2999" step="1" required />
      <button type="submit">${st('site.calendarYearAdd')}</button>
    </form>
    ${problemList('calendar-problems', rest)}
  </fieldset>`;
}

function yearView(view: StudioView, entry: CalendarYear, own: readonly ConfigProblem[]): TemplateResult {
  const { st, edit } = view;
  const { year } = entry;
  const official = Number(year) >= OFFICIAL_CALENDAR_YEARS.first && Number(year) <= OFFICIAL_CALENDAR_YEARS.last;
  const path = `${CALENDAR_PATH}.years.${year}`;
  const perList = CALENDAR_LISTS.map((list) => problemsAt(own, `${path}.${list}`));
  const rest = besides(own, perList.flat());
  return html`<fieldset class="year" data-year=${year} aria-describedby="year-${year}-note">
    <legend>${year}</legend>
    <p class="help" id="year-${year}-note">
      ${st(official ? 'site.calendarOfficial' : 'site.calendarOwn', { year })}
    </p>
    ${CALENDAR_LISTS.map((list) => datesView(view, entry, list, path))}
    ${problemList(`year-${year}-problems`, rest)}
    <button type="button" @click=${() => edit((d) => withoutCalendarYear(d, year))}>
      ${st('site.calendarYearRemove', { year })}
    </button>
  </fieldset>`;
}

function datesView(view: StudioView, entry: CalendarYear, list: CalendarList, yearPath: string): TemplateResult {
  const { st, problems, edit } = view;
  const { year } = entry;
  const dates = entry[list];
  const id = `calendar-${year}-${list}`;
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const date = formValue(form, 'date');
    if (!date) return;
    edit((d) => withCalendarDate(d, year, list, date));
    form.reset();
  };
  return html`<div class="dates" data-list=${list}>
    <h3 id="${id}-title">${st(`site.calendar.${list}`)}</h3>
    ${
      dates.length
        ? html`<ul aria-labelledby="${id}-title">
            ${dates.map((date, i) => {
              const own = problemsAt(problems, `${yearPath}.${list}[${i}]`);
              return html`<li>
                <span class="row">
                  <label for="${id}-${i}">${st(`site.calendar.${list}.date`, { n: i + 1 })}</label>
                  <input
                    id="${id}-${i}"
                    type="date"
                    min="${year}-01-01"
                    max="${year}-12-31"
                    aria-describedby=${describedBy(own.length > 0 && `${id}-${i}-problems`)}
                    .value=${date}
                    @change=${(e: Event) => {
                      const value = (e.target as HTMLInputElement).value;
                      edit((d) =>
                        withCalendarDates(
                          d,
                          year,
                          list,
                          calendarDatesOf(d, year, list).map((x, j) => (j === i ? value : x)),
                        ),
                      );
                    }}
                  />
                  <button
                    type="button"
                    @click=${() =>
                      edit((d) =>
                        withCalendarDates(
                          d,
                          year,
                          list,
                          calendarDatesOf(d, year, list).filter((_, j) => j !== i),
                        ),
                      )}
                  >
                    ${st(`site.calendar.${list}.remove`, { date })}
                  </button>
                </span>
                ${problemList(`${id}-${i}-problems`, own)}
              </li>`;
            })}
          </ul>`
        : html`<p>${st('site.calendarNoDates')}</p>`
    }
    <form class="row" @submit=${add}>
      <label for="${id}-new">${st(`site.calendar.${list}.new`, { year })}</label>
      <input id="${id}-new" name="date" type="date" min="${year}-01-01" max="${year}-12-31" required />
      <button type="submit">${st(`site.calendar.${list}.add`)}</button>
    </form>
  </div>`;
}
