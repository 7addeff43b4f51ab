/** A page's read on opening: the answer once it is in, or the server's messages when it failed. */
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { errorMessages } from '../api/client.js';

export interface Loaded<T> {
  /** undefined until the answer is in (and when it failed). */
  value: T | undefined;
  errors: string[];
}

/** Runs `read(api)` when the page opens and again when `api` changes; a late answer after the page is gone is dropped. */
export function useLoaded<T>(api: ApiClient, read: (api: ApiClient) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ value: undefined, errors: [] });
  useEffect(() => {
    let live = true;
    read(api).then(
      (value) => live && setState({ value, errors: [] }),
      (e: unknown) => live && setState({ value: undefined, errors: errorMessages(e) }),
    );
    return () => {
      live = false;
    };
    // `read` is one of the api/ modules' functions, the same on every render: the client decides.
  }, [api]);
  return state;
}
