/**
 * Where the CLI's scenario comes from: a preset name or a JSON file, then the flag overrides,
 * then the engine's resolveScenario (which validates everything and names bad fields).
 */
import { readFileSync } from 'node:fs';
import {
  parseFieldText,
  parseJsonInput,
  PRESET_NAMES,
  PrototypeKeyError,
  resolveScenario,
  ScenarioError,
} from '../engine';
import type { FieldKey, FieldValue, PresetName, Scenario, ScenarioInput } from '../engine';
import { UsageError } from './command';

export function readScenarioInput(source: string): ScenarioInput {
  if ((PRESET_NAMES as readonly string[]).includes(source)) {
    return { preset: source as PresetName };
  }
  if (!source.endsWith('.json')) {
    throw new UsageError('--scenario', source, `${PRESET_NAMES.join(' | ')} | a .json file`);
  }
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    throw new UsageError('--scenario', source, `a readable file (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = parseJsonInput(text);
  } catch (e) {
    if (e instanceof PrototypeKeyError) {
      throw new UsageError(
        '--scenario',
        source,
        `a scenario file without prototype keys (${e.message})`,
      );
    }
    throw new UsageError('--scenario', source, `a file of valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('--scenario', source, 'a JSON object of scenario fields');
  }
  return parsed as ScenarioInput;
}

export interface ScenarioOverrides {
  seed?: number;
  days?: number;
  households?: number;
  auction?: Scenario['auction'];
  variant?: string;
}

/** Reads, overrides and resolves; a file's own `pv.areasM2` must match an overridden count. */
export function loadScenario(source: string, o: ScenarioOverrides): Scenario {
  const input: ScenarioInput = { ...readScenarioInput(source) };
  if (o.seed !== undefined) input.seed = o.seed;
  if (o.days !== undefined) input.days = o.days;
  if (o.households !== undefined) input.households = o.households;
  if (o.auction !== undefined) input.auction = o.auction;
  if (o.variant !== undefined) input.variant = o.variant as ScenarioInput['variant'];
  return resolveScenario(input);
}

/**
 * The value of `--flag`, which sets the scenario field `key`, read by the engine's one text
 * parser (src/engine/fields.ts); a refusal names the flag, the value as typed and what the field
 * allows. Undefined when the flag was not given.
 */
export function scenarioFlag<K extends FieldKey>(
  flags: ReadonlyMap<string, string>,
  flag: string,
  key: K,
): FieldValue<K> | undefined {
  const raw = flags.get(flag);
  if (raw === undefined) return undefined;
  try {
    return parseFieldText(key, raw);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`--${flag}`, raw, e.allowed);
    throw e;
  }
}
