import { type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { IncidentList, IncidentPreview, IncidentRequest } from '../../src/contract/points';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import { sendStaffWrite } from '../../src/client/staff/staff-writes';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { tokens } from '../shared/base.styles';
import { PendingWrites } from '../shared/pending-writes';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { renderOutages } from './outage-views';
import { auditStyles } from './uc-staff-audit.styles';

/** An id for a new outage, from when it is declared (staff may write their own). */
const newId = () => `outage-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;

/**
 * Outages of the platform's own service and their compensation: the outages
 * recorded (what issuing each did), and for admins (`points`) a form to
 * declare one (service, start, end, and who was affected: everyone seen
 * signed in during it, or a list), a preview of who would get which tier,
 * issuing nothing, then Issue, asked twice, through the staff outbox. The
 * server gives each user the tier once: issuing the same outage again
 * changes nothing.
 *
 * @summary Outages and their compensation.
 *
 * @csspart base - The frame around everything.
 * @csspart table - The outages, and the preview's tiers.
 * @csspart declare - The form that declares one.
 * @csspart preview - Who would get what.
 * @csspart confirm - The question before issuing.
 * @csspart result - What issuing did.
 * @csspart error - A problem loading, previewing or issuing.
 */
@customElement('uc-staff-outages')
export class UcStaffOutages extends StaffElement {
  static override styles = [tokens, staffTokens, auditStyles];

  @state() private accessor incidents: IncidentList['items'] | undefined;
  @state() private accessor loadError = '';
  @state() private accessor affected: 'seen' | 'listed' = 'seen';
  @state() private accessor previewed: { request: Omit<IncidentRequest, 'site'>; preview: IncidentPreview } | undefined;
  @state() private accessor previewError = '';
  @state() private accessor confirming = false;
  /** the outage this screen sent to be issued */
  private sentId: string | undefined;
  /** the outage the server issued for this screen, shown with its result once the list has it */
  @state() private accessor issuedId: string | undefined;
  @state() private accessor online = navigator.onLine;

  private readonly writes = new PendingWrites(this);
  private readonly defaultId = newId();
  private readonly onNetwork = () => (this.online = navigator.onLine);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
  }

  protected begin(staff: StaffRuntime, _me: unknown, ticket: number): void {
    this.previewed = undefined;
    this.confirming = false;
    this.issuedId = undefined;
    void this.load(staff, ticket);
    this.sessions.add(staff.channel.subscribe((message) => this.onTabMessage(staff, ticket, message)));
  }

  private async load(staff: StaffRuntime, ticket: number): Promise<void> {
    try {
      const list = await staff.api.incidents();
      if (!this.sessions.current(ticket)) return;
      this.incidents = list.items;
      this.loadError = '';
    } catch (error) {
      if (this.sessions.current(ticket)) this.loadError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Once the server has the outage, the list and the preview say what it did. */
  private onTabMessage(staff: StaffRuntime, ticket: number, message: TabMessage): void {
    this.writes.hear(message);
    if (message.type !== 'outbox.delivered' || message.complaintId !== this.sentId) return;
    this.issuedId = this.sentId;
    void this.load(staff, ticket).then(() => this.refreshPreview(staff));
  }

  private async refreshPreview(staff: StaffRuntime): Promise<void> {
    const request = this.previewed?.request;
    if (!request) return;
    try {
      this.previewed = { request, preview: await staff.api.previewIncident(request) };
    } catch {
      // The result is in the list; a preview that cannot be read again changes nothing there.
    }
  }

  /** The form's facts as the server takes them (times from the browser's own zone, sent as instants). */
  private requestOf(form: HTMLFormElement): Omit<IncidentRequest, 'site'> {
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    const instant = (name: string) => {
      const at = new Date(field(name));
      return Number.isNaN(at.getTime()) ? field(name) : at.toISOString();
    };
    const users = field('users')
      .split(/[\s,]+/)
      .filter(Boolean);
    return {
      id: field('id'),
      service: field('service'),
      start: instant('start'),
      end: instant('end'),
      ...(this.affected === 'listed' ? { users } : {}),
      ...(field('note') ? { note: field('note') } : {}),
    };
  }

  private async onPreview(event: Event): Promise<void> {
    event.preventDefault();
    const staff = this.staff;
    if (!staff) return;
    const request = this.requestOf(event.target as HTMLFormElement);
    this.confirming = false;
    this.issuedId = undefined;
    try {
      this.previewed = { request, preview: await staff.api.previewIncident(request) };
      this.previewError = '';
      this.focusOn('#preview-title');
    } catch (error) {
      this.previewed = undefined;
      this.previewError = this.t!('outages.previewFailed', {
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Asked twice; then the outage goes through the staff outbox, its id the subject the news names. */
  private async onIssue(): Promise<void> {
    const staff = this.staff;
    const principal = this.me?.principal;
    const request = this.previewed?.request;
    if (!staff || !principal || !request) return;
    if (!this.confirming) {
      this.confirming = true;
      this.focusOn('[part~="confirm"] button');
      return;
    }
    this.confirming = false;
    this.sentId = request.id;
    await this.writes.track(request.id, 'issue', async () =>
      sendStaffWrite(await staff.outbox(), staff.site, principal, 'staff.incident', request.id, {
        ...request,
        site: staff.site,
      }),
    );
    this.focusOn('#preview-title');
  }

  private focusOn(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    const preview = this.previewed?.preview;
    return renderOutages({
      t,
      i18n,
      incidents: this.incidents,
      loadError: this.loadError,
      canIssue: this.can('points'),
      affected: this.affected,
      defaultId: this.defaultId,
      preview,
      previewError: this.previewError,
      confirming: this.confirming,
      pending: this.writes.all().filter((p) => p.subject === preview?.id),
      online: this.online,
      issued: this.issuedId !== undefined ? this.incidents?.find((i) => i.id === this.issuedId) : undefined,
      onAffected: (affected) => {
        this.affected = affected;
        this.onEdit();
      },
      onPreview: (event) => void this.onPreview(event),
      onIssue: () => void this.onIssue(),
      onCancel: () => {
        this.confirming = false;
        this.focusOn('#preview-title');
      },
      onEdit: () => this.onEdit(),
    });
  }

  /** A change to the form after a preview: the preview no longer shows what would be issued. */
  private onEdit(): void {
    if (this.pendingIssue()) return;
    this.previewed = undefined;
    this.confirming = false;
    this.issuedId = undefined;
  }

  private pendingIssue(): boolean {
    return this.writes.all().some((p) => p.state !== 'failed');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-outages': UcStaffOutages;
  }
}
