/**
 * One engine-only run in its own process, so the parent can read this run's peak memory alone.
 * Prints one JSON line: { wallMs, rounds, maxRssBytes, heapUsedBytes }.
 * Usage: tsx script/bench/engine-run.ts <preset> [households] [days]
 */
import { performance } from 'node:perf_hooks';
import { createSimulation, resolveScenario, type PresetName } from '../../src/engine';

const [preset = 'exp4', households, days] = process.argv.slice(2);
const scenario = resolveScenario({
  preset: preset as PresetName,
  ...(households ? { households: Number(households) } : {}),
  ...(days ? { days: Number(days) } : {}),
});
const t0 = performance.now();
const sim = createSimulation(scenario);
let rounds = 0;
while (!sim.done) {
  sim.step();
  rounds++;
}
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    rounds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
  })}\n`,
);
