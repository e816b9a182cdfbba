// A worker thread's entry that runs a TypeScript module: the CLI runs under tsx, whose loader a
// worker thread does not inherit, so each worker loads its module through tsx's API.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
