/**
 * The engine's public API: the one code path the worker and the CLI both run.
 */
export { createSimulation } from './simulation';
export { PersonOrderError } from './people';
export type { HouseholdSeat } from './people';
export type {
  HouseholdState,
  OpenRound,
  RoundResult,
  RoundTotals,
  Simulation,
  SimulationOptions,
} from './simulation';
export {
  PRESET_NAMES,
  ScenarioError,
  VARIANT_NAMES,
  variants,
  WEATHER_SHARES_THESIS_CODE,
  WEATHER_SHARES_THESIS_TEXT,
  presets,
  resolveScenario,
  liveParamsOf,
  mechanismParamsOf,
  mechanismRun,
  validateLiveParams,
} from './scenario';
export type {
  LiveParams,
  PresetName,
  PricingMode,
  Scenario,
  ScenarioInput,
  VariantName,
  WeatherMode,
  WeatherShares,
} from './scenario';
export {
  MECHANISM_NAMES,
  availableMechanisms,
  createMechanism,
  isMechanismName,
  UnknownMechanismError,
} from './auctions';
export type { ClearingContext, ClearingResult, Mechanism, MechanismParams } from './auctions';
export type { ClearingExplanation, FillReason, ReferencePrice } from './auctions/mechanism';
export { buildBook, OrderBookError, sortBook, validateOrders } from './auctions/book';
export { OrderColumns } from './auctions/orders';
// The Q table, for the bench's look-up measurement (script/bench/engine-parts.ts).
export { QTable } from './qlearning';
export type { CommunityMechanism, Netting } from './auctions/community';
export { createRng } from './rng';
export type { Rng } from './rng';
export { createRunMetrics } from './metrics';
export type { RunMetrics, RunSummary, HouseholdSummary } from './metrics';
export {
  ENERGY_PRINT_DEFINITIONS,
  PRICE_BIN_COINS,
  RUN_FIGURE_DEFINITIONS,
  RUN_FIGURE_KEYS,
  averageUtility,
  comparisonRow,
  createFiguresCollector,
  energyPrints,
  gini,
  meanPrice,
  priceBin,
  roundFigures,
  runFigures,
  solarShare,
  thesisSolarPrint,
} from './figures';
export type {
  ComparisonRow,
  EnergyPrints,
  FiguresCollector,
  FiguresSoFar,
  RoundFigures,
  RunFigureKey,
  RunFigures,
} from './figures';
export { createRun, finishRun, replayRun, runToEnd } from './run';
export { createReplay } from './replay';
export type { Replay, ReplayOptions } from './replay';
export { createScoreKeeper, valueOf } from './score';
export type { HouseholdScore, ScoreKeeper } from './score';
export { explainRound, priceText } from './explain';
export type {
  BookStep,
  ExplainedOrder,
  ExplainedTrade,
  HouseholdChange,
  OrderStatus,
  RoundExplanation,
  RoundInput,
} from './explain';
export {
  COMPARISON_COLUMNS,
  compareToEnd,
  comparisonScenarios,
  formatComparisonCell,
} from './comparison';
export type { ComparisonColumn, ComparisonOverrides } from './comparison';
export type { LiveChange, ReplayedRun, Run, RunHooks, RunOptions } from './run';
export {
  RUN_FILE_FORMAT,
  RUN_FILE_VERSION,
  RunFileError,
  checkLiveChanges,
  checkRunFile,
  engineNote,
  makeRunFile,
  parseRunFile,
  runFileText,
} from './runFile';
export type { BooksHash, PersonOrder, RunFile } from './runFile';
export { endSummary, endSummaryLines, endSummaryText } from './endSummary';
export type { CoinGain, EndSummary, GroupGain, SummaryLine } from './endSummary';
export { ENGINE_VERSION } from './version';
export {
  HOUSEHOLD_COLUMNS,
  ROUND_COLUMNS,
  householdsHeader,
  householdsRows,
  roundValues,
  roundsHeader,
  roundsLine,
  roundsRow,
  toCsv,
} from './csv';
export type { RoundColumn, RoundValues } from './csv';
export {
  CROSS_CHECKS,
  FIELDS,
  FIELD_LIST,
  LIVE_KEYS,
  PRICING_MODES,
  WEATHER_MODES,
  allowedText,
  allowedTextOf,
  checkFieldValue,
  describeValue,
  fieldValue,
  inputFromFields,
  isFieldKey,
  integerAllowed,
  parseFieldText,
  parseIntegerText,
} from './fields';
export type {
  CrossCheck,
  FieldKey,
  FieldKind,
  FieldSpec,
  FieldValue,
  FieldValues,
  FormPlace,
  LiveKey,
  ScenarioKey,
  Unit,
} from './fields';
export type { MechanismName, Order, OrderFill, Side, Trade, Weather } from './types';
export { PROTOTYPE_KEYS, PrototypeKeyError, findPrototypeKey, parseJsonInput } from './json';
export * from './units';
