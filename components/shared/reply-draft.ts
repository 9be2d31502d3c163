import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DRAFT_SAVE_DELAY_MS } from '../../machines/draft-timing';
import type { Draft, DraftFile } from '../../src/storage/records';
import type { UcStore } from '../../src/storage/store';

/** Where a reply box keeps its drafts: the store, the site, this tab (so a tab ignores its own news), and each complaint's key. */
export interface ReplyDraftTarget {
  store: UcStore;
  site: string;
  tab: string;
  keyFor(complaintId: string): string;
}

/**
 * A reply box's draft, one complaint at a time: saved on the device after a
 * pause in typing, and at once when the page is hidden or goes away or the
 * element leaves the page (a route change, a closed panel), so the last
 * keystrokes survive; restored when the complaint is opened again; handed
 * back when the server refuses what was sent.
 */
export class ReplyDraft implements ReactiveController {
  text = '';
  files: DraftFile[] = [];
  /** what else the box holds beside its text, kept with it (a ruling's outcome, a decision's date) */
  values: Record<string, string> = {};
  /** the text shown is the one on the device */
  saved = false;

  /** the complaint whose draft is in the box */
  private current: string | undefined;
  /** changes typed into the box so far, so a restore that finishes after one leaves it alone */
  private edits = 0;
  /** the complaint whose text waits for the typing pause to be saved */
  private unsaved: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onHide = (event: Event) => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') this.saveNow();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => ReplyDraftTarget | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.onHide);
    document.addEventListener('visibilitychange', this.onHide);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.onHide);
    document.removeEventListener('visibilitychange', this.onHide);
    this.saveNow();
  }

  /** Forgets what the box shows (another person signed in: their drafts are their own), saving nothing. */
  reset(): void {
    clearTimeout(this.timer);
    this.unsaved = undefined;
    this.current = undefined;
    this.text = '';
    this.files = [];
    this.values = {};
    this.saved = false;
    this.host.requestUpdate();
  }

  /** Shows the draft kept for `complaintId` (once per complaint: reloading it keeps what is being typed). */
  async restore(complaintId: string): Promise<void> {
    const target = this.target();
    if (!target || this.current === complaintId) return;
    this.current = complaintId;
    const edits = this.edits;
    const draft = await target.store.getDraft(target.keyFor(complaintId));
    // Typed while the device was read: what was typed wins (showing the stored draft would wipe it).
    if (this.edits !== edits || this.current !== complaintId) return;
    this.show(draft?.fields ?? {});
    this.files = draft?.files ?? [];
    this.saved = Boolean(draft);
    this.host.requestUpdate();
  }

  input(complaintId: string, text: string): void {
    this.text = text;
    this.changed(complaintId);
  }

  /** Another value of the box: kept like its text. */
  setValue(complaintId: string, name: string, value: string): void {
    this.values = { ...this.values, [name]: value };
    this.changed(complaintId);
  }

  /** Files are kept at once: choosing them is not typing. */
  setFiles(complaintId: string, files: DraftFile[]): void {
    this.files = files;
    this.changed(complaintId);
    this.saveNow();
  }

  /** Saves at once a text still waiting for the typing pause. */
  saveNow(): void {
    clearTimeout(this.timer);
    const id = this.unsaved;
    this.unsaved = undefined;
    if (id) void this.save(id);
  }

  /**
   * Saves now and gives the draft's key, for a send that moves the draft into
   * its outbox item in one transaction: no later save may bring it back.
   */
  async takeForSend(complaintId: string): Promise<string | undefined> {
    clearTimeout(this.timer);
    this.unsaved = undefined;
    await this.save(complaintId);
    return this.target()?.keyFor(complaintId);
  }

  /** The box after a send: empty. */
  clear(): void {
    this.text = '';
    this.files = [];
    this.values = {};
    this.saved = false;
    this.host.requestUpdate();
  }

  /** The person threw the draft away: the box empties and the device forgets it. */
  async discard(complaintId: string): Promise<void> {
    clearTimeout(this.timer);
    this.unsaved = undefined;
    this.clear();
    const target = this.target();
    if (target) await target.store.deleteDraft(target.keyFor(complaintId));
  }

  /** The server refused what was sent: `draft` goes back from the outbox item into the box, to fix or keep. */
  async giveBack(itemId: string, complaintId: string, draft: Pick<Draft, 'key' | 'fields' | 'files'>): Promise<void> {
    const target = this.target();
    if (!target) return;
    await target.store.moveOutboxToDraft(itemId, this.draftOf(target, complaintId, draft.key, draft));
    if (this.current !== complaintId) return;
    this.show(draft.fields);
    this.files = draft.files;
    this.host.requestUpdate();
  }

  /** A draft's fields into the box: `text`, and every other text as a value. */
  private show(fields: Draft['fields']): void {
    const { text, ...rest } = fields;
    this.text = typeof text === 'string' ? text : '';
    this.values = Object.fromEntries(
      Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  }

  private changed(complaintId: string): void {
    this.edits++;
    this.saved = false;
    this.current = complaintId;
    this.unsaved = complaintId;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), DRAFT_SAVE_DELAY_MS);
    this.host.requestUpdate();
  }

  private async save(complaintId: string): Promise<void> {
    const target = this.target();
    if (!target) return;
    const key = target.keyFor(complaintId);
    if (!this.text.trim() && !this.files.length && !Object.values(this.values).some(Boolean)) {
      await target.store.deleteDraft(key);
      return;
    }
    await target.store.putDraft(
      this.draftOf(target, complaintId, key, { fields: { ...this.values, text: this.text }, files: this.files }),
    );
    this.saved = true;
    this.host.requestUpdate();
  }

  private draftOf(
    target: ReplyDraftTarget,
    complaintId: string,
    key: string,
    content: Pick<Draft, 'fields' | 'files'>,
  ): Draft {
    return {
      key,
      site: target.site,
      form: `c-${complaintId}`,
      fields: content.fields,
      files: content.files,
      remember: false,
      updatedAt: Date.now(),
      tab: target.tab,
    };
  }
}
