// Entry of a face worker thread (face-pool.ts). Plain JavaScript, because a worker thread starts
// with Node's own loader: it inherits neither jest's SWC transform nor, always, the tsx loader of
// the process that started it. tsx (a dependency already: `npm start` runs on it) then loads the
// TypeScript of the worker, scoped to this import.
import { tsImport } from 'tsx/esm/api';

await tsImport('./face-worker-main.ts', import.meta.url);
