import { css } from 'lit';

export const auditStyles = css`
  :host {
    display: block;
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--uc-space) calc(var(--uc-space) * 2);
    align-items: flex-end;
  }
  label.wide {
    flex-basis: 100%;
  }
  textarea {
    font: inherit;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 0.875rem;
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
  small {
    color: var(--uc-color-muted);
  }
`;
