/**
 * One engine-only run in its own process, so the parent can read this run's peak memory alone.
 * The run goes through the engine's run driver, figures included, as every headless run does.
 * Prints one JSON line: { wallMs, engineMs, rounds, maxRssBytes, heapUsedBytes }, where wallMs is
 * the whole run and engineMs the time inside the simulation's step() alone.
 * Usage: tsx script/bench/engine-run.ts <preset> [households] [days] (npm run bench runs it
 * bundled under node: script/bench.ts)
 */
import { performance } from 'node:perf_hooks';
import { createRun, finishRun, resolveScenario, type PresetName } from '../../src/engine';

const [preset = 'exp4', households, days] = process.argv.slice(2);
const scenario = resolveScenario({
  preset: preset as PresetName,
  ...(households ? { households: Number(households) } : {}),
  ...(days ? { days: Number(days) } : {}),
});
const t0 = performance.now();
const run = finishRun(createRun(scenario, { clock: () => performance.now() }));
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    engineMs: run.engineMs,
    rounds: run.round,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
  })}\n`,
);
