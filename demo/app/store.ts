/** A small observable store: panels subscribe and redraw when the keys they read change. */
export interface Store<T extends object> {
  get(): Readonly<T>;
  update(patch: Partial<T>): void;
  /** Calls `listener` after every update that touched one of `keys` (every update when omitted). */
  subscribe(listener: (state: Readonly<T>) => void, keys?: readonly (keyof T)[]): void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners: { listener: (state: Readonly<T>) => void; keys?: readonly (keyof T)[] }[] = [];
  return {
    get: () => state,
    update(patch) {
      state = { ...state, ...patch };
      const changed = Object.keys(patch) as (keyof T)[];
      for (const { listener, keys } of listeners) {
        if (!keys || keys.some((key) => changed.includes(key))) listener(state);
      }
    },
    subscribe(listener, keys) {
      listeners.push({ listener, keys });
    },
  };
}
