import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string; homepage: string };

export const VERSION: string = pkg.version;
export const HOMEPAGE: string = pkg.homepage;
export const USER_AGENT = `huiju/${VERSION} (+${HOMEPAGE})`;
