import { css } from 'lit';

export const styles = css`
  [part~='base'] {
    padding: var(--uc-space);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    max-width: 40rem;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 var(--uc-space);
  }
  form,
  fieldset {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--uc-space);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
  }
  /* Grid items and fieldsets are as wide as their content by default: a long category name would push a phone's page sideways. */
  fieldset,
  [part~='field'] {
    min-width: 0;
    grid-template-columns: minmax(0, 1fr);
  }
  legend,
  label {
    font-weight: 600;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .choices label,
  label.choices {
    font-weight: normal;
  }
  [part~='field'] {
    display: grid;
    gap: 0.25rem;
  }
  input:not([type='radio'], [type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--uc-color-bg);
    border: 1px solid var(--uc-color-border);
    border-radius: var(--uc-radius);
    padding: 0.4rem 0.5rem;
    max-width: 100%;
    box-sizing: border-box;
  }
  textarea {
    min-height: 7rem;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--uc-color-danger) !important;
  }
  .hint,
  [part~='purpose'],
  [part~='draft-status'] {
    color: var(--uc-color-muted);
    font-size: 0.875rem;
    margin: 0;
  }
  [part~='field-error'],
  [part~='error'] {
    color: var(--uc-color-danger);
    margin: 0;
  }
  [part~='notice'],
  [part~='queue'],
  [part~='receipt'] {
    background: var(--uc-color-surface);
    border-radius: var(--uc-radius);
    padding: var(--uc-space);
    margin: 0 0 var(--uc-space);
  }
  [part~='receipt'] strong {
    color: var(--uc-color-success);
  }
  .files {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
  }
  .required {
    color: var(--uc-color-danger);
  }
`;
