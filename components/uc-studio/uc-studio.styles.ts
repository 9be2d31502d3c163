import { css } from 'lit';

export const studioStyles = css`
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
    border-bottom: 1px solid var(--uc-color-border);
    margin-bottom: calc(var(--uc-space) * 2);
  }
  h1 {
    font-size: 1.375rem;
    margin: 0;
  }
  .who,
  .help {
    color: var(--uc-color-muted);
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: calc(var(--uc-space) * 3);
    align-items: start;
  }
  @media (max-width: 900px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .preview {
    position: sticky;
    top: 0;
  }
  fieldset {
    border: 1px solid var(--uc-color-border);
    margin: var(--uc-space) 0;
  }
  .row,
  form.add {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px var(--uc-space);
  }
  form.add .legend {
    flex-basis: 100%;
    font-weight: 600;
    margin: var(--uc-space) 0 0;
  }
  .items li {
    margin: 4px 0;
  }
  .items .retired .what {
    color: var(--uc-color-muted);
    text-decoration: line-through;
  }
  .actions button {
    margin-inline-start: 4px;
  }
  .problems,
  .refusal,
  [role='alert'] {
    color: var(--uc-color-danger, #b3261e);
  }
  .sides {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--uc-space);
  }
  .side {
    border: 1px solid var(--uc-color-border);
    padding: 0 var(--uc-space);
  }
  textarea {
    display: block;
    width: 100%;
    box-sizing: border-box;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--uc-color-focus, #1a5fb4);
    outline-offset: 2px;
  }
  nav.sections ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px calc(var(--uc-space) * 2);
    list-style: none;
    padding: 0;
  }
  nav.sections a {
    color: var(--uc-color-accent);
  }
  .section:focus {
    outline: none;
  }
  .section:focus-visible > section > h2 {
    outline: 2px solid var(--uc-color-focus, #1a5fb4);
  }
  .texts {
    list-style: none;
    padding: 0;
  }
  .texts > li {
    border-top: 1px solid var(--uc-color-border);
  }
  table.contrast {
    border-collapse: collapse;
    margin: var(--uc-space) 0;
  }
  table.contrast th,
  table.contrast td {
    text-align: start;
    padding: 2px var(--uc-space);
  }
  table.contrast tr.low td {
    color: var(--uc-color-danger, #b3261e);
    font-weight: 600;
  }
  .once {
    border: 2px solid var(--uc-color-danger, #b3261e);
    padding: 0 var(--uc-space);
  }
  .once code.secret {
    word-break: break-all;
    color: var(--uc-color-text);
  }
  /* A date input's focus is on its day, month or year inside it, where :focus-visible does not reach. */
  input[type='date']:focus-within,
  input[type='datetime-local']:focus-within,
  input[type='time']:focus-within,
  a:focus-visible {
    outline: 2px solid var(--uc-color-focus, #1a5fb4);
    outline-offset: 2px;
  }
  table.policies {
    border-collapse: collapse;
    margin: var(--uc-space) 0;
  }
  table.policies th,
  table.policies td {
    text-align: start;
    vertical-align: top;
    padding: 2px var(--uc-space);
    border-top: 1px solid var(--uc-color-border);
  }
  table.policies tr.policy-change td {
    border-top: none;
    padding-bottom: var(--uc-space);
  }
  table.policies .problems {
    margin: 4px 0 0;
  }
  .policy-editor fieldset.rule {
    display: flex;
    flex-wrap: wrap;
    gap: 4px var(--uc-space);
  }
  .deadline-preview {
    border: 1px solid var(--uc-color-border);
    padding: 0 var(--uc-space);
    margin: var(--uc-space) 0;
  }
  /* Forms: a field's editor, its options and lint's warnings beside what they concern */
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.7;
  }
  details.editor {
    margin: 4px 0 var(--uc-space);
  }
  details.editor > summary {
    cursor: pointer;
    width: max-content;
    max-width: 100%;
  }
  summary:focus-visible {
    outline: 2px solid var(--uc-color-focus, #1a5fb4);
    outline-offset: 2px;
  }
  details.editor .fields {
    border-inline-start: 2px solid var(--uc-color-border);
    padding-inline-start: var(--uc-space);
  }
  .options li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px var(--uc-space);
  }
  fieldset.first-option {
    flex-basis: 100%;
  }
  .warnings p {
    margin: 0;
    font-weight: 600;
  }
`;
