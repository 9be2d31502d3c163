/**
 * The points widget as the studio's preview shows it: the real
 * `<uc-points-widget>`, told what the draft's points rules would show a
 * signed-in user who has no points yet. It runs on a site of its own
 * (preview-site.ts): the backend answers from the draft
 * (studio-points-backend.ts), the sample user is signed in, nothing is kept
 * on the device, and a redemption is refused before it is queued.
 */
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { previewPointsSummary } from './points-preview-summary';
import { PreviewSite } from './preview-site';
import { StudioPointsBackend } from './studio-points-backend';
import '../uc-points-widget/uc-points-widget';

/**
 * @summary The points widget with the draft's rules, for a user with no points.
 */
@customElement('uc-studio-points-preview')
export class UcStudioPointsPreview extends PreviewSite {
  /** The draft's `settings.points` (undefined: the defaults). */
  @property({ attribute: false }) accessor points: unknown;

  protected readonly where = "the studio's points preview";
  protected override readonly drafted = ['points'];

  protected backend(): StudioPointsBackend | undefined {
    const summary = previewPointsSummary(this.points, new Date());
    // The studio shows the draft's problems instead (uc-studio-preview.ts): the last good rules stay.
    return summary === 'invalid' ? undefined : new StudioPointsBackend(this.site, summary, this.refusal);
  }

  override render() {
    // Its own lang: the widget looks for the nearest one, and the preview's host's is across a shadow root.
    return html`<uc-points-widget lang=${this.locale}></uc-points-widget>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-points-preview': UcStudioPointsPreview;
  }
}
