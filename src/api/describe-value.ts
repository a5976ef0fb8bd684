/** A value as an error message names what it found: "an array", "null", "Uint8Array", "number 4"… */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      if (value === null) return 'null';
      // A class instance by its class; a plain object as such.
      return value.constructor?.name && value.constructor !== Object ? value.constructor.name : 'an object';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    default:
      return `${typeof value} ${String(value)}`;
  }
}
