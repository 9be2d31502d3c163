import { css } from 'lit';

/**
 * What every operator element draws with beside base.styles' (which every
 * end-user page carries, buttons and focus included): its own token, and the
 * look of its fields.
 */
export const staffTokens = css`
  :host {
    /* deadlines due soon: 4.5:1 or more on the background, light and dark */
    --uc-color-warning: #8a4b00;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-uc-scheme='light'])) {
      --uc-color-warning: #e3b341;
    }
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 4px 6px;
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    background: var(--uc-color-bg);
    color: var(--uc-color-text);
  }
  a {
    color: var(--uc-color-accent);
  }
  [part~='error'] {
    color: var(--uc-color-danger);
  }
`;
