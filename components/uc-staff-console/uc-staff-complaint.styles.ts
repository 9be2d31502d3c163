import { css } from 'lit';

export const complaintStyles = css`
  :host {
    display: block;
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  h2 {
    font-size: 1.25rem;
    margin: var(--uc-space) 0;
  }
  h3 {
    font-size: 1rem;
    margin: calc(var(--uc-space) * 2) 0 var(--uc-space);
  }
  .status {
    padding: 0 6px;
    border-radius: var(--uc-radius);
    background: var(--uc-color-surface);
  }
  .meta,
  .note,
  small {
    color: var(--uc-color-muted);
  }
  .deadlines {
    display: flex;
    flex-wrap: wrap;
    gap: 2px calc(var(--uc-space) * 2);
  }
  .deadline[data-state='overdue'] {
    color: var(--uc-color-danger);
    font-weight: 600;
  }
  .deadline[data-state='soon'] {
    color: var(--uc-color-warning);
    font-weight: 600;
  }
  .deadline[data-state='paused'] {
    color: var(--uc-color-muted);
  }
  .fields {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px calc(var(--uc-space) * 2);
    margin: 0;
  }
  dd {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: var(--uc-space) 0;
    max-width: 48rem;
  }
  form.inline {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--uc-space);
  }
  .check {
    display: inline-flex;
    gap: 4px;
    align-items: center;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: var(--uc-color-accent);
    text-decoration: underline;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--uc-space);
  }
  ol {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ol li {
    padding: var(--uc-space) 0;
    border-bottom: 1px solid var(--uc-color-border);
  }
  li.internal {
    background: var(--uc-color-surface);
    padding-inline: var(--uc-space);
    border-inline-start: 4px solid var(--uc-color-warning);
  }
  .who {
    font-weight: 600;
    margin-inline: var(--uc-space);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 4px 0 0;
  }
  /* Colleagues on it: a line that takes no room while nobody is. */
  .presence {
    margin: 0;
    font-weight: 600;
  }
  .conflict {
    padding: var(--uc-space);
    border: 1px solid var(--uc-color-border);
    border-inline-start: 4px solid var(--uc-color-danger);
    border-radius: var(--uc-radius);
    background: var(--uc-color-surface);
  }
  .conflict h3 {
    margin-top: 0;
  }
  .conflict-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--uc-space);
  }
`;
