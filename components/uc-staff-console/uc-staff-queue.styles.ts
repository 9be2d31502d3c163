import { css } from 'lit';

export const queueStyles = css`
  :host {
    display: block;
  }
  [part~='base'] {
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 calc(var(--uc-space) * 2);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--uc-space) calc(var(--uc-space) * 2);
    margin-bottom: calc(var(--uc-space) * 2);
  }
  .filters label {
    display: flex;
    flex-direction: column;
    font-size: 0.875rem;
    gap: 2px;
  }
  lit-virtualizer {
    min-height: 60vh;
  }
  .item {
    width: 100%;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(9em, auto) auto 1fr auto;
    gap: 2px calc(var(--uc-space) * 2);
    padding: var(--uc-space) calc(var(--uc-space) * 1.5);
    border-bottom: 1px solid var(--uc-color-border);
    border-inline-start: 4px solid transparent;
    color: inherit;
    text-decoration: none;
    overflow-wrap: anywhere;
  }
  .row:hover {
    background: var(--uc-color-surface);
  }
  .row:focus-visible {
    outline: none;
    box-shadow: var(--uc-focus-ring);
  }
  .row[data-state='overdue'] {
    border-inline-start-color: var(--uc-color-danger);
  }
  .row[data-state='soon'] {
    border-inline-start-color: var(--uc-color-warning);
  }
  .row[data-state='paused'] {
    border-inline-start-color: var(--uc-color-muted);
  }
  .number {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .status {
    justify-self: start;
    padding: 0 6px;
    border-radius: var(--uc-radius);
    background: var(--uc-color-surface);
    font-size: 0.875rem;
  }
  .meta,
  .assignee {
    color: var(--uc-color-muted);
    font-size: 0.875rem;
  }
  /* Who else is on it: a line of its own, only when someone is (lit's markers are comments, which :empty ignores). */
  .presence {
    grid-column: 1 / -1;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .presence:empty {
    display: none;
  }
  .deadlines {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 2px calc(var(--uc-space) * 2);
    font-size: 0.875rem;
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
  .excerpt {
    grid-column: 1 / -1;
    color: var(--uc-color-muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
`;
