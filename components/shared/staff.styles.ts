import { css } from 'lit';

/** Tokens only operator elements use, beside base.styles' (which every end-user page carries). */
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
`;
