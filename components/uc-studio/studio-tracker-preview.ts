/**
 * The complaint tracker as the studio's preview shows it: the real
 * `<uc-complaint-tracker>` with the draft's texts, look and categories,
 * over sample complaints, one in each state the tracker shows differently
 * (src/client/sample-complaints/), written in the preview's
 * language and filed under the draft's categories. It runs on a site of its
 * own (preview-site.ts): the sample user is signed in, nothing is kept on
 * the device, and an action or a message is refused before it is queued.
 *
 * A module of its own, loaded when the admin first shows the tracker: the
 * samples and the tracker are not on the studio's first load.
 */
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SampleComplaintBackend } from '../../src/client/sample-complaints/sample-complaint-backend';
import { PreviewSite } from './preview-site';
import '../uc-complaint-tracker/uc-complaint-tracker';

/**
 * @summary The complaint tracker with the draft's texts, look and categories, over sample complaints.
 */
@customElement('uc-studio-tracker-preview')
export class UcStudioTrackerPreview extends PreviewSite {
  protected readonly where = "the studio's tracker preview";

  protected backend(): SampleComplaintBackend {
    return new SampleComplaintBackend({
      site: this.site,
      language: this.locale,
      categories: categoriesOf(this.config.forms),
      latencyMs: 0,
    });
  }

  override render() {
    // Its own lang: the tracker looks for the nearest one, and the preview's host's is across a shadow root.
    return html`<uc-complaint-tracker lang=${this.locale}></uc-complaint-tracker>`;
  }
}

/** The categories the draft's forms offer, in order, each once; none when the draft keeps the default forms. */
function categoriesOf(forms: unknown): string[] {
  if (typeof forms !== 'object' || forms === null) return [];
  const ids = new Set<string>();
  for (const form of Object.values(forms as Record<string, { categories?: unknown }>)) {
    if (!Array.isArray(form?.categories)) continue;
    for (const category of form.categories as Array<{ id?: unknown; retired?: unknown }>)
      if (typeof category?.id === 'string' && category.retired !== true) ids.add(category.id);
  }
  return [...ids];
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-tracker-preview': UcStudioTrackerPreview;
  }
}
