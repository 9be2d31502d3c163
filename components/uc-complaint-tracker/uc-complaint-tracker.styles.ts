import { css } from 'lit';

export const styles = css`
  [part~='base'] {
    padding: var(--uc-space);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    max-width: 44rem;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 var(--uc-space);
  }
  h3 {
    font-size: 1rem;
    margin: calc(var(--uc-space) * 1.5) 0 calc(var(--uc-space) / 2);
  }
  ul[part='list'],
  ol[part='timeline'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--uc-space) / 2);
  }
  li[part='item'] {
    /* Rows off screen skip layout and paint until scrolled to. */
    content-visibility: auto;
    contain-intrinsic-size: auto 6rem;
  }
  button.more {
    margin-top: calc(var(--uc-space) / 2);
    background: var(--uc-color-surface);
    color: var(--uc-color-text);
    border-color: var(--uc-color-border);
  }
  button.item {
    display: grid;
    gap: 0.25rem;
    width: 100%;
    text-align: start;
    background: var(--uc-color-bg);
    color: var(--uc-color-text);
    border: 1px solid var(--uc-color-border);
  }
  .number {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .meta,
  time,
  small {
    color: var(--uc-color-muted);
    font-size: 0.875rem;
  }
  .status {
    display: inline-block;
    width: fit-content;
    padding: 0 0.5rem;
    border-radius: 999px;
    background: var(--uc-color-surface);
    border: 1px solid var(--uc-color-border);
    font-size: 0.875rem;
  }
  .status[data-status='resolved'],
  .status[data-status='closed'] {
    color: var(--uc-color-success);
  }
  .status[data-status='awaiting_user'] {
    font-weight: 600;
  }
  .deadline[data-state='overdue'] {
    color: var(--uc-color-danger);
    font-weight: 600;
  }
  blockquote.message {
    margin: var(--uc-space) 0;
    padding: calc(var(--uc-space) / 2) var(--uc-space);
    border-inline-start: 3px solid var(--uc-color-border);
    white-space: pre-wrap;
  }
  ol[part='timeline'] li {
    display: grid;
    gap: 0.125rem;
    padding-inline-start: var(--uc-space);
    border-inline-start: 2px solid var(--uc-color-border);
  }
  .who {
    font-weight: 600;
  }
  .text {
    margin: 0;
    white-space: pre-wrap;
  }
  form,
  fieldset {
    display: grid;
    gap: calc(var(--uc-space) / 2);
    margin: var(--uc-space) 0;
  }
  fieldset {
    border: 0;
    padding: 0;
  }
  legend,
  label {
    font-weight: 600;
  }
  .stars {
    display: flex;
    gap: 0.5rem;
  }
  .stars label {
    font-weight: 400;
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  textarea,
  input:not([type='radio']) {
    font: inherit;
    color: inherit;
    background: var(--uc-color-bg);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    padding: 0.5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--uc-space) / 2);
    margin: var(--uc-space) 0;
  }
  button {
    font: inherit;
    cursor: pointer;
    padding: 0.5rem 0.9rem;
    border-radius: var(--uc-radius);
    border: 1px solid var(--uc-color-accent);
    background: var(--uc-color-accent);
    color: var(--uc-color-on-accent);
  }
  button.back,
  [part='actions'] button {
    background: var(--uc-color-surface);
    color: var(--uc-color-text);
    border-color: var(--uc-color-border);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  summary:focus-visible {
    outline: none;
    box-shadow: var(--uc-focus-ring);
  }
  [part~='notice'] {
    background: var(--uc-color-surface);
    padding: calc(var(--uc-space) / 2) var(--uc-space);
    border-radius: var(--uc-radius);
  }
  [part~='error'] {
    color: var(--uc-color-danger);
  }
  [part='path'] p {
    margin: 0.25rem 0;
  }
  [part='third-party'] dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem var(--uc-space);
    margin: 0;
  }
  [part='third-party'] dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  [part='third-party'] h4 {
    font-size: 0.95rem;
    margin: var(--uc-space) 0 0;
  }
  .outcome {
    margin-inline-start: 0.5rem;
  }
  ul.files {
    margin: 0.25rem 0;
    padding-inline-start: 1.25rem;
  }
  button.link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--uc-color-accent);
    text-decoration: underline;
  }
  details[part='lookup'] {
    margin-top: calc(var(--uc-space) * 1.5);
  }
`;
