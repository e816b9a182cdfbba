/**
 * What the main thread's long tasks spent their time in, from what page-run.ts writes with
 * PAGE_TRACE=<file> (a Chrome trace: the tasks and the layout, paint, collection in them) and
 * PAGE_PROFILE=<file> (a CPU profile: the functions). Each task over `minMs` (50 by default, the
 * long-task threshold) is listed with its work by kind (self time of the trace's events) and its
 * busiest functions (self time of the profile's samples inside it); then the same summed over all
 * of them. Both clocks are the browser's monotonic one, so the samples fall inside their tasks.
 * Read it against an unminified build (`vite build --minify false`), or the names are the
 * minifier's.
 *
 *   tsx script/bench/longTaskProfile.ts <trace.json> <file.cpuprofile> [minMs] [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

const [traceFile, profileFile] = process.argv.slice(2);
if (!traceFile || !profileFile) {
  throw new Error('longTaskProfile: give the trace (.json) and the CPU profile (.cpuprofile)');
}
const minMs = Number(process.argv[4] ?? 50);
const rows = Number(process.argv[5] ?? 12);
const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Profile;
const raw = JSON.parse(readFileSync(traceFile, 'utf8')) as
  TraceEvent[] | { traceEvents: TraceEvent[] };
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const label = (n: ProfileNode): string => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};

// Sample i lasts until sample i + 1: its duration is the next delta (microseconds).
const t: number[] = [];
let now = profile.startTime;
for (const d of profile.timeDeltas) t.push((now += d));

// The page's main thread: the renderer main thread with the most tasks.
const mains = new Set(
  events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`),
);
const count = new Map<string, number>();
for (const e of events) {
  const k = `${e.pid}:${e.tid}`;
  if (e.name === 'RunTask' && mains.has(k)) count.set(k, (count.get(k) ?? 0) + 1);
}
const main = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
if (!main) throw new Error('longTaskProfile: no renderer main thread with tasks in the trace');
const onMain = events
  .filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur !== undefined)
  .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
const long = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= minMs * 1000);

const add = (m: Map<string, number>, k: string, v: number): void => {
  m.set(k, (m.get(k) ?? 0) + v);
};
/** Self time (ms) by event name of the trace's events inside a task (nested ones subtracted). */
function kinds(task: TraceEvent): Map<string, number> {
  const out = new Map<string, number>();
  const end = task.ts + (task.dur ?? 0);
  let lo = 0;
  let hi = onMain.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((onMain[mid]?.ts ?? 0) < task.ts) lo = mid + 1;
    else hi = mid;
  }
  const inside: TraceEvent[] = [];
  for (let i = lo; i < onMain.length && (onMain[i]?.ts ?? 0) < end; i++) {
    const e = onMain[i] as TraceEvent;
    if (e.ts + (e.dur ?? 0) <= end) inside.push(e);
  }
  const stack: { e: TraceEvent; child: number }[] = [];
  const close = (upTo: number): void => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { e: TraceEvent; child: number };
      if (top.e.ts + (top.e.dur ?? 0) > upTo) return;
      stack.pop();
      const d = top.e.dur ?? 0;
      const fn = top.e.args?.data?.functionName;
      add(out, fn ? `${top.e.name} ${fn}` : top.e.name, (d - top.child) / 1000);
      const parentFrame = stack[stack.length - 1];
      if (parentFrame) parentFrame.child += d;
    }
  };
  for (const e of inside) {
    close(e.ts);
    stack.push({ e, child: 0 });
  }
  close(Infinity);
  return out;
}
/** Self time (ms) by function of the profile's samples inside [fromUs, toUs). */
function functions(fromUs: number, toUs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < profile.samples.length; k++) {
    const at = t[k] ?? 0;
    if (at < fromUs || at >= toUs) continue;
    const node = byId.get(profile.samples[k] ?? -1);
    if (node) add(out, label(node), ((t[k + 1] ?? at) - at) / 1000);
  }
  return out;
}
const top = (m: Map<string, number>, n: number): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(1)} ${k}`)
    .join('; ');

const allKinds = new Map<string, number>();
const allFunctions = new Map<string, number>();
const first = onMain[0]?.ts ?? 0;
console.log(`${long.length} tasks of ${minMs} ms or more on the page's main thread:`);
for (const task of long) {
  const k = kinds(task);
  const f = functions(task.ts, task.ts + (task.dur ?? 0));
  for (const [a, v] of k) add(allKinds, a, v);
  for (const [a, v] of f) add(allFunctions, a, v);
  console.log(
    `\nat ${((task.ts - first) / 1000).toFixed(0)} ms: ${((task.dur ?? 0) / 1000).toFixed(1)} ms`,
  );
  console.log(`  work: ${top(k, 8)}`);
  console.log(`  functions: ${top(f, 8)}`);
}
const print = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(`${v.toFixed(1).padStart(9)} ms  ${k}`);
};
print('work over all of them', allKinds);
print('functions over all of them', allFunctions);
