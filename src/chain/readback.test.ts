import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation, resolveScenario, type RoundResult } from '../engine';
import { startAnvil, type AnvilHandle } from '../../script/anvil';
import { devOperatorKey } from './accounts';
import { ANVIL_CHAIN_ID } from './chain';
import {
  compareSettledRound,
  createChainReader,
  readHouseholdTrades,
  readMarketHoldings,
  readSettledRound,
  readSettlementTxs,
} from './readback';
import { createSettler } from './settler';

let anvil: AnvilHandle;
beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(async () => {
  await anvil?.stop();
});

describe('reading a settled run back from the chain', () => {
  it('finds each round, its transaction and its trades, equal to the engine’s', async () => {
    // McAfee: some trades carry two prices, so both are read back.
    const scenario = resolveScenario({ preset: 'exp2', days: 2, auction: 'mcafee', seed: 4 });
    const sim = createSimulation(scenario);
    const rounds: RoundResult[] = [];
    while (!sim.done) rounds.push(sim.step());
    const settler = await createSettler({
      rpcUrl: anvil.rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
      batchRounds: 12,
    });
    for (const r of rounds) settler.enqueue(r);
    await settler.flush(60_000);
    const market = settler.deployment.contracts.EnergyMarket;
    const client = createChainReader(anvil.rpcUrl, ANVIL_CHAIN_ID);

    const txs = await readSettlementTxs(client, market);
    expect(txs.reduce((s, t) => s + t.rounds, 0)).toBe(48);
    expect(txs.reduce((s, t) => s + t.trades, 0)).toBe(
      rounds.reduce((s, r) => s + r.trades.length, 0),
    );
    expect(txs.length).toBe(settler.status().transactions);

    const trading = rounds.filter((r) => r.trades.length > 0);
    expect(trading.length).toBeGreaterThan(3);
    for (const r of [rounds[0] as RoundResult, ...trading.slice(0, 4)]) {
      const back = await readSettledRound(client, market, r.round);
      expect(back, `round ${r.round}`).not.toBeNull();
      expect(compareSettledRound(r, back!)).toEqual([]);
      const tx = txs.find((t) => t.hash === back!.tx.hash);
      expect(tx).toMatchObject({ rounds: back!.tx.rounds, trades: back!.tx.trades });
      expect(back!.tx.firstRound).toBeLessThanOrEqual(r.round);
      expect(back!.tx.firstRound! + back!.tx.rounds).toBeGreaterThan(r.round);
      const receipt = await client.getTransactionReceipt({ hash: back!.tx.hash });
      expect(back!.tx.gasUsed).toBe(receipt.gasUsed.toString());
    }
    // A round the engine made differently is named, field by field.
    const r = trading[0] as RoundResult;
    const back = (await readSettledRound(client, market, r.round))!;
    const t0 = r.trades[0]!;
    const wrong = { ...r, trades: [{ ...t0, energyWh: t0.energyWh + 100 }, ...r.trades.slice(1)] };
    expect(compareSettledRound(wrong, back)).toEqual([
      `trade 1 energy Wh: engine ${t0.energyWh + 100}, chain ${t0.energyWh}`,
    ]);
    expect(await readSettledRound(client, market, 48)).toBeNull();

    // A household's trades are every trade naming it, in order.
    const h = t0.buyer;
    const mine = rounds.flatMap((x) => x.trades.filter((t) => t.buyer === h || t.seller === h));
    const read = await readHouseholdTrades(client, market, h);
    expect(read.map((t) => [t.buyer, t.seller, t.energyWh, t.pricePerWh])).toEqual(
      mine.map((t) => [t.buyer, t.seller, t.energyWh, t.pricePerWh]),
    );

    const holds = await readMarketHoldings(client, market);
    expect(holds).toMatchObject({ settledRounds: 48, households: scenario.households });
    expect(BigInt(holds.coinSupply)).toBeGreaterThan(0n);
    settler.close();
  });
});
