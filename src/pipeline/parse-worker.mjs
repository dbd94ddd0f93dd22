// The parse worker's entry (parse-pool.ts starts it): a thread does not inherit the TypeScript loader its parent
// registered (bin/huiju.js, vitest), so it registers tsx itself before loading the worker, as bin/huiju.js does.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
