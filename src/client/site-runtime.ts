/**
 * One site's runtime: its checked config, its backend, its outbox and its
 * translators, on top of the page's services. A page has one per site
 * (<uc-provider> makes another for its subtree); elements receive it, or the
 * config's problems, as a RuntimeState through context.
 */
import type { Locale } from '../contract/common';
import type { SiteConfig } from '../config/schema';
import type { ConfigProblem } from '../config/validate';
import { resolveConfig, type PageConfigSources } from './config-sources';
import { createTranslator, loadCatalog, type Translator } from '../i18n/index';
import type { Backend } from './backend';
import type { Outbox } from './outbox';
import { pageServices, type PageServices } from './page-services';
import { RestBackend } from './rest-backend';

/** Everything an element needs to work for one site: its config, backend, outbox and messages. */
export interface Runtime extends PageServices {
  config: SiteConfig;
  backend: Backend;
  /** The site's outbox, loaded and started on first use (see createRuntime). */
  outbox(): Promise<Outbox>;
  translator(locale: Locale): Promise<Translator>;
  dispose(): void;
}

/** What elements receive through context. */
export type RuntimeState =
  { status: 'loading' } | { status: 'ready'; runtime: Runtime } | { status: 'error'; problems: ConfigProblem[] };

/** LocalBackend is a chunk of its own: a page with an endpoint never loads it. */
export async function createBackend(config: SiteConfig): Promise<Backend> {
  if (config.endpoint) return new RestBackend(config.endpoint);
  const { LocalBackend } = await import('./local-backend');
  return new LocalBackend(config);
}

/**
 * The site's runtime. Its outbox is a chunk of its own, loaded when the user
 * first writes something (a submission, a reply, a redemption) or when
 * something waits to be sent: an item an earlier page left in this device's
 * queue, or one another tab announces. Most page views write nothing and so
 * never download it.
 */
export async function createRuntime(config: SiteConfig, backend?: Backend): Promise<Runtime> {
  const site = backend ?? (await createBackend(config));
  const shared = pageServices();
  let loaded: Promise<Outbox> | undefined;
  const outbox = () =>
    (loaded ??= import('./outbox').then(({ Outbox }) => {
      const started = new Outbox({ ...shared, backend: site });
      started.start();
      return started;
    }));
  let disposed = false;
  const waiting = (item: { endpoint: string; state: string }) =>
    item.endpoint === site.endpoint && item.state !== 'failed';
  void shared.store
    .listQueued()
    .then((items) => {
      if (!disposed && items.some(waiting)) void outbox();
    })
    .catch(() => {
      // An unreadable queue is tried again by the next page; this one goes on without it.
    });
  const unsubscribe = shared.channel.subscribe((message) => {
    if (message.type === 'outbox.changed' && message.state !== 'failed' && !disposed) void outbox();
  });
  const translators = new Map<Locale, Promise<Translator>>();
  return {
    ...shared,
    config,
    backend: site,
    outbox,
    translator(locale) {
      let pending = translators.get(locale);
      if (!pending) {
        pending = loadCatalog(locale).then((catalog) => createTranslator(locale, catalog, config.messages?.[locale]));
        translators.set(locale, pending);
      }
      return pending;
    },
    dispose: () => {
      disposed = true;
      unsubscribe();
      void loaded?.then((started) => started.stop());
    },
  };
}

/**
 * Config sources → the state elements receive: merged and checked config, then
 * a runtime, or the problems (logged once, naming each bad value; the elements
 * render the same list in place). `where` names the source in that message.
 */
export async function loadRuntimeState(
  sources: PageConfigSources,
  where: string,
  backend?: Backend,
): Promise<RuntimeState> {
  const result = await resolveConfig(sources);
  // Checking the config and rendering the elements are each a good part of a 50 ms budget on a
  // slow phone: give the browser a turn in between.
  await new Promise((next) => setTimeout(next));
  if (result.ok) return { status: 'ready', runtime: await createRuntime(result.config, backend) };
  console.error(
    `usercare: ${where} has ${result.problems.length} problem(s):\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
  );
  return { status: 'error', problems: result.problems };
}
