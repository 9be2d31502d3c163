/**
 * The consent stub, part of the loader: it runs synchronously in the
 * loader's classic script, before any other script of the page, on pages
 * whose loader tag has `data-consent`. Every page pays for
 * these bytes, so it stays small: no zod, no Lit, types only from the contract.
 *
 * - Google Consent Mode v2: `default` (all denied) at once, then `update` from the decision in force;
 * - activates gated `<script type="text/plain" data-uc-category>` and `[data-uc-src]` elements the decision allows
 *   (the loader's MutationObserver hands it elements added later);
 * - clears declared cookies of refused categories and services;
 * - installs `usercare.consent` and `<uc-consent-settings>`;
 * - loads the banner's UI only when something must be asked, the user opens the settings, or the
 *   server's consent config has a new revision.
 */
import { consentConfigUrl } from './config-url';
import type { ConsentApi, ConsentState } from './api';
import {
  decisionKey,
  configKey,
  proofKey,
  decodeDecision,
  encodeDecision,
  grantsOf,
  type CachedConsentConfig,
  type Grants,
  type StoredDecision,
} from './decision';

declare global {
  interface Window {
    dataLayer?: unknown[];
  }
  interface Navigator {
    globalPrivacyControl?: boolean;
  }
}

/** Consent Mode signal → the category that grants it (GCM_SIGNALS in src/contract/consent.ts, turned around). */
const SIGNALS = {
  analytics_storage: 'analytics',
  ad_storage: 'marketing',
  ad_user_data: 'marketing',
  ad_personalization: 'marketing',
};
/** What the stub gates: scripts, and iframe/img/video/audio/source/embed (any element) with `data-uc-src`. */
const GATED = 'script[type="text/plain"][data-uc-category],[data-uc-src]';
const BANNER = 'uc-consent-banner';

/**
 * Starts consent management on this page. `endpoint` as on the loader's tag
 * (relative to the page); `load` loads an element's chunk the way the loader does. Returns what the loader's MutationObserver calls with
 * each element added to the page.
 */
export function consentStub(
  w: Window,
  d: Document,
  site: string,
  endpoint: string | undefined,
  nonce: string,
  load: (tag: string) => void,
): (added: Element) => void {
  // gtag.js reads Arguments objects, not arrays.
  const gtag = function () {
    // eslint-disable-next-line prefer-rest-params
    (w.dataLayer ||= []).push(arguments);
  } as (...args: unknown[]) => void;
  const signals = (granted: (category: string) => unknown) =>
    Object.fromEntries(
      Object.entries(SIGNALS).map(([signal, category]) => [signal, granted(category) ? 'granted' : 'denied']),
    );
  gtag('consent', 'default', { ...signals(() => 0), wait_for_update: 500 });

  const dKey = decisionKey(site);
  const gpc = navigator.globalPrivacyControl === true;
  const stored = (key: string) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage blocked: no decision, never assume consent
    }
  };
  let config: CachedConsentConfig | undefined;
  let decision: StoredDecision | undefined;
  let grants!: Grants;
  /** Reads the decision and the cached config again (or takes the ones given), and what they allow now. */
  const refresh = (given?: StoredDecision, givenConfig?: CachedConsentConfig) => {
    decision = given ?? decodeDecision(stored(dKey), site);
    try {
      config = givenConfig ?? (JSON.parse(stored(configKey(site))!) as CachedConsentConfig | null) ?? config;
      grants = grantsOf(config, decision, Date.now(), gpc);
    } catch {
      grants = grantsOf((config = undefined), decision, 0, gpc); // not a config: as if there were none
    }
  };

  /** a decision is in force (some of its choices may be for older versions) */
  const valid = () => decision && decision.expires > Date.now();
  const iso = (time: number) => new Date(time).toJSON();
  const state = (): ConsentState => ({
    ...grants,
    decided: !grants.ask.length,
    gpc,
    ...(valid() && { id: decision!.id, decidedAt: iso(decision!.at), expiresAt: iso(decision!.expires) }),
  });

  const warned = new WeakSet<Element>();
  /**
   * Whether the parser has moved past `node` (it or an ancestor has a next sibling) or is done. Until then a
   * script's text may be partial: a page that arrives in parts can give the observer the first part of it.
   * A heuristic: markup the page's own scripts add after an open element, or that the parser moves (a table's
   * foster parenting), can make a script look whole early.
   */
  const whole = (node: Node | null): unknown =>
    d.readyState !== 'loading' || (node && (node.nextSibling || whole(node.parentNode)));
  /** The last allowed script left for later, as its text may be partial: once it is whole, the next call looks at the whole page. */
  let pending: Element | null = null;
  /** Activates what `root` (and its subtree) gates, if allowed now. Nothing while the config is unknown. */
  const gate = (root: Element) => {
    if (pending && whole(pending)) {
      root = d.documentElement;
      pending = null;
    }
    if (config)
      for (const el of [
        ...(root.matches(GATED) ? [root] : []),
        ...root.querySelectorAll(GATED),
      ] as HTMLScriptElement[]) {
        const { ucCategory, ucService, ucSrc, ucType } = el.dataset;
        const key = ucService ? `${ucCategory}/${ucService}` : ucCategory!;
        const map = ucService ? grants.services : grants.categories;
        const script = el.localName === 'script';
        // On a page that uses nonces, a gated script must carry the page's own: otherwise markup injected
        // into the page could have the stub run it with a valid nonce, around the page's CSP.
        const foreign = script && nonce && el.nonce !== nonce;
        if (foreign || !Object.hasOwn(map, key)) {
          if (!warned.has(el))
            console.warn(
              `usercare: blocked (${foreign ? 'no nonce' : `unknown category ${key}`})`,
              ucSrc || el.src || el.text.slice(0, 80),
            );
          warned.add(el);
        } else if (map[key] === true) {
          if (!script) {
            // activated, it no longer matches GATED
            delete el.dataset.ucSrc;
            el.setAttribute('src', ucSrc!);
            // a media element that already looked for a <source> does not look at this one again by itself
            if (el.localName === 'source') (el.parentElement as HTMLMediaElement | null)?.load?.();
          } else if (!whole(el)) pending = el;
          else {
            // Replaced by a script that runs: its source in `src`, or in `data-uc-src` as other consent tools write it.
            const next = d.createElement('script');
            for (const { name, value } of el.attributes)
              if (!/^(type|nonce|data-uc-)/.test(name)) next.setAttribute(name, value);
            if (ucSrc) next.src = ucSrc;
            if (ucType) next.type = ucType;
            next.nonce = nonce;
            // In document order, like the scripts they stand for: a parser's script is async only with the attribute.
            next.async = el.async;
            next.text = el.text;
            el.replaceWith(next);
          }
        }
      }
  };
  const gateAll = () => gate(d.documentElement);
  // What was left for later, once the parser is done: before deferred scripts and DOMContentLoaded, as where it stands.
  d.addEventListener('readystatechange', gateAll);

  /** Applies the grants to the page: Consent Mode (when a decision is in force, and on every change), gated elements, cookies. */
  const apply = (change?: 1) => {
    if (change || valid())
      gtag(
        'consent',
        'update',
        signals((category) => grants.categories[category]),
      );
    gateAll();
    const refused: string[] = [];
    for (const category of config?.categories ?? []) {
      if (!grants.categories[category.id]) refused.push(...(category.cookies ?? []));
      for (const service of category.services ?? [])
        if (!grants.services[`${category.id}/${service.id}`]) refused.push(...(service.cookies ?? []));
    }
    for (const cookie of d.cookie.split(';')) {
      const name = cookie.split('=')[0]!.trim();
      // on this host, and on each parent domain it may have been set for
      if (refused.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p)))
        for (const domain of [
          '',
          ...location.hostname.split('.').map((_, i, labels) => `;domain=${labels.slice(i).join('.')}`),
        ])
          d.cookie = `${name}=;max-age=0;path=/${domain}`;
    }
  };

  let decided!: (state: ConsentState) => void;
  const listeners = new Set<(state: ConsentState) => void>();
  const changed = () => {
    apply(1);
    const now = state();
    if (now.decided) decided(now);
    // a listener that throws does not stop the others
    listeners.forEach((listener) => queueMicrotask(() => listener(now)));
    w.dispatchEvent(new CustomEvent('uc-consent-change', { detail: now }));
  };

  let request: Promise<CachedConsentConfig> | undefined;
  /** The site's consent config, asked once per page; the banner takes this answer rather than asking again after its chunk. */
  const fetchConfig = () =>
    // a relative endpoint resolves against the document's base URL, as the page's own URLs do
    (request ??= fetch(consentConfigUrl(endpoint!, site), { credentials: 'omit' }).then((response) =>
      response.ok ? response.json() : Promise.reject(response.status),
    ));

  let loading: 1 | undefined;
  /** Makes sure a banner is on the page and its UI loaded; `preferences`: straight to the dialog. */
  const banner = (preferences?: 1) => {
    // Asked now, in parallel with the chunk: the banner shows one round trip sooner.
    if (endpoint && !loading) (api.request = fetchConfig()).catch(() => {});
    const show = () => {
      const el = d.querySelector(BANNER) ?? d.body.appendChild(d.createElement(BANNER));
      if (preferences) el.setAttribute('preferences', '');
    };
    // once the body is there (the same event as the gating's: one name fewer in the loader)
    if (d.readyState === 'loading') d.addEventListener('readystatechange', show, { once: true });
    else show();
    if (!loading) load(BANNER);
    loading = 1;
  };

  const api: ConsentApi = {
    get: state,
    has: (purpose) =>
      (purpose.startsWith('separate:')
        ? grants.separate[purpose.slice(9)]
        : (purpose.includes('/') ? grants.services : grants.categories)[purpose]) === true,
    onChange: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    ready: new Promise((resolve) => (decided = resolve)),
    open: () => banner(1),
    commit(given, givenConfig) {
      try {
        localStorage.setItem(dKey, encodeDecision(given));
      } catch {
        // storage blocked: the decision holds for this page only
      }
      refresh(given, givenConfig);
      changed();
    },
  };
  w.usercare!.consent = api;

  // Another tab decided.
  w.addEventListener('storage', (event) => {
    if (event.key === dKey) {
      refresh();
      changed();
    }
  });

  if (!customElements.get('uc-consent-settings'))
    customElements.define(
      'uc-consent-settings',
      class extends HTMLElement {
        constructor() {
          super();
          const button = d.createElement('button');
          const label = d.createElement('slot');
          button.type = 'button';
          button.part.value = 'button';
          label.textContent = d.documentElement.lang.startsWith('zh') ? '隐私设置' : 'Privacy settings';
          button.append(label);
          button.onclick = api.open;
          this.attachShadow({ mode: 'open' }).append(button);
        }
      },
    );

  refresh();
  apply();
  // A proof that an earlier page could not send: the banner's chunk sends it (and stays hidden if nothing is asked).
  if (grants.ask.length || stored(proofKey(site))) banner();
  if (!grants.ask.length) {
    decided(state());
    // Has the site changed what it asks since? Usually a 304 from the HTTP cache. Failures are silent: offline keeps the cached config.
    if (endpoint)
      fetchConfig()
        .then((fresh) => fresh.revision !== config!.revision && banner())
        .catch(() => {});
  }
  return gate;
}
