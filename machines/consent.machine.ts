/**
 * The consent banner's behaviour, pure: no DOM, no storage, no fetch. The
 * element provides `load` (the checked config and the stored decision) and
 * the `commit` action (store, apply, send the proof); tests provide their own.
 *
 * loading ──▶ banner ──accept/reject──▶ hidden ◀──close (decided)── preferences
 *    │          └──customise──▶ preferences ──save/accept/reject──▶ hidden
 *    ├──▶ hidden (nothing to ask) ──open──▶ preferences
 *    └──▶ unavailable (no config: nothing optional is allowed) ──retry──▶ loading
 *
 * Only the purposes in `ask` (never decided, a new version, expired) are
 * asked about on the first layer; choices still in force are kept.
 */
import { assign, fromPromise } from 'xstate';
import { setup } from './lean-setup';
import type { Attestation, ConsentConfig } from '../src/contract/consent';
import { GPC_OFF_CATEGORIES, GPC_OFF_SEPARATE_KINDS, grantsOf, type StoredDecision } from '../src/consent/decision';

export type ConsentMethod = 'accept_all' | 'reject_all' | 'custom' | 'withdraw';

export interface ConsentInput {
  site: string;
  gpc: boolean;
  /** opened through usercare.consent.open() or <uc-consent-settings>: straight to the dialog */
  preferences: boolean;
  now: () => number;
  newId: () => string;
}

/** The switches as the user sets them. */
export interface ConsentChoices {
  categories: Record<string, boolean>;
  /** `category/service` */
  services: Record<string, boolean>;
  separate: Record<string, boolean>;
}

export interface ConsentContext extends ConsentInput {
  config: ConsentConfig | undefined;
  previous: StoredDecision | undefined;
  ask: string[];
  choices: ConsentChoices;
  attestation: Attestation | undefined;
  /** the decision just made, with how it was made */
  decided: { decision: StoredDecision; method: ConsentMethod } | undefined;
}

export interface LoadResult {
  config: ConsentConfig;
  previous: StoredDecision | undefined;
}

export type ConsentEvent =
  | { type: 'accept_all' }
  | { type: 'reject_all' }
  | { type: 'customise' }
  | { type: 'save' }
  | { type: 'close' }
  | { type: 'open' }
  | { type: 'retry' }
  | { type: 'toggle'; purpose: 'categories' | 'services' | 'separate'; id: string; on: boolean }
  | { type: 'age'; underAge: boolean }
  | { type: 'guardian'; confirmed: boolean };

/** Whether GPC keeps a purpose off (it cannot be switched on while the browser sends the signal). */
export function gpcBlocks(config: ConsentConfig, purpose: 'categories' | 'services' | 'separate', id: string): boolean {
  if (purpose === 'separate')
    return GPC_OFF_SEPARATE_KINDS.includes(config.separate.find((s) => s.id === id)?.kind ?? '');
  return GPC_OFF_CATEGORIES.includes(purpose === 'services' ? id.split('/')[0]! : id);
}

/** The age question is answered in a way that allows optional purposes. */
export const ageAllows = (c: Pick<ConsentContext, 'config' | 'attestation'>) =>
  !c.config?.guardianAge || (c.attestation !== undefined && (!c.attestation.underAge || c.attestation.guardian));

/** The switches a dialog opens with: what is in force now, everything else off (nothing pre-ticked). */
function initialChoices(
  config: ConsentConfig,
  previous: StoredDecision | undefined,
  now: number,
  gpc: boolean,
): ConsentChoices {
  const grants = grantsOf(config, previous, now, gpc);
  return { categories: { ...grants.categories }, services: { ...grants.services }, separate: { ...grants.separate } };
}

/**
 * Makes the decision a button press means. On the first layer, purposes not
 * being asked about keep their choice in force; in the dialog (`scope`
 * 'all'), accept and reject all mean every purpose shown there.
 */
export function decide(
  c: ConsentContext,
  method: Exclude<ConsentMethod, 'withdraw'>,
  scope: 'asked' | 'all' = 'asked',
): { decision: StoredDecision; method: ConsentMethod } {
  const config = c.config!;
  const now = c.now();
  const everything = scope === 'all' || method === 'custom' || c.ask.includes('*') || !c.previous;
  const asked = (key: string) => everything || c.ask.includes(key);
  const inForce = grantsOf(config, c.previous, now, c.gpc);
  const allowed = ageAllows(c);
  const pick = (purpose: 'categories' | 'services' | 'separate', id: string, key: string, current: boolean) => {
    if (!allowed || (c.gpc && gpcBlocks(config, purpose, id))) return false;
    if (method === 'custom') return c.choices[purpose][id] ?? false;
    return asked(key) ? method === 'accept_all' : current;
  };
  const decision: StoredDecision = {
    v: 1,
    id: c.newId(),
    site: c.site,
    revision: config.revision,
    at: now,
    expires: now + config.expiryDays * 86_400_000,
    gpc: c.gpc,
    categories: {},
    services: {},
    separate: {},
    ...(config.guardianAge && c.attestation ? { attestation: c.attestation } : {}),
  };
  let withdrawn = false;
  for (const category of config.categories) {
    const key = `category:${category.id}`;
    const granted = pick('categories', category.id, key, inForce.categories[category.id] ?? false);
    withdrawn ||= !granted && (inForce.categories[category.id] ?? false);
    decision.categories[category.id] = { granted, version: category.version };
    for (const service of category.services ?? []) {
      const id = `${category.id}/${service.id}`;
      // A service is on with its category unless switched off on its own in the dialog.
      decision.services[id] = granted && (method !== 'custom' || c.choices.services[id] !== false);
    }
  }
  for (const item of config.separate) {
    const granted = pick('separate', item.id, `separate:${item.id}`, inForce.separate[item.id] ?? false);
    withdrawn ||= !granted && (inForce.separate[item.id] ?? false);
    decision.separate[item.id] = { granted, version: item.version };
  }
  return { decision, method: withdrawn && method !== 'accept_all' ? 'withdraw' : method };
}

export const consentMachine = setup({
  types: {} as { context: ConsentContext; events: ConsentEvent; input: ConsentInput },
  actors: {
    load: fromPromise<LoadResult, { site: string }>(async () => {
      throw new Error('no consent config loader provided');
    }),
  },
  actions: {
    decide: assign(({ context, event }, params: { scope: 'asked' | 'all' }) => {
      const method = event.type === 'save' ? 'custom' : event.type === 'accept_all' ? 'accept_all' : 'reject_all';
      const decided = decide(context, method, params.scope);
      return {
        decided,
        previous: decided.decision,
        ask: [],
        choices: initialChoices(context.config!, decided.decision, context.now(), context.gpc),
      };
    }),
    /** stores `context.decided`, applies it to the page and queues its proof; the element provides it */
    commit: () => {},
  },
  guards: {
    wantsPreferences: ({ context }) => context.preferences,
    hasQuestions: ({ context }) => context.ask.length > 0,
    ageAllows: ({ context }) => ageAllows(context),
    decidedBefore: ({ context }) => context.ask.length === 0,
  },
}).createMachine({
  id: 'consent',
  context: ({ input }) => ({
    ...input,
    config: undefined,
    previous: undefined,
    ask: [],
    choices: { categories: {}, services: {}, separate: {} },
    attestation: undefined,
    decided: undefined,
  }),
  initial: 'loading',
  on: {
    open: { target: '.preferences', guard: ({ context }) => context.config !== undefined },
    // The age question (PIPL Art. 31), on the first layer and in the dialog alike.
    age: {
      actions: assign(({ context, event }) => ({
        attestation: { underAge: event.underAge, guardian: event.underAge && (context.attestation?.guardian ?? false) },
      })),
    },
    guardian: {
      actions: assign(({ context, event }) => ({
        attestation: { underAge: context.attestation?.underAge ?? true, guardian: event.confirmed },
      })),
    },
  },
  states: {
    loading: {
      on: { open: { actions: assign({ preferences: true }) } },
      invoke: {
        src: 'load',
        input: ({ context }) => ({ site: context.site }),
        onDone: {
          target: 'route',
          actions: assign(({ context, event }) => {
            const now = context.now();
            return {
              config: event.output.config,
              previous: event.output.previous,
              ask: grantsOf(event.output.config, event.output.previous, now, context.gpc).ask,
              choices: initialChoices(event.output.config, event.output.previous, now, context.gpc),
              attestation: event.output.previous?.attestation,
            };
          }),
        },
        onError: 'unavailable',
      },
    },
    route: {
      always: [
        { target: 'preferences', guard: 'wantsPreferences' },
        { target: 'banner', guard: 'hasQuestions' },
        { target: 'hidden' },
      ],
    },
    unavailable: {
      on: { retry: 'loading', open: 'loading' },
    },
    hidden: {},
    banner: {
      on: {
        accept_all: {
          target: 'hidden',
          guard: 'ageAllows',
          actions: [{ type: 'decide', params: { scope: 'asked' } }, 'commit'],
        },
        reject_all: { target: 'hidden', actions: [{ type: 'decide', params: { scope: 'asked' } }, 'commit'] },
        customise: 'preferences',
      },
    },
    preferences: {
      on: {
        toggle: {
          actions: assign(({ context, event }) => {
            if (context.gpc && gpcBlocks(context.config!, event.purpose, event.id)) return {};
            const choices = {
              ...context.choices,
              [event.purpose]: { ...context.choices[event.purpose], [event.id]: event.on },
            };
            // Switching a service on switches its category on; its other services stay as they were.
            if (event.purpose === 'services' && event.on)
              choices.categories = { ...choices.categories, [event.id.split('/')[0]!]: true };
            return { choices };
          }),
        },
        save: {
          target: 'hidden',
          guard: ({ context }) =>
            ageAllows(context) || !Object.values(context.choices).some((m) => Object.values(m).some(Boolean)),
          actions: [{ type: 'decide', params: { scope: 'all' } }, 'commit'],
        },
        accept_all: {
          target: 'hidden',
          guard: 'ageAllows',
          actions: [{ type: 'decide', params: { scope: 'all' } }, 'commit'],
        },
        reject_all: { target: 'hidden', actions: [{ type: 'decide', params: { scope: 'all' } }, 'commit'] },
        close: [{ target: 'hidden', guard: 'decidedBefore' }, { target: 'banner' }],
      },
    },
  },
});
