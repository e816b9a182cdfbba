/**
 * `simulate --run file.json`: the run file read and checked by the engine's one reader
 * (runFile.ts), which refuses a bad field by name; a file that cannot be read is a bad flag.
 */
import { readFileSync } from 'node:fs';
import { parseRunFile, type RunFile } from '../engine';
import { UsageError } from './command';

export function readRunFile(path: string): RunFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError('--run', path, `a readable run file (${(e as Error).message})`);
  }
  return parseRunFile(text);
}
