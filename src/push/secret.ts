import { inspect } from 'node:util';

/**
 * A secret read from feeds.json or the environment. It shows as `[secret]` however it is printed, logged or serialised
 * (JSON, util.inspect, pino), so a channel can be logged, or a config dumped, without leaking it: only the code that
 * signs or addresses a request calls `reveal()`.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[secret]';
  }
  toString(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}
