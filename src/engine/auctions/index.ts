/**
 * The registry of clearing mechanisms: one line per mechanism, one module per mechanism.
 */
import type { MechanismName } from '../types';
import { createLoyalty } from './loyalty';
import type { Mechanism } from './mechanism';
import { createUniform } from './uniform';
import { createPayAsBid } from './payAsBid';
import { createMcAfee } from './mcafee';
import { createCda } from './cda';
import { createCommunity } from './community';

export type { ClearingContext, ClearingResult, Mechanism } from './mechanism';

/** Free-form per-mechanism parameters (e.g. a community rate); unknown keys are ignored. */
export type MechanismParams = Readonly<Record<string, number | string | boolean>>;

type Factory = (params: MechanismParams) => Mechanism;

const FACTORIES: Partial<Record<MechanismName, Factory>> = {
  uniform: () => createUniform(),
  loyalty: () => createLoyalty(),
  // MECHANISMS agent: register one line each below.
  'pay-as-bid': () => createPayAsBid(),
  mcafee: () => createMcAfee(),
  cda: () => createCda(),
  community: (p) => createCommunity(p),
};

/** Names with an implementation, in registration order. */
export function availableMechanisms(): MechanismName[] {
  return Object.keys(FACTORIES) as MechanismName[];
}

export class UnknownMechanismError extends Error {
  constructor(readonly value: unknown) {
    super(`mechanism: got ${JSON.stringify(value)}; allowed: ${availableMechanisms().join(' | ')}`);
    this.name = 'UnknownMechanismError';
  }
}

/** A fresh instance (mechanisms may keep state between rounds, so one per simulation). */
export function createMechanism(name: string, params: MechanismParams = {}): Mechanism {
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, name)
    ? FACTORIES[name as MechanismName]
    : undefined;
  if (!factory) throw new UnknownMechanismError(name);
  return factory(params);
}
