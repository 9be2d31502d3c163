import { css } from 'lit';

export const searchStyles = css`
  :host {
    display: block;
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  ol {
    list-style: none;
    margin: var(--uc-space) 0 0;
    padding: 0;
  }
  li {
    padding: var(--uc-space) 0;
    border-bottom: 1px solid var(--uc-color-border);
  }
  p {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--uc-space);
    align-items: baseline;
  }
  .head a {
    color: var(--uc-color-accent);
    font-weight: 600;
  }
  .kind,
  .meta {
    color: var(--uc-color-muted);
  }
  .snippet {
    margin: 4px 0;
  }
  /* The accent's own pair of colours, contrast checked for buttons, light and dark. */
  mark {
    background: var(--uc-color-accent);
    color: var(--uc-color-on-accent);
    border-radius: 2px;
    padding: 0 1px;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--uc-space) * 2);
    font-size: 0.875rem;
  }
  .more {
    margin-top: var(--uc-space);
  }
`;
