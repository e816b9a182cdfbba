/**
 * Where a run's files go, and how they get there without ever being half written:
 *
 * - checkOutDir, before anything runs: the directory (or its nearest existing parent) must be a
 *   directory this process can write to, proven by writing and removing a probe; an --out that
 *   holds results already is reported, so the command can refuse it unless --force (or resume
 *   it);
 * - openRunFiles: every file of the run is written into a fresh temporary sibling directory,
 *   CSVs row by row through a small buffer (memory stays bounded at any size), then commit()
 *   renames them into place (the directory itself if it did not exist, else file by file, each
 *   rename atomic);
 * - writeFilesAtomically: the same for files that are whole strings (compare).
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './command';

/** The files a run writes; any of them present means --out holds results. */
export const RUN_FILES = ['summary.json', 'rounds.csv', 'households.csv', 'chain.json'] as const;

export interface OutDir {
  /** Absolute path. */
  readonly path: string;
  /** The run files already there (empty for a new or empty directory). */
  readonly existing: readonly string[];
}

/** The nearest existing ancestor of `p` (p itself when it exists). */
function nearestExisting(p: string): string {
  let at = p;
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) return at;
    at = up;
  }
  return at;
}

/**
 * Checks that `dir` can take a run's files, writing nothing that stays: a directory, or a path
 * whose nearest existing parent is a writable directory. Throws a UsageError naming --out, the
 * path as given and why it cannot be used.
 */
export function checkOutDir(dir: string, flag = '--out'): OutDir {
  const path = resolve(dir);
  const base = nearestExisting(path);
  if (!statSync(base).isDirectory()) {
    throw new UsageError(
      flag,
      dir,
      base === path ? 'a directory path (this is a file)' : `a directory path (${base} is a file)`,
    );
  }
  try {
    // A real write, not access(2): root passes every permission check, a read-only mount does not.
    rmSync(mkdtempSync(join(base, '.write-probe-')), { recursive: true, force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(flag, dir, `a directory this process can write to (${base}: ${code})`);
  }
  const existing = base === path ? RUN_FILES.filter((f) => existsSync(join(path, f))) : [];
  return { path, existing };
}

/** A CSV written row by row: rows collect in a buffer of about 1 MiB, then go to disk. */
export interface CsvFile {
  row(line: string): void;
  close(): void;
}

const FLUSH_AT = 1 << 20;

function openCsv(path: string, header: string): CsvFile {
  const fd = openSync(path, 'w');
  let buffer: string[] = [header];
  let size = header.length;
  const flush = (): void => {
    if (buffer.length === 0) return;
    writeSync(fd, `${buffer.join('\n')}\n`);
    buffer = [];
    size = 0;
  };
  return {
    row(line) {
      buffer.push(line);
      size += line.length + 1;
      if (size >= FLUSH_AT) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

export interface RunFiles {
  /** A CSV in the run's temporary directory. */
  csv(name: string, header: string): CsvFile;
  /**
   * Writes `whole` (name -> content) and moves every file into the target directory; returns
   * the paths written.
   */
  commit(whole: Record<string, string>): string[];
  /** Removes the temporary directory (when the run fails before commit). */
  abort(): void;
}

function tmpSibling(target: string): string {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  return tmp;
}

function moveInto(tmp: string, target: string): void {
  if (!existsSync(target)) renameSync(tmp, target);
  else {
    for (const name of readdirSync(tmp)) renameSync(join(tmp, name), join(target, name));
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function openRunFiles(dir: string): RunFiles {
  const target = resolve(dir);
  const tmp = tmpSibling(target);
  const names: string[] = [];
  const open: CsvFile[] = [];
  return {
    csv(name, header) {
      names.push(name);
      const f = openCsv(join(tmp, name), header);
      open.push(f);
      return f;
    },
    commit(whole) {
      try {
        for (const f of open.splice(0)) f.close();
        for (const [name, content] of Object.entries(whole)) {
          writeFileSync(join(tmp, name), content);
          names.push(name);
        }
        moveInto(tmp, target);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        throw e;
      }
      return names.map((f) => join(target, f));
    },
    abort() {
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Writes whole-string files into `dir` atomically (see the module comment); returns their paths. */
export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UsageError('--out', dir, 'a directory path (this is a file)');
  }
  return openRunFiles(dir).commit(files);
}

/** Writes one small file into `dir` atomically (a temporary name, then a rename). */
export function writeFileAtomically(dir: string, name: string, content: string): void {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  const tmp = join(target, `.${name}.tmp-${process.pid}`);
  writeFileSync(tmp, content);
  renameSync(tmp, join(target, name));
}
