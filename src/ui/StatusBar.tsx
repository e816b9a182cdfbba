import { WEATHER_CODES } from '../worker/protocol';
import { useSim } from '../store/simStore';
import { hourLabel } from './format';

const WEATHER_ICON: Record<string, string> = { sunny: '☀', cloudy: '☁', rainy: '🌧' };

/**
 * Rounds the chain may trail the engine before the page calls it lagging. The settler never
 * waits to fill a batch: each transaction takes whatever is queued (up to DEFAULT_BATCH_ROUNDS,
 * 30 simulated days), so a healthy node trails by the rounds simulated during one round trip;
 * two simulated days behind means it is not keeping up.
 */
const LAGGING_ROUNDS = 48;

/** Where the run is and how far the chain lags; always visible. */
export function StatusBar() {
  const version = useSim((s) => s.version);
  const history = useSim((s) => s.history);
  const total = useSim((s) => s.totalRounds);
  const chain = useSim((s) => s.chain);
  void version;
  const last = history.length - 1;
  const weather = last >= 0 ? (WEATHER_CODES[history.weather[last] ?? 0] ?? 'sunny') : null;
  return (
    <div className="statusbar" role="status" aria-label="Run status">
      <dl>
        <div>
          <dt>Day</dt>
          <dd data-testid="day">{last >= 0 ? (history.day[last] ?? 0) + 1 : '–'}</dd>
        </div>
        <div>
          <dt>Hour</dt>
          <dd data-testid="hour">{last >= 0 ? hourLabel(history.hourOfDay[last] ?? 0) : '–'}</dd>
        </div>
        <div>
          <dt>Weather</dt>
          <dd data-testid="weather">
            {weather ? `${WEATHER_ICON[weather] ?? ''} ${weather}` : '–'}
          </dd>
        </div>
        <div>
          <dt>Simulated</dt>
          <dd data-testid="rounds-simulated">
            {history.length}
            <span className="of"> / {total}</span>
          </dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd data-testid="rounds-sent">{chain.sent}</dd>
        </div>
        <div>
          <dt>Confirmed on chain</dt>
          <dd data-testid="rounds-confirmed">{chain.confirmed}</dd>
        </div>
      </dl>
      <ChainNote />
    </div>
  );
}

function ChainNote() {
  const chain = useSim((s) => s.chain);
  const text =
    chain.phase === 'ready'
      ? `Settling on chain · market ${chain.marketAddress ?? '?'}${
          chain.marketNumber > 1
            ? ` (a fresh one: market ${chain.marketNumber} opened since the page loaded)`
            : ''
        }`
      : chain.phase === 'connecting'
        ? 'Connecting to the chain…'
        : (chain.message ?? 'Chain off.');
  const behind = chain.phase === 'ready' ? chain.simulated - chain.confirmed : 0;
  // At the bound the worker holds the run until the chain confirms more (chainBridge.ts).
  const atBound = chain.maxBehind > 0 && behind >= chain.maxBehind;
  const lagging = behind > LAGGING_ROUNDS || atBound;
  const warn = chain.phase === 'error' || chain.phase === 'off' || lagging;
  return (
    <p
      className={warn ? 'chain-note warn' : 'chain-note'}
      data-testid="chain-note"
      data-phase={chain.phase}
    >
      {text}
      {lagging ? (
        <span
          data-testid="chain-lag"
          data-behind={behind}
          data-max-behind={chain.maxBehind}
          data-held={atBound}
        >
          {' '}
          · chain is {behind} rounds behind (at most {chain.maxBehind});{' '}
          {atBound
            ? 'the simulation waits for it'
            : 'queued rounds are kept, and at the bound the simulation waits for it'}
        </span>
      ) : null}
      {chain.lastError ? <span className="err"> Last chain error: {chain.lastError}</span> : null}
      {chain.reconciled ? (
        <span
          className={chain.reconciled.ok ? 'reconciled' : 'err'}
          data-testid="reconciled"
          data-ok={chain.reconciled.ok}
          data-rounds={chain.reconciled.confirmed}
        >
          {' '}
          {chain.reconciled.ok
            ? `✓ Chain books equal the engine's after ${chain.reconciled.confirmed} rounds.`
            : `✗ Chain and engine disagree after ${chain.reconciled.confirmed} rounds: ${chain.reconciled.mismatches.join('; ')}`}
        </span>
      ) : null}
    </p>
  );
}
