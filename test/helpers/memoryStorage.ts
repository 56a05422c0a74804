import { type KeyValueStorage } from '../../src/common/model/events';

/** An in-memory stand-in for VS Code's globalState (a Memento), for tests and benchmarks in plain Node. */
export function memoryStorage(initial: Record<string, unknown> = {}): KeyValueStorage & { readonly data: Record<string, unknown> } {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: <T>(key: string) => data[key] as T | undefined,
    update: (key: string, value: unknown) => {
      data[key] = value;
      return Promise.resolve();
    },
  };
}
