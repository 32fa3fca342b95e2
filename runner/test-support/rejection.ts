/**
 * The error `promise` rejects with, checked to be a `type`; fails the test when the promise
 * resolves or rejects with something else.
 */
export async function rejectionOf<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  let rejected = false;
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    rejected = true;
    error = caught;
  }
  if (!rejected) throw new Error(`expected a rejection with a ${type.name}, but the promise resolved`);
  if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`);
  return error;
}
