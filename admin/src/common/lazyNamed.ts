import { lazy, type ComponentType } from 'react';

/**
 * A page loaded the first time it is shown, from a module that exports it by name: the sign-in page
 * and the first screen do not wait for the code of every other screen.
 */
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
