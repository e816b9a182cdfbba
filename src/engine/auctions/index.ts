/**
 * The registry of clearing mechanisms: one line per mechanism, one module per mechanism. It is
 * the one list of mechanism names: `MechanismName` and `MECHANISM_NAMES` are derived from it, so
 * registering a mechanism here is all it takes for the scenario, the CLI and the page to offer it.
 */
import { createCda } from './cda';
import { createCommunity } from './community';
import { createLoyalty } from './loyalty';
import { createMcAfee } from './mcafee';
import type { Mechanism } from './mechanism';
import { createPayAsBid } from './payAsBid';
import { thesisLoyalFromParams } from './thesisLoyal';
import { thesisSimpleFromParams } from './thesisSimple';
import { createUniform } from './uniform';

export type { ClearingContext, ClearingResult, Mechanism } from './mechanism';

/** Free-form per-mechanism parameters (e.g. a community rate); unknown keys are ignored. */
export type MechanismParams = Readonly<Record<string, number | string | boolean>>;

type Factory = (params: MechanismParams) => Mechanism;

// Registration order is the order the CLI, the page and the comparison list them in.
const FACTORIES = {
  uniform: () => createUniform(),
  loyalty: () => createLoyalty(),
  'pay-as-bid': () => createPayAsBid(),
  mcafee: () => createMcAfee(),
  cda: () => createCda(),
  community: (p) => createCommunity(p),
  'thesis-loyal': (p) => thesisLoyalFromParams(p),
  'thesis-simple': (p) => thesisSimpleFromParams(p),
} satisfies Record<string, Factory>;

/** Every clearing mechanism the engine knows; one module per name in this folder. */
export type MechanismName = keyof typeof FACTORIES;

/** Every mechanism name, in registration order. */
export const MECHANISM_NAMES: readonly MechanismName[] = Object.freeze(
  Object.keys(FACTORIES) as MechanismName[],
);

/** Names with an implementation, in registration order (a fresh array the caller may keep). */
export function availableMechanisms(): MechanismName[] {
  return [...MECHANISM_NAMES];
}

export function isMechanismName(name: unknown): name is MechanismName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(FACTORIES, name);
}

export class UnknownMechanismError extends Error {
  constructor(readonly value: unknown) {
    super(`mechanism: got ${JSON.stringify(value)}; allowed: ${MECHANISM_NAMES.join(' | ')}`);
    this.name = 'UnknownMechanismError';
  }
}

/** A fresh instance (mechanisms may keep state between rounds, so one per simulation). */
export function createMechanism(name: string, params: MechanismParams = {}): Mechanism {
  if (!isMechanismName(name)) throw new UnknownMechanismError(name);
  const factory: Factory = FACTORIES[name];
  return factory(params);
}
