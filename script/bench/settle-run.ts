/**
 * A preset (exp4 by default, optionally with its households and days changed) with every round
 * settled on a fresh private Anvil and reconciled, in its own process. Prints one JSON line:
 * { wallMs, settleMs, rounds, trades, transactions, gasUsed, mismatches }. wallMs runs from
 * opening the books to a clean reconciliation: the time a user waits.
 * Usage: tsx script/bench/settle-run.ts <preset> [households] [days]
 */
import { performance } from 'node:perf_hooks';
import { createSimulation, resolveScenario, type PresetName } from '../../src/engine';
import { ANVIL_CHAIN_ID, createSettler, devOperatorKey } from '../../src/chain';
import { startAnvil } from '../anvil';

const [preset = 'exp4', households, days] = process.argv.slice(2);
const scenario = resolveScenario({
  preset: preset as PresetName,
  ...(households ? { households: Number(households) } : {}),
  ...(days ? { days: Number(days) } : {}),
});
const anvil = await startAnvil({});
try {
  const t0 = performance.now();
  const settler = await createSettler({
    rpcUrl: anvil.rpcUrl,
    chainId: ANVIL_CHAIN_ID,
    operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
    scenario,
  });
  const tSettle = performance.now();
  const sim = createSimulation(scenario);
  while (!sim.done) settler.enqueue(sim.step());
  await settler.flush(600_000);
  // flush leaves its timeout armed; exit explicitly below so the run does not linger.
  const mismatches = await settler.reconcile(sim.households());
  const t1 = performance.now();
  const s = settler.status();
  settler.close();
  process.stdout.write(
    `${JSON.stringify({
      wallMs: t1 - t0,
      settleMs: t1 - tSettle,
      rounds: s.confirmed,
      trades: s.trades,
      transactions: s.transactions,
      gasUsed: s.gasUsed.toString(),
      mismatches: mismatches.length,
    })}\n`,
  );
} finally {
  await anvil.stop();
}

process.exit(0);
