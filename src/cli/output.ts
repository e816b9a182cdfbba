/**
 * Writes a run's files so that nothing is ever half written: everything goes to a fresh temporary
 * sibling directory first, then is renamed into place (the directory itself if it did not exist,
 * else file by file, each rename atomic).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './command';

export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UsageError('--out', dir, 'a directory path (this is a file)');
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    if (!existsSync(target)) renameSync(tmp, target);
    else {
      for (const name of readdirSync(tmp)) renameSync(join(tmp, name), join(target, name));
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return Object.keys(files).map((f) => join(target, f));
}
