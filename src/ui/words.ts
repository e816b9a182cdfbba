/**
 * The page's words: a short help for each preset, each mechanism, each unit and each comparison
 * column, keyed by the very lists the page draws them from (PRESET_NAMES, the mechanism registry's
 * MECHANISM_NAMES, COMPARISON_COLUMNS). A preset or mechanism added without its help does not
 * compile here, and words.test.ts walks the lists so an empty help fails too. The longer account
 * is docs/MODEL.md and docs/MECHANISMS.md.
 */
import {
  COMPARISON_COLUMNS,
  type ComparisonColumn,
  type MechanismName,
  type PresetName,
} from '../engine';

/** What each preset is; `custom` is the form's blank preset (the engine's defaults). */
export const PRESET_HELP: Readonly<Record<PresetName | 'custom', string>> = {
  exp1: "The thesis's experiment 1: one prosumer with a 20 m² array beside one consumer for 3 days, to show the two profiles.",
  exp2: "The thesis's experiment 2: 20 households for 30 days, cleared by the uniform auction.",
  exp3: "The thesis's experiment 3: 20 households for 30 days, cleared by the loyalty auction.",
  exp4: "The thesis's experiment 4: 30 households for 170 days under the loyalty auction, pricing learnt by Q-learning over the first 100 days.",
  custom: "No preset: the engine's defaults, with whatever fields you set yourself.",
};

/** What each clearing mechanism does, in a sentence (docs/MECHANISMS.md has the rules). */
export const MECHANISM_HELP: Readonly<Record<MechanismName, string>> = {
  uniform:
    "The thesis's simple auction: bids highest first meet asks lowest first, and every unit traded clears at one price, halfway between the last matching bid and ask.",
  loyalty:
    "The thesis's loyal auction: the same matching with loyalty breaking ties, and each pair trades at a price weighted by loyalty, so the more loyal side gets the better end.",
  'pay-as-bid':
    "Discriminatory: the uniform auction's matching, but each matched pair trades at its own midpoint, so there is no single clearing price.",
  mcafee:
    "McAfee trade reduction: no trader's own price sets the price it trades at, so shading an order cannot help; sometimes the marginal pair is given up and the auctioneer keeps the difference.",
  cda: 'Continuous double auction: orders arrive one by one within the hour and trade at once against the best resting order, at its limit.',
  community:
    'Community netting: members agree on one fixed rate and pool their surpluses; sellers with the most production are served first.',
  'thesis-loyal':
    "The thesis's published code for its loyal auction, rule by rule (its rounding and its off-by-one included).",
  'thesis-simple':
    "The thesis's published code for its simple auction: whole orders paired greedily, rule by rule.",
};

export const UNITS = ['Wh', 'coins', 'money', 'loyalty'] as const;
export type Unit = (typeof UNITS)[number];

/** The units the page shows figures in. */
export const UNIT_HELP: Readonly<Record<Unit, string>> = {
  Wh: 'Energy in whole watt-hours (1 kWh = 1,000 Wh). Orders trade in units of 100 Wh.',
  coins:
    "The neighbourhood's local token: it pays for trades between households. Prices are in coins per 100 Wh.",
  money:
    'What the outer grid is paid in: households buy from it at the retail price and sell it their surplus at the feed-in price, never in coins.',
  loyalty:
    "A household's standing in the loyalty auction: it starts at 1.0, rises when the household's orders trade, falls when they are priced out, and tips prices its way.",
};

/** A comparison column's help: the column's own sentence in the engine's list. */
export const columnHelp = (c: ComparisonColumn): string => c.help;

/** Every comparison column with its help, in the table's order. */
export const COLUMN_HELP: readonly { readonly key: string; readonly help: string }[] =
  COMPARISON_COLUMNS.map((c) => ({ key: c.key, help: columnHelp(c) }));

/** The help of a scenario field's choice: the presets' and the mechanisms'; undefined elsewhere. */
export function choiceHelp(field: string, choice: string): string | undefined {
  if (field === 'preset') return PRESET_HELP[(choice === '' ? 'custom' : choice) as PresetName];
  if (field === 'auction') return MECHANISM_HELP[choice as MechanismName];
  return undefined;
}
