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
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  textarea {
    font: inherit;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 0.875rem;
  }
  input,
  button {
    font: inherit;
    padding: 4px 6px;
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    background: var(--uc-color-bg);
    color: var(--uc-color-text);
  }
  :is(a, button, input):focus-visible {
    outline: none;
    box-shadow: var(--uc-focus-ring);
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
  a {
    color: var(--uc-color-accent);
  }
  [part~='error'] {
    color: var(--uc-color-danger);
  }
`;
