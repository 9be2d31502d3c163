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
  .views {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--uc-space) calc(var(--uc-space) * 2);
    margin-bottom: var(--uc-space);
  }
  .views > label,
  .save > label:not(.check) {
    display: flex;
    flex-direction: column;
    font-size: 0.875rem;
    gap: 2px;
  }
  .columns {
    position: relative;
  }
  .columns summary {
    cursor: pointer;
    padding: 2px 0;
  }
  .columns fieldset {
    position: absolute;
    z-index: 1;
    margin: 0;
    padding: var(--uc-space) calc(var(--uc-space) * 1.5);
    background: var(--uc-color-bg);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    white-space: nowrap;
  }
  .columns legend {
    font-size: 0.875rem;
    padding: 0;
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--uc-space);
  }
  .save,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--uc-space) calc(var(--uc-space) * 2);
    margin-bottom: var(--uc-space);
    padding: var(--uc-space) calc(var(--uc-space) * 1.5);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
  }
  .save h3 {
    flex-basis: 100%;
    font-size: 1rem;
    margin: 0;
  }
  .save .hint,
  .confirm p {
    flex-basis: 100%;
    margin: 0;
  }
  .save .actions {
    display: flex;
    gap: var(--uc-space);
  }
  .problem {
    color: var(--uc-color-danger);
  }
  .views-note {
    margin: 0;
  }
  /* Columns the view hides (a class on the frame, so rows are not made again). */
  .hide-channel .channel,
  .hide-category .category,
  .hide-assignee .assignee,
  .hide-deadlines .deadlines,
  .hide-received .received {
    display: none;
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
