/**
 * XState's `setup()`, returning only `createMachine`.
 *
 * `setup()` from xstate returns every action creator with it (sendTo, raise,
 * log, cancel, stopChild, enqueueActions, spawnChild, …), so a bundle that
 * calls it carries all of them even when the machine uses none: ~770 B gzip on
 * the feedback page. Our machines only call `.createMachine()` and import the
 * creators they use (`assign`, `emit`) from xstate directly; this does exactly
 * what xstate's `setup(…).createMachine(config)` does with the same types.
 *
 * The signature is xstate's (5.33, src/setup.ts) minus the `RequiredSetupKeys`
 * clause, which only matters to machines that declare `types.children`.
 */
import {
  createMachine,
  type ActionFunction,
  type AnyEventObject,
  type DelayConfig,
  type EventObject,
  type GuardPredicate,
  type Invert,
  type IsNever,
  type MachineContext,
  type MetaObject,
  type NonReducibleUnknown,
  type ParameterizedObject,
  type SetupReturn,
  type SetupTypes,
  type UnknownActorLogic,
  type Values,
} from 'xstate';

type ToParameterizedObject<TParameterizedMap extends Record<string, ParameterizedObject['params'] | undefined>> =
  Values<{
    [K in keyof TParameterizedMap as K & string]: { type: K & string; params: TParameterizedMap[K] };
  }>;

type ToProvidedActor<
  TChildrenMap extends Record<string, string>,
  TActors extends Record<string, UnknownActorLogic>,
> = Values<{
  [K in keyof TActors as K & string]: {
    src: K & string;
    logic: TActors[K];
    id: IsNever<TChildrenMap> extends true
      ? string | undefined
      : K extends keyof Invert<TChildrenMap>
        ? Invert<TChildrenMap>[K] & string
        : string | undefined;
  };
}>;

/* eslint-disable @typescript-eslint/no-empty-object-type -- xstate's own defaults */
export function setup<
  TContext extends MachineContext,
  TEvent extends AnyEventObject,
  TActors extends Record<string, UnknownActorLogic> = {},
  TChildrenMap extends Record<string, string> = {},
  TActions extends Record<string, ParameterizedObject['params'] | undefined> = {},
  TGuards extends Record<string, ParameterizedObject['params'] | undefined> = {},
  TDelay extends string = never,
  TTag extends string = string,
  TInput = NonReducibleUnknown,
  TOutput extends NonReducibleUnknown = NonReducibleUnknown,
  TEmitted extends EventObject = EventObject,
  TStateMeta extends MetaObject = MetaObject,
  TTransitionMeta extends MetaObject = TStateMeta,
>(implementations: {
  schemas?: unknown;
  types?: SetupTypes<TContext, TEvent, TChildrenMap, TTag, TInput, TOutput, TEmitted, TStateMeta, TTransitionMeta>;
  actors?: { [K in keyof TActors | Values<TChildrenMap>]: K extends keyof TActors ? TActors[K] : never };
  actions?: {
    [K in keyof TActions]: ActionFunction<
      TContext,
      TEvent,
      TEvent,
      TActions[K],
      ToProvidedActor<TChildrenMap, TActors>,
      ToParameterizedObject<TActions>,
      ToParameterizedObject<TGuards>,
      TDelay,
      TEmitted
    >;
  };
  guards?: { [K in keyof TGuards]: GuardPredicate<TContext, TEvent, TGuards[K], ToParameterizedObject<TGuards>> };
  delays?: { [K in TDelay]: DelayConfig<TContext, TEvent, ToParameterizedObject<TActions>['params'], TEvent> };
}): Pick<
  SetupReturn<
    TContext,
    TEvent,
    TActors,
    TChildrenMap,
    TActions,
    TGuards,
    TDelay,
    TTag,
    TInput,
    TOutput,
    TEmitted,
    TStateMeta,
    TTransitionMeta
  >,
  'createMachine'
> {
  /* eslint-enable @typescript-eslint/no-empty-object-type */
  const { schemas, actors, actions, guards, delays } = implementations;
  return {
    // The same call xstate's setup() makes.
    createMachine: ((config: object) =>
      createMachine({ ...config, schemas } as never, { actors, actions, guards, delays } as never)) as never,
  };
}
