import { css } from 'lit';

export const consoleStyles = css`
  :host {
    display: block;
  }
  [part~='base'] {
    font-family: var(--uc-font);
    color: var(--uc-color-text);
    background: var(--uc-color-bg);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--uc-space) calc(var(--uc-space) * 3);
    padding-bottom: var(--uc-space);
    border-bottom: 1px solid var(--uc-color-border);
    margin-bottom: calc(var(--uc-space) * 2);
  }
  h1 {
    font-size: 1.375rem;
    margin: 0;
  }
  .who {
    margin: 0;
    color: var(--uc-color-muted);
  }
  form[role='search'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px var(--uc-space);
  }
  form[role='search'] input {
    min-width: 16em;
  }
  nav {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--uc-space) calc(var(--uc-space) * 2);
    margin-inline-start: auto;
  }
  nav a {
    color: var(--uc-color-accent);
  }
  nav a[aria-current='page'] {
    font-weight: 600;
  }
  [part~='announcement'] {
    margin: 0 0 var(--uc-space);
    font-weight: 600;
  }
  [part~='announcement']:empty {
    margin: 0;
  }
  [part~='keys'] {
    padding: var(--uc-space);
    background: var(--uc-color-surface);
    border-radius: var(--uc-radius);
  }
  [part~='notice'] {
    padding: var(--uc-space);
    border-radius: var(--uc-radius);
    background: var(--uc-color-surface);
  }
`;
