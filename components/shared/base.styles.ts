import { css } from 'lit';

/** The dark palette: used when the page prefers dark (unless the config says light) or the config says dark. */
const dark = css`
  --uc-color-text: #e6edf3;
  --uc-color-muted: #9da7b3;
  --uc-color-bg: #161b22;
  --uc-color-surface: #0d1117;
  --uc-color-border: #6e7681;
  --uc-color-accent: #58a6ff;
  --uc-color-on-accent: #0d1117;
  --uc-color-danger: #ff7b72;
  --uc-color-success: #3fb950;
  --uc-focus-ring: 0 0 0 3px #58a6ff80;
  color-scheme: dark;
`;

/**
 * The design tokens every usercare element reads. Pages override them on the
 * element (`uc-feedback-form { --uc-color-accent: teal }`): page rules beat
 * :host rules. Contrast of each text/background pair is ≥ 4.5:1 (WCAG 2.2 AA).
 */
export const tokens = css`
  :host {
    --uc-font: system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif;
    --uc-color-text: #1f2328;
    --uc-color-muted: #57606a;
    --uc-color-bg: #ffffff;
    --uc-color-surface: #f6f8fa;
    --uc-color-border: #8c959f;
    --uc-color-accent: #0b5cad;
    --uc-color-on-accent: #ffffff;
    --uc-color-danger: #b42318;
    --uc-color-success: #1a7f37;
    --uc-radius: 6px;
    --uc-space: 0.75rem;
    --uc-focus-ring: 0 0 0 3px #0b5cad66;
    display: block;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-uc-scheme='light'])) {
      ${dark}
    }
  }
  :host([data-uc-scheme='dark']) {
    ${dark}
  }
  :host([hidden]) {
    display: none;
  }
  [part~='base'] {
    font-family: var(--uc-font);
    color: var(--uc-color-text);
    background: var(--uc-color-bg);
    line-height: 1.5;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--uc-radius);
    border: 1px solid var(--uc-color-border);
    background: var(--uc-color-surface);
    color: var(--uc-color-text);
    padding: 0.4rem 0.9rem;
  }
  button.primary {
    background: var(--uc-color-accent);
    border-color: var(--uc-color-accent);
    color: var(--uc-color-on-accent);
  }
  button:disabled {
    cursor: progress;
    opacity: 0.7;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--uc-focus-ring);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
