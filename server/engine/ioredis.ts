import { Redis } from "ioredis";

/**
 * ioredis 6 declares `class VerbatimString extends String` as it loads. Subclassing String puts
 * String.prototype into V8's dictionary mode (a prototype "being set up"), and V8 makes a
 * prototype fast again only on a property miss through an object that inherits from it — never
 * through a string primitive. So once ioredis was loaded, every `s.charCodeAt`, `s.slice` or
 * `s.indexOf` in optimized code went through V8's generic property lookup (Builtins_LoadIC): a
 * charCodeAt loop ran 3.5× slower, and the gateway's request-head parser took 15% of the gateway's
 * CPU at 64 calls in flight (perf record). Reading a String method through an object that
 * inherits from String.prototype, from a function V8 keeps feedback for (it starts after about
 * 8 calls), makes the prototype fast again. server/engine/ioredis.test.ts checks that it does.
 */
function restoreFastStringPrototype(): void {
  const heir = Object.create(String.prototype) as { trim: unknown };
  const read = (from: { trim: unknown }) => from.trim;
  for (let i = 0; i < 100; i++) read(heir);
}

restoreFastStringPrototype();

/** ioredis's client; import it from here, never from "ioredis" (see restoreFastStringPrototype). */
export { Redis };
