import { css } from 'lit';
import { tokens } from '../shared/base.styles';

/**
 * Fixed to the bottom of the viewport, so it covers rather than moves the page
 * (CLS 0). The three choices share one style: rejecting is as easy to see and
 * to hit as accepting.
 */
export const consentBannerStyles = [
  tokens,
  css`
    :host {
      position: fixed;
      inset: auto 0 0 0;
      z-index: 2147483000;
      display: block;
      pointer-events: none;
    }
    [part~='banner'] {
      pointer-events: auto;
      box-sizing: border-box;
      max-width: 48rem;
      margin: 0 auto var(--uc-space);
      padding: calc(var(--uc-space) * 1.25);
      border: 1px solid var(--uc-color-border);
      border-radius: var(--uc-radius);
      box-shadow: 0 4px 24px #0003;
      max-height: calc(100vh - 2 * var(--uc-space));
      overflow: auto;
    }
    [part~='banner']:focus {
      outline: none;
      box-shadow: 0 4px 24px #0003, var(--uc-focus-ring);
    }
    h2 {
      font-size: 1.1rem;
      margin: 0 0 0.5rem;
    }
    h3 {
      font-size: 1rem;
      margin: 1rem 0 0.25rem;
    }
    p {
      margin: 0 0 0.75rem;
    }
    .note,
    .version,
    .description {
      color: var(--uc-color-muted);
      font-size: 0.9em;
    }
    .actions {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
      gap: 0.5rem;
      margin-top: 0.75rem;
    }
    [part~='button'] {
      min-height: 2.75rem;
      padding: 0.5rem 1rem;
      border: 2px solid var(--uc-color-accent);
      border-radius: var(--uc-radius);
      background: var(--uc-color-accent);
      color: var(--uc-color-on-accent);
      font-weight: 600;
    }
    [part~='button']:disabled {
      opacity: 0.55;
      cursor: not-allowed;
    }
    button:focus-visible,
    input:focus-visible,
    a:focus-visible,
    summary:focus-visible {
      outline: none;
      box-shadow: var(--uc-focus-ring);
    }
    a {
      color: var(--uc-color-accent);
    }
    fieldset {
      border: 1px solid var(--uc-color-border);
      border-radius: var(--uc-radius);
      margin: 0 0 0.75rem;
    }
    fieldset label {
      display: block;
    }
    dialog {
      pointer-events: auto;
      box-sizing: border-box;
      width: min(40rem, calc(100vw - 2rem));
      max-height: calc(100vh - 2rem);
      padding: calc(var(--uc-space) * 1.25);
      border: 1px solid var(--uc-color-border);
      border-radius: var(--uc-radius);
    }
    dialog::backdrop {
      background: #0008;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: start;
    }
    .close {
      min-width: 2.75rem;
      min-height: 2.75rem;
      border: 1px solid var(--uc-color-border);
      border-radius: var(--uc-radius);
      background: transparent;
      color: var(--uc-color-text);
      font-size: 1.25rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .purposes > li {
      padding: 0.6rem 0;
      border-bottom: 1px solid var(--uc-color-border);
    }
    details ul {
      padding-left: 1.75rem;
    }
    summary {
      margin: 0.25rem 0 0 1.75rem;
      cursor: pointer;
    }
    .toggle {
      display: grid;
      grid-template-columns: auto 1fr;
      column-gap: 0.5rem;
      align-items: start;
    }
    .toggle input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0.15rem 0 0;
    }
    .toggle label {
      font-weight: 600;
    }
    .toggle .description {
      grid-column: 2;
    }
  `,
];
