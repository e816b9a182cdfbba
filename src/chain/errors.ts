/**
 * Chain failures in words, and the one failure that is an answer ("not found").
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
} from 'viem';

/** A failure in words: which contract error, or that the RPC could not be reached. */
export function describeChainError(e: unknown, rpcUrl: string): string {
  if (e instanceof BaseError) {
    const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName ?? revert.reason ?? 'unknown reason';
      const args = (revert.data?.args ?? []).map((a) => String(a)).join(', ');
      return `settlement reverted: ${name}(${args})`;
    }
    const net = e.walk((x) => x instanceof HttpRequestError || x instanceof TimeoutError);
    if (net instanceof BaseError) return `RPC ${rpcUrl} unreachable: ${net.shortMessage}`;
    return e.shortMessage;
  }
  return e instanceof Error ? e.message : String(e);
}

/** "Not found" is an answer; any other failure (the RPC is down) must propagate. */
export function notFoundAsNull(e: unknown): null {
  if (e instanceof TransactionNotFoundError || e instanceof TransactionReceiptNotFoundError) {
    return null;
  }
  throw e;
}
