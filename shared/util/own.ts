// Plain objects indexed by user-chosen ids (the layout's `nodes`, keyed by entity id): an id such as "constructor",
// "toString" or "hasOwnProperty" must not find Object.prototype's members, and "__proto__" must not set or read the
// prototype. Read with ownValue (own properties only) and write with setOwnValue (defines an own property).

/** The record's own value for `key`, or undefined: never an inherited member such as Object.prototype.constructor. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether the record has its own entry for `key`. */
export function hasOwnKey(record: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.hasOwn(record, key);
}

/** Sets the record's own `key` (even "__proto__", which plain assignment would treat as the prototype). */
export function setOwnValue<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
