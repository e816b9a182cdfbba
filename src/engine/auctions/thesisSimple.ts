/**
 * `thesis-simple`: the thesis code's other auction (`simpleDReduceAuction` in its service
 * provider), rule by rule, on the walk of `thesisCode.ts`:
 * - whole orders, not split; ties among equal prices by energy (larger first), then order id;
 * - k over whole orders, with the code's off-by-one when `faults` (the default);
 * - approval price p = ceil((b_k + s_k) / 2); every bid >= p and every ask <= p approved;
 * - approved orders paired greedily by volume, the highest bid with the lowest ask, the larger
 *   one's rest carried on to the next counterpart; each pair at floor((bid + ask) / 2) (Python 2's
 *   integer division of two whole prices).
 *
 * The code's settlement of this branch updates no loyalty at all (only the loyal branch does),
 * and keys its Q updates of traded pairs on the traded energy instead of the price; both are the
 * settlement's business and are described in docs/THESIS-VARIANT.md.
 */
import type { Order } from '../types';
import type { Mechanism } from './mechanism';
import { clearCode, codeOptions, type CodeOptions, type CodeRules } from './thesisCode';

const SIMPLE: CodeRules = {
  branch: 'simple',
  mechanism: 'thesis-simple',
  tie: (a: Order, b: Order) => b.energyWh - a.energyWh,
  elements: () => 1,
  approvalPrice: (bid, ask) => Math.ceil((bid + ask) / 2),
  pairPrice: (bid, ask) => Math.floor((bid.price + ask.price) / 2),
};

export function createThesisSimple(options: CodeOptions = { faults: true }): Mechanism {
  return { name: 'thesis-simple', clear: (orders) => clearCode(orders, SIMPLE, options) };
}

/** The registry's factory: `faults` (boolean, default true). */
export function thesisSimpleFromParams(
  params: Readonly<Record<string, number | string | boolean>>,
): Mechanism {
  return createThesisSimple(codeOptions('thesis-simple', params));
}
