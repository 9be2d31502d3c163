import { css } from 'lit';

export const intakeStyles = css`
  :host {
    display: block;
    font-family: var(--uc-font);
    color: var(--uc-color-text);
  }
  .intake {
    display: flex;
    flex-direction: column;
    gap: 4px;
    max-width: 40rem;
  }
  .intake label {
    font-weight: 600;
    margin-top: var(--uc-space);
  }
  small {
    color: var(--uc-color-muted);
  }
  .field-error {
    font-size: 0.875rem;
  }
  [aria-invalid='true'] {
    border-color: var(--uc-color-danger);
  }
  [part~='result'] {
    padding: var(--uc-space);
    background: var(--uc-color-surface);
    border-radius: var(--uc-radius);
  }
  [part~='result'] p {
    display: flex;
    flex-wrap: wrap;
    gap: var(--uc-space) calc(var(--uc-space) * 2);
    align-items: center;
  }
`;
