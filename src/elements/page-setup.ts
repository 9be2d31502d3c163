/**
 * Sets usercare up on a page: the context provider on <html> that hands every
 * element its site's runtime, the loader's queued calls replayed, and
 * `window.usercare` turned into the live API. An entry's job, not a library's:
 * src/elements/page.ts runs it for the element chunks, and npm users call it
 * (src/index.ts) when they do not use the loader.
 */
import { ContextProvider, ContextRoot } from '@lit/context';
import { runtimeContext } from '../client/runtime-context';
import { attributesConfig, readInlineConfig, type PageConfigSources } from '../client/config-sources';
import { pageServices } from '../client/page-services';
import { loadRuntimeState, type Runtime, type RuntimeState } from '../client/site-runtime';
import type { IdentifyOptions } from '../client/identity';
import type { QueuedCall, UsercareGlobal } from '../client/usercare-global';

export const VERSION = '0.1.0';

let installed: { provider: ContextProvider<typeof runtimeContext>; global: UsercareGlobal } | undefined;

/** The global as the loader left it, or a fresh one when usercare came from npm without the loader. */
function takeGlobal(): UsercareGlobal {
  const existing = window.usercare;
  // the loader leaves the version to the runtime: every page pays for the loader's bytes
  if (existing) return Object.assign(existing, { version: VERSION });
  const q: QueuedCall[] = [];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const global: UsercareGlobal = {
    q,
    version: VERSION,
    identify: (...args) => void q.push(['identify', args]),
    forget: () => void q.push(['forget', []]),
    configure: (...args) => void q.push(['configure', args]),
    ready,
    markReady,
  };
  window.usercare = global;
  return global;
}

/**
 * Makes the page's runtime: provides it to every usercare element of the
 * document through @lit/context (a ContextRoot catches elements that asked
 * before it existed), replays the calls queued by the loader, and turns
 * `window.usercare` into the live API. Runs once; later calls return the same.
 */
export function installPageRuntime(): void {
  if (installed) return;
  const global = takeGlobal();
  new ContextRoot().attach(document.documentElement);
  const provider = new ContextProvider(document.documentElement, {
    context: runtimeContext,
    initialValue: { status: 'loading' } satisfies RuntimeState,
  });
  provider.hostConnected();
  installed = { provider, global };

  const { identity } = pageServices();
  const sources: PageConfigSources = {
    inline: readInlineConfig(document),
    attributes: attributesConfig(global.dataset ?? {}, location.href),
    configured: [],
  };

  // Replay, in order, what the host called before we were here.
  for (const [method, args] of global.q.splice(0)) {
    if (method === 'identify') identity.identify((args[0] ?? {}) as IdentifyOptions);
    else if (method === 'forget') identity.forget();
    else if (method === 'configure' && args[0] && typeof args[0] === 'object')
      sources.configured.push(args[0] as Record<string, unknown>);
  }
  // A host may still hold one of the loader's queueing functions (`const { identify } = usercare`,
  // or a reference taken before an await): from now on its calls go straight to the live API.
  global.q.push = (...calls: QueuedCall[]) => {
    for (const [method, args] of calls) {
      if (method === 'identify' || method === 'forget' || method === 'configure')
        (global[method] as (...a: unknown[]) => void)(...args);
    }
    return global.q.length;
  };

  let current: Runtime | undefined;
  let generation = 0;
  const apply = async () => {
    const mine = ++generation;
    const state = await loadRuntimeState(sources, 'the site config');
    if (mine !== generation) {
      // a newer configure() won
      if (state.status === 'ready') state.runtime.dispose();
      return;
    }
    current?.dispose();
    current = state.status === 'ready' ? state.runtime : undefined;
    provider.setValue(state);
    global.markReady?.();
  };

  global.identify = (options: IdentifyOptions) => identity.identify(options ?? {});
  global.forget = () => identity.forget();
  global.configure = (patch: Record<string, unknown>) => {
    if (!patch || typeof patch !== 'object') {
      console.error('usercare.configure() takes an object');
      return;
    }
    sources.configured.push(patch);
    void apply();
  };
  void apply();
}
