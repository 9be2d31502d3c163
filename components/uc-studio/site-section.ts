/**
 * The studio's Site section: allowed origins, the time zone, the working
 * time deadlines count (business hours and the site's own calendar years,
 * site-hours-section.ts), and the user's windows in a complaint.
 */
import { html, type TemplateResult } from 'lit';
import {
  COMPLAINT_WINDOWS,
  originsOf,
  settingsOf,
  withComplaintWindow,
  withOrigins,
  withSetting,
  type ComplaintWindow,
} from './studio-document';
import { businessHoursView, calendarView } from './site-hours-section';
import { formValue, problemList, problemsAt, type StudioView } from './studio-view';

export function siteSection(view: StudioView): TemplateResult {
  const { st, doc, problems, edit } = view;
  const origins = originsOf(doc);
  const settings = settingsOf(doc);
  const complaints = (settings.complaints ?? {}) as Partial<Record<ComplaintWindow, number>>;
  const originProblems = problemsAt(problems, 'allowedOrigins');
  const zoneProblems = problemsAt(problems, 'settings.timezone');
  const addOrigin = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const origin = formValue(form, 'origin');
    if (!origin) return;
    edit((d) => (originsOf(d).includes(origin) ? d : withOrigins(d, [...originsOf(d), origin])));
    form.reset();
  };
  const days = (key: ComplaintWindow, value: string) => {
    const n = value.trim() === '' ? undefined : Number(value);
    edit((d) => withComplaintWindow(d, key, n === undefined || Number.isNaN(n) ? undefined : n));
  };
  return html`<section aria-labelledby="site-title">
    <h2 id="site-title">${st('site.title')}</h2>
    <fieldset aria-describedby="origins-help ${originProblems.length ? 'origins-problems' : ''}">
      <legend>${st('site.origins')}</legend>
      <p class="help" id="origins-help">${st('site.originsHelp')}</p>
      ${
        origins.length
          ? html`<ul class="origins">
            ${origins.map(
              (origin) =>
                html`<li>
                  <code>${origin}</code>
                  <button
                    type="button"
                    @click=${() =>
                      edit((d) =>
                        withOrigins(
                          d,
                          originsOf(d).filter((o) => o !== origin),
                        ),
                      )}
                  >
                    ${st('site.originRemove', { origin })}
                  </button>
                </li>`,
            )}
          </ul>`
          : html`<p>${st('site.noOrigins')}</p>`
      }
      ${problemList('origins-problems', originProblems)}
      <form class="row" @submit=${addOrigin}>
        <label for="origin-new">${st('site.originNew')}</label>
        <input id="origin-new" name="origin" type="text" autocomplete="off" spellcheck="false" />
        <button type="submit">${st('site.originAdd')}</button>
      </form>
    </fieldset>
    <p class="row">
      <label for="timezone">${st('site.timezone')}</label>
      <input
        id="timezone"
        type="text"
        autocomplete="off"
        spellcheck="false"
        aria-describedby="timezone-help ${zoneProblems.length ? 'timezone-problems' : ''}"
        .value=${typeof settings.timezone === 'string' ? settings.timezone : ''}
        @change=${(e: Event) => {
          const value = (e.target as HTMLInputElement).value.trim();
          edit((d) => withSetting(d, 'timezone', value || undefined));
        }}
      />
      <span class="help" id="timezone-help">${st('site.timezoneHelp')}</span>
    </p>
    ${problemList('timezone-problems', zoneProblems)} ${businessHoursView(view)} ${calendarView(view)}
    <fieldset aria-describedby="days-help">
      <legend>${st('site.windows')}</legend>
      <p class="help" id="days-help">${st('site.daysHelp')}</p>
      ${COMPLAINT_WINDOWS.map(
        (key) => html`<p class="row">
            <label for="window-${key}">${st(`site.${key}`)}</label>
            <input
              id="window-${key}"
              type="number"
              min="1"
              max="365"
              step="1"
              .value=${complaints[key] === undefined ? '' : String(complaints[key])}
              @change=${(e: Event) => days(key, (e.target as HTMLInputElement).value)}
            />
          </p>
          ${problemList(`window-${key}-problems`, problemsAt(problems, `settings.complaints.${key}`))}`,
      )}
    </fieldset>
  </section>`;
}
