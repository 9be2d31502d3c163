import { css } from 'lit';

export const alertStyles = css`
  :host {
    display: block;
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin-top: var(--uc-space);
  }
  th,
  td {
    text-align: start;
    padding: 4px var(--uc-space);
    border-bottom: 1px solid var(--uc-color-border);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  .kind {
    font-weight: 600;
    margin-inline-end: 4px;
  }
  .kind[data-kind='overdue'] {
    color: var(--uc-color-danger);
  }
  .kind[data-kind='due_soon'] {
    color: var(--uc-color-warning);
  }
  tr.dismissed {
    color: var(--uc-color-muted);
  }
  td button {
    margin-inline-start: var(--uc-space);
  }
`;
