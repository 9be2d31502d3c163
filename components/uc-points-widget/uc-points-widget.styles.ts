import { css } from 'lit';

export const styles = css`
  [part~='base'] {
    padding: var(--uc-space);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    max-width: 36rem;
  }
  [part~='base'].compact {
    padding: 0;
    border: 0;
    background: transparent;
    display: inline-block;
    position: relative;
  }
  .compact .panel {
    position: absolute;
    z-index: 10;
    inset-inline-end: 0;
    margin-top: 0.25rem;
    width: min(28rem, 90vw);
    max-height: 70vh;
    overflow: auto;
    padding: var(--uc-space);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    background: var(--uc-color-bg);
    color: var(--uc-color-text);
    box-shadow: 0 4px 16px #0003;
  }
  [part='badge'] {
    font-weight: 600;
    border-radius: 999px;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 var(--uc-space);
  }
  h3 {
    font-size: 1rem;
    margin: calc(var(--uc-space) * 1.5) 0 calc(var(--uc-space) / 2);
  }
  .balance strong {
    font-size: 1.8rem;
  }
  .muted,
  .balance .label {
    color: var(--uc-color-muted);
    font-size: 0.9em;
  }
  p {
    margin: 0.25rem 0;
  }
  progress {
    width: 100%;
    accent-color: var(--uc-color-accent);
  }
  ul,
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--uc-space) / 2);
  }
  [part='reward'],
  .codes li,
  [part='entry'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    padding: calc(var(--uc-space) / 2) 0;
    border-bottom: 1px solid var(--uc-color-surface);
  }
  .reward-name,
  .what {
    flex: 1 1 12rem;
  }
  .amount {
    min-width: 4rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .amount[data-sign='plus'] {
    color: var(--uc-color-success);
  }
  .amount[data-sign='minus'] {
    color: var(--uc-color-danger);
  }
  /* Pending points are set apart by shape, not by a fainter colour (contrast stays 4.5:1). */
  [data-status='pending'] .amount {
    font-style: italic;
  }
  .codes li.undone span:first-child {
    text-decoration: line-through;
  }
  [part='confirm'],
  [part~='notice'],
  [part~='error'] {
    padding: calc(var(--uc-space) / 2) var(--uc-space);
    border-radius: var(--uc-radius);
    background: var(--uc-color-surface);
    margin: calc(var(--uc-space) / 2) 0;
  }
  [part~='error'] {
    color: var(--uc-color-danger);
  }
  .redeemed {
    font-weight: 600;
  }
  button.link {
    border: 0;
    background: none;
    color: inherit;
    text-decoration: underline;
    padding: 0;
  }
  button:focus-visible {
    outline: none;
    box-shadow: var(--uc-focus-ring);
  }
  button:disabled {
    cursor: not-allowed;
  }
`;
