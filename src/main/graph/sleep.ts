import { CollectError } from '../investigation/collect-error.ts';

/** A sleep that an abort (cancel, app closing) ends at once, as a cancelled collection. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CollectError('cancelled', 'cancelled'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new CollectError('cancelled', 'cancelled'));
      },
      { once: true },
    );
  });
}
