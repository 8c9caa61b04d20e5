import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

/** jose is an ES module; import() keeps our files CommonJS. Loaded once. */
export type Jose = typeof JoseModule;

let loading: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}
