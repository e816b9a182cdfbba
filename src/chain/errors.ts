/**
 * Chain failures sorted into the two kinds the settler acts on, in words. Every call the chain
 * layer makes (setup, settlement, resync, reconciliation) passes its errors through
 * classifyChainError, so the CLI and the page's worker see the same sorting and the same
 * sentences:
 *
 * - transient: the request may succeed if sent again (a dropped connection, a node that does not
 *   answer in time, a nonce the node has moved past). Retried with backoff (retry.ts) up to a
 *   stated limit, after which it counts as permanent.
 * - permanent: sending again cannot help (a revert at estimation, no contract code, a node that
 *   lost its state or was rolled back, another run's market, a value the codec refuses, a round
 *   too big for a block, no ETH for gas). The settler stops and says what happened.
 *
 * A message never holds bytecode or viem's multi-line dump: only the first line of viem's short
 * message, with any long hex shortened.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  decodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  IntrinsicGasTooHighError,
  NonceTooHighError,
  NonceTooLowError,
  RpcRequestError,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Abi,
  type Hex,
} from 'viem';

export type FailureKind = 'transient' | 'permanent';

/** What went wrong, as a code each entry point maps to its own advice (CLI, page). */
export type FailureCode =
  /** The node does not answer (transient), or did not for the whole retry limit (permanent). */
  | 'unreachable'
  /** Something answers at the URL, but it is not an Ethereum JSON-RPC node. */
  | 'not-rpc'
  /** The RPC serves another chain than the one the run is for. */
  | 'wrong-chain'
  /** A contract call or deployment reverted; the message names the custom error. */
  | 'reverted'
  /** The market has no code: the node lost its state (restarted without it). */
  | 'lost-state'
  /** The market holds fewer rounds or households than this run confirmed: the node was rolled back. */
  | 'rolled-back'
  /** The contract at the market's address belongs to another run (another runId) or operator. */
  | 'other-run'
  /** A value the packed words cannot carry exactly (codec.ts). */
  | 'codec'
  /** The scenario has a rule the contracts do not carry (settler.ts chainUnsupported). */
  | 'unsupported'
  /** A transaction needs more gas than a block holds and cannot be split further. */
  | 'over-gas'
  /** The operator account cannot pay for gas. */
  | 'no-funds'
  /** Anything else; transient until the retry limit says otherwise. */
  | 'other';

/** A chain failure sorted and put in words: `message` is one sentence, never a dump. */
export class ChainFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly code: FailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChainFailure';
  }

  get permanent(): boolean {
    return this.kind === 'permanent';
  }
}

/** A value the packed calldata cannot carry; always permanent. Thrown by codec.ts. */
export class CodecError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

const MAX_MESSAGE = 300;

/** One line, long hex shortened, at most MAX_MESSAGE characters. */
export function oneLine(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  const short = first
    .replace(/0x[0-9a-fA-F]{80,}/g, (h) => `${h.slice(0, 10)}…(${(h.length - 2) / 2} bytes)`)
    .trim();
  return short.length > MAX_MESSAGE ? `${short.slice(0, MAX_MESSAGE - 1)}…` : short;
}

function viemReason(e: BaseError): string {
  const short = oneLine(e.shortMessage).replace(/\.$/, '');
  const detail = e.details && e.details !== e.shortMessage ? ` (${oneLine(e.details)})` : '';
  return oneLine(`${short}${detail}`);
}

/** The custom error a revert carries, decoded against `abi` when viem could not: `Name(a, b)`. */
function revertName(e: BaseError, abi: Abi | undefined): string | null {
  const decoded = e.walk((x) => x instanceof ContractFunctionRevertedError);
  if (decoded instanceof ContractFunctionRevertedError) {
    const name = decoded.data?.errorName ?? decoded.reason;
    if (name) {
      const args = (decoded.data?.args ?? []).map((a) => String(a)).join(', ');
      return decoded.data ? `${name}(${args})` : name;
    }
  }
  // A deployment's revert is not decoded by viem (no function to decode against): find the data.
  const rpc = e.walk((x) => x instanceof RpcRequestError && typeof x.data === 'string');
  const data =
    rpc instanceof RpcRequestError && typeof rpc.data === 'string' ? (rpc.data as Hex) : null;
  if (data && abi && /^0x[0-9a-fA-F]{8}/.test(data)) {
    try {
      const r = decodeErrorResult({ abi, data });
      return `${r.errorName}(${(r.args ?? []).map((a) => String(a)).join(', ')})`;
    } catch {
      return `custom error ${data.slice(0, 10)}`;
    }
  }
  if (/execution reverted|reverted/i.test(`${e.shortMessage} ${e.details}`)) {
    const m = /custom error (0x[0-9a-fA-F]{8})/.exec(`${e.shortMessage} ${e.details}`);
    return m ? `custom error ${m[1]}` : 'no reason given';
  }
  return null;
}

export interface ErrorContext {
  /** The RPC the call went to, for the message. */
  rpcUrl: string;
  /** What was being done: `settle of rounds 0..23`, `registerHouseholds`, `reading the books`. */
  what: string;
  /** Errors to decode reverts against (deployments, which viem does not decode). */
  abi?: Abi;
}

/** Sorts any error thrown by a chain call into a ChainFailure with one sentence. */
export function classifyChainError(e: unknown, ctx: ErrorContext): ChainFailure {
  if (e instanceof ChainFailure) return e;
  const at = `the node at ${ctx.rpcUrl}`;
  if (e instanceof CodecError) {
    return new ChainFailure('permanent', 'codec', `${ctx.what}: ${oneLine(e.message)}`, {
      cause: e,
    });
  }
  if (!(e instanceof BaseError)) {
    const text = e instanceof Error ? e.message : String(e);
    // viem reading a JSON answer that holds no `result` (a JSON server that is no RPC).
    if (/convert undefined|Cannot read properties of undefined/i.test(text)) {
      return new ChainFailure(
        'permanent',
        'not-rpc',
        `${at} answered ${ctx.what} with JSON that is not a JSON-RPC result: it is not an Ethereum node`,
        { cause: e },
      );
    }
    return new ChainFailure('transient', 'other', `${ctx.what}: ${oneLine(text)}`, { cause: e });
  }
  if (e.walk((x) => x instanceof InsufficientFundsError)) {
    return new ChainFailure(
      'permanent',
      'no-funds',
      `${ctx.what}: the operator account has too little ETH on ${at} to pay for gas`,
      { cause: e },
    );
  }
  if (
    e.walk((x) => x instanceof IntrinsicGasTooHighError) ||
    /exceeds block gas limit|gas required exceeds/i.test(`${e.details}`)
  ) {
    return new ChainFailure(
      'permanent',
      'over-gas',
      `${ctx.what} needs more gas than a block of ${at} holds`,
      { cause: e },
    );
  }
  if (e.walk((x) => x instanceof ContractFunctionZeroDataError)) {
    return new ChainFailure(
      'permanent',
      'lost-state',
      `${ctx.what}: there is no contract code at the market's address on ${at}, so the node lost its state (was it restarted without it?)`,
      { cause: e },
    );
  }
  const revert = revertName(e, ctx.abi);
  if (revert !== null) {
    return new ChainFailure('permanent', 'reverted', `${ctx.what} reverted: ${revert}`, {
      cause: e,
    });
  }
  if (e.walk((x) => x instanceof NonceTooLowError || x instanceof NonceTooHighError)) {
    return new ChainFailure('transient', 'other', `${ctx.what}: ${viemReason(e)}`, { cause: e });
  }
  const http = e.walk((x) => x instanceof HttpRequestError);
  if (http instanceof HttpRequestError && http.cause instanceof SyntaxError) {
    return new ChainFailure(
      'permanent',
      'not-rpc',
      `${at} answered ${ctx.what} with something that is not JSON: it is not an Ethereum JSON-RPC endpoint`,
      { cause: e },
    );
  }
  if (http instanceof HttpRequestError && http.status !== undefined) {
    const status = http.status;
    // 429 (rate limited) and 5xx may pass; any other answer is a server that is not an RPC.
    if (status === 429 || status >= 500) {
      return new ChainFailure(
        'transient',
        'unreachable',
        `${at} answered ${ctx.what} with HTTP ${status}`,
        { cause: e },
      );
    }
    return new ChainFailure(
      'permanent',
      'not-rpc',
      `${at} answered ${ctx.what} with HTTP ${status}: it is not an Ethereum JSON-RPC endpoint`,
      { cause: e },
    );
  }
  if (http || e.walk((x) => x instanceof TimeoutError)) {
    return new ChainFailure('transient', 'unreachable', `${at} is unreachable: ${viemReason(e)}`, {
      cause: e,
    });
  }
  return new ChainFailure('transient', 'other', `${ctx.what}: ${viemReason(e)}`, { cause: e });
}

/** A failure in words (the status's lastError). */
export function describeChainError(e: unknown, rpcUrl: string, what = 'chain call'): string {
  return classifyChainError(e, { rpcUrl, what }).message;
}

/** "Not found" is an answer; any other failure (the RPC is down) must propagate. */
export function notFoundAsNull(e: unknown): null {
  if (e instanceof TransactionNotFoundError || e instanceof TransactionReceiptNotFoundError) {
    return null;
  }
  throw e;
}
