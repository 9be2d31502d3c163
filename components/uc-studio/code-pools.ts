/**
 * The Points section's code pools: for each pool reward of the draft's
 * catalogue, the codes it has left (the server's count; a reward not yet
 * published has no pool to upload to), and an upload of codes from a CSV
 * file or pasted text. A retired reward takes none, here as on the server
 * (which leaves it out of the counts and refuses an upload): no one
 * redeems it, so codes added would only sit unused; the studio offers no
 * upload while either the draft or the published version has it retired. The codes are read in the browser first
 * (codes-file.ts) and every line left out is named by its number and why;
 * only the codes to add are sent, in one request the server adds whole or
 * not at all. Its answer names the lines whose codes the pool held already,
 * and says how many were added and how many are left.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { CODE_MAX_LENGTH, CODES_PER_UPLOAD, type CodePools } from '../../src/contract/points-codes';
import { BackendError } from '../../src/client/errors';
import { StaffCodesApi } from '../../src/client/staff/staff-codes-api';
import { linesAnswered, readCodes, type CodesRead, type LineProblem } from './codes-file';
import { poolRewardsOf, retiredRewards, shownText } from './points-document';
import type { PointsView } from './points-view';
import type { StudioDocument } from './studio-document';
import type { StudioT } from './studio-view';

/** The largest file read: 10,000 codes of 200 characters, with room for quotes and line breaks. */
const FILE_MAX_BYTES = 4 * 1024 * 1024;

/** One pool's upload as it goes: what was read, and what the server answered. */
interface Upload {
  read: CodesRead;
  /** where the codes came from: a file's name, or undefined for pasted text */
  file: string | undefined;
  /** a file that is not UTF-8, read as GB18030 (what Excel saves a Chinese CSV in) */
  gb18030?: boolean;
  sending: boolean;
  /** the server's answer: how many of how many sent were added, and how many the pool has left */
  added?: { added: number; sent: number; left: number };
  /** the lines the server's answer named (held already in the pool, or refused) */
  answered?: LineProblem[];
  /** why nothing was added */
  failed?: string;
}

function lineText(st: StudioT, p: LineProblem): string {
  switch (p.kind) {
    case 'long':
      return st('points.line.long', { line: p.line, length: p.length, max: CODE_MAX_LENGTH });
    case 'repeat':
      return st('points.line.repeat', { line: p.line, of: p.of });
    case 'refused':
      return st('points.line.refused', { line: p.line, message: p.message });
    default:
      return st(`points.line.${p.kind}`, { line: p.line });
  }
}

@customElement('uc-studio-code-pools')
export class UcStudioCodePools extends LitElement {
  @property({ attribute: false }) accessor view: PointsView | undefined;
  @state() private accessor pools: CodePools['items'] | undefined;
  @state() private accessor uploads: Readonly<Record<string, Upload>> = {};
  @state() private accessor failure = '';
  /** the published document the counts were read for: a publish may add a pool */
  private countedFor: StudioDocument | undefined | null = null;

  /** Drawn in the studio's own shadow root, so its styles and ids apply. */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get api(): StaffCodesApi | undefined {
    const staff = this.view?.staff;
    return staff ? new StaffCodesApi(staff) : undefined;
  }

  protected override willUpdate(): void {
    const published = this.view?.published;
    if (this.view && published !== this.countedFor) {
      this.countedFor = published;
      void this.count();
    }
  }

  private async count(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      this.pools = (await api.pools()).items;
      this.failure = '';
    } catch (error) {
      this.failure = this.view?.st('studio.failed', { message: (error as Error).message }) ?? '';
    }
  }

  private setUpload(reward: string, upload: Upload | undefined): void {
    const { [reward]: _, ...rest } = this.uploads;
    this.uploads = upload ? { ...rest, [reward]: upload } : rest;
  }

  private readText(reward: string, text: string, file: string | undefined, gb18030 = false): void {
    this.setUpload(reward, text.trim() === '' ? undefined : { read: readCodes(text), file, gb18030, sending: false });
  }

  private async readFile(reward: string, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const st = this.view!.st;
    if (file.size > FILE_MAX_BYTES) {
      this.setUpload(reward, {
        read: readCodes(''),
        file: file.name,
        sending: false,
        failed: st('points.poolFileTooLarge', { mb: FILE_MAX_BYTES / 1024 / 1024 }),
      });
      return;
    }
    const bytes = await file.arrayBuffer();
    try {
      this.readText(reward, new TextDecoder('utf-8', { fatal: true }).decode(bytes), file.name);
    } catch {
      this.readText(reward, new TextDecoder('gb18030').decode(bytes), file.name, true);
    }
  }

  private async send(reward: string): Promise<void> {
    const api = this.api;
    const upload = this.uploads[reward];
    if (!api || !upload || upload.sending || !upload.read.codes.length || upload.read.tooMany) return;
    const st = this.view!.st;
    const sent = upload.read.codes;
    this.setUpload(reward, { read: upload.read, file: upload.file, sending: true });
    try {
      const answer = await api.upload(
        reward,
        sent.map((c) => c.code),
      );
      this.setUpload(reward, {
        ...upload,
        sending: false,
        added: { added: answer.added, sent: sent.length, left: answer.available },
        answered: linesAnswered(sent, [...answer.inPool, ...answer.repeated]),
      });
      await this.count();
    } catch (error) {
      // Nothing was added (the server adds an upload whole or not at all); a refused code is named by its line.
      const fields = error instanceof BackendError ? (error.fields ?? []) : [];
      this.setUpload(reward, {
        ...upload,
        sending: false,
        failed: st('points.poolRefused', { message: (error as Error).message }),
        answered: linesAnswered(sent, [], fields),
      });
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    const { st } = view;
    const rewards = poolRewardsOf(view.doc);
    return html`<fieldset class="pools" aria-describedby="pools-help">
      <legend>${st('points.poolsTitle')}</legend>
      <p class="help" id="pools-help">
        ${st('points.poolHelp', { max: CODES_PER_UPLOAD.toLocaleString(view.i18n.locale), length: CODE_MAX_LENGTH })}
      </p>
      ${this.failure ? html`<p role="alert">${this.failure}</p>` : nothing}
      ${rewards.length ? nothing : html`<p>${st('points.poolsNone')}</p>`}
      ${rewards.map((r) =>
        this.renderPool(view, r.id as string, shownText(r.name, view.i18n.locale, r.id as string), r.retired === true),
      )}
    </fieldset>`;
  }

  private renderPool(view: PointsView, reward: string, name: string, retired: boolean): TemplateResult {
    const { st } = view;
    // The server lists the pools it takes codes for: a reward published and not retired.
    const pool = this.pools?.find((p) => p.reward === reward);
    const open = pool && !retired;
    const upload = this.uploads[reward];
    const at = `pool-${reward}`;
    const count = !this.pools
      ? st('points.poolsLoading')
      : retired
        ? st('points.poolRetired')
        : pool
          ? st('points.poolLeft', { left: pool.available, issued: pool.issued })
          : retiredRewards(view.published).has(reward)
            ? st('points.poolRestored')
            : st('points.poolUnpublished');
    return html`<section class="pool" data-pool=${reward} aria-labelledby="${at}-title">
      <h3 id="${at}-title">${name} (<code>${reward}</code>)</h3>
      <p class="left" data-left=${open ? pool.available : ''}>${count}</p>
      ${open ? this.renderUpload(st, reward, name, at, upload) : nothing}
    </section>`;
  }

  private renderUpload(st: StudioT, reward: string, name: string, at: string, upload: Upload | undefined) {
    const read = upload?.read;
    const lines = [...(read?.problems ?? []), ...(upload?.answered ?? [])].sort((a, b) => a.line - b.line);
    const added = upload?.added;
    const codes = read?.codes.length ?? 0;
    return html`<p class="row">
        <label for="${at}-file">${st('points.poolFile')}</label>
        <input
          id="${at}-file"
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          @change=${(e: Event) => void this.readFile(reward, e.target as HTMLInputElement)}
        />
      </p>
      <p>
        <label for="${at}-paste">${st('points.poolPaste')}</label>
        <textarea
          id="${at}-paste"
          rows="4"
          spellcheck="false"
          @input=${(e: Event) => this.readText(reward, (e.target as HTMLTextAreaElement).value, undefined)}
        ></textarea>
      </p>
      <div class="upload" role="status" id="${at}-status">
        ${
          read?.lines
            ? html`<p>
              ${upload?.file ? html`<span class="file">${upload.file}</span>: ` : nothing}
              ${st('points.poolRead', { lines: read.lines, codes })}
              ${upload?.gb18030 ? st('points.poolGb18030') : nothing}
            </p>`
            : nothing
        }
        ${
          added
            ? html`<p class="added">
              ${st('points.poolAdded', { added: added.added, sent: added.sent, name, left: added.left })}
            </p>`
            : nothing
        }
        ${
          lines.length
            ? html`<p>${st('points.poolLines')}</p>
              <ul class="lines">
                ${lines.map((p) => html`<li data-line=${p.line} data-kind=${p.kind}>${lineText(st, p)}</li>`)}
              </ul>`
            : nothing
        }
      </div>
      <p class="refusal" role="alert">
        ${read?.tooMany ? st('points.poolTooMany', { codes, max: CODES_PER_UPLOAD }) : (upload?.failed ?? '')}
      </p>
      <p class="row">
        <button
          type="button"
          ?disabled=${!codes || !!read?.tooMany || !!upload?.sending || !!added}
          @click=${() => void this.send(reward)}
        >
          ${st('points.poolSend', { codes, name })}
        </button>
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-code-pools': UcStudioCodePools;
  }
}
