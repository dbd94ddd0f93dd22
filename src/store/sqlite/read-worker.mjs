// The read worker's entry (read-pool.ts starts it): a thread does not inherit the TypeScript loader its parent
// registered (bin/huiju.js, vitest), so it registers tsx itself before loading the worker, as bin/huiju.js does.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
