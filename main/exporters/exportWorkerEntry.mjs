// Starts the export worker from the TypeScript sources (a checkout, `extopo serve`, the tests): registers tsx's
// loader in this worker thread, then loads exportWorker.ts. A build that bundles the worker ships
// export-worker.mjs beside its bundle instead, which pool.ts prefers.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./exportWorker.ts', import.meta.url).href);
