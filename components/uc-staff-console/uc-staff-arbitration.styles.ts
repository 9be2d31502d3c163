import { css } from 'lit';

/** The workbench: the two sides in columns while there is room for both, one above the other when not. */
export const arbitrationStyles = css`
  :host {
    display: block;
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  h3 {
    font-size: 1rem;
    margin: calc(var(--uc-space) * 2) 0 var(--uc-space);
  }
  h4 {
    font-size: 0.95rem;
    margin: var(--uc-space) 0;
  }
  h5 {
    font-size: 0.9rem;
    margin: var(--uc-space) 0 4px;
  }
  .sides {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    gap: calc(var(--uc-space) * 2);
  }
  .side {
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    padding: var(--uc-space);
    min-width: 0;
  }
  ol,
  ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ol li {
    padding: 4px 0;
  }
  ol li + li {
    border-top: 1px solid var(--uc-color-border);
  }
  small,
  .note {
    color: var(--uc-color-muted);
  }
  small {
    margin-inline-start: var(--uc-space);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 4px 0 0;
  }
  .why {
    border-inline-start: 4px solid var(--uc-color-warning);
    padding: 4px var(--uc-space);
    background: var(--uc-color-surface);
  }
  .rulings li {
    border-inline-start: 4px solid var(--uc-color-accent);
    padding-inline-start: var(--uc-space);
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: var(--uc-space) 0;
    max-width: 48rem;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 4px calc(var(--uc-space) * 2);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
  }
  .check {
    display: inline-flex;
    gap: 4px;
    align-items: center;
  }
  .fields {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px calc(var(--uc-space) * 2);
    margin: 0;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: var(--uc-color-accent);
    text-decoration: underline;
  }
`;
