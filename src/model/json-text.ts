import { ModelFormatError } from '../errors.ts';

/**
 * JSON text helpers for the model files. JSON.parse reports errors in engine-specific words
 * (sometimes with no position at all) and silently keeps the last of duplicate keys, so a
 * small validating scanner locates syntax errors and finds duplicate keys itself.
 */

export interface JsonSyntaxProblem {
  /** Offset in UTF-16 code units of the first offending character. */
  position: number;
  reason: string;
}

export interface DuplicateJsonKey {
  key: string;
  /** Keys of the enclosing objects, outermost first ('[]' for an array); empty for a top-level key. */
  path: string[];
  position: number;
}

export interface JsonScan {
  error?: JsonSyntaxProblem;
  duplicate?: DuplicateJsonKey;
}

const OBJECT = 0;
const ARRAY = 1;

interface Container {
  kind: typeof OBJECT | typeof ARRAY;
  keys?: Set<string>;
  /** The key whose value is being read, for the path of nested duplicates. */
  key?: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Walks the text once as a strict JSON (RFC 8259) grammar, without building values.
 * Iterative (an explicit stack), so deeply nested input cannot overflow the call stack.
 * Returns the first syntax error and the first duplicate key of any object.
 */
export function scanJson(text: string): JsonScan {
  const n = text.length;
  const stack: Container[] = [];
  let i = 0;
  let duplicate: DuplicateJsonKey | undefined;

  const skipWhitespace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const describe = (at: number) => (at >= n ? 'end of input' : `character ${JSON.stringify(text[at])}`);

  /** Reads a string starting at the opening quote; returns its raw text or a problem. */
  const readString = (): string | JsonSyntaxProblem => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return text.slice(start, i);
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return { position: i, reason: 'invalid \\u escape in string' };
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return { position: i, reason: 'invalid escape in string' };
        }
        continue;
      }
      if (c < 0x20) return { position: i, reason: 'unescaped control character in string' };
      i++;
    }
    return { position: start, reason: 'unterminated string' };
  };

  /** Reads `"key" :` inside an object, recording the key; returns a problem or undefined. */
  const readKey = (): JsonSyntaxProblem | undefined => {
    skipWhitespace();
    if (text[i] !== '"') return { position: i, reason: `expected a double-quoted property name, found ${describe(i)}` };
    const keyStart = i;
    const raw = readString();
    if (typeof raw !== 'string') return raw;
    const key = JSON.parse(raw) as string;
    const top = stack[stack.length - 1];
    if (!duplicate && top.keys!.has(key)) {
      duplicate = {
        key,
        path: stack.slice(0, -1).map((c) => (c.kind === ARRAY ? '[]' : (c.key ?? ''))),
        position: keyStart,
      };
    }
    top.keys!.add(key);
    top.key = key;
    skipWhitespace();
    if (text[i] !== ':') return { position: i, reason: `expected ':' after property name, found ${describe(i)}` };
    i++;
    return undefined;
  };

  const fail = (problem: JsonSyntaxProblem): JsonScan => ({ error: problem, duplicate });

  for (;;) {
    // Read one value at i.
    skipWhitespace();
    if (i >= n) return fail({ position: i, reason: 'unexpected end of input, expected a value' });
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      i++;
      skipWhitespace();
      if (text[i] === (ch === '{' ? '}' : ']')) {
        i++;
      } else {
        stack.push(ch === '{' ? { kind: OBJECT, keys: new Set() } : { kind: ARRAY });
        if (ch === '{') {
          const problem = readKey();
          if (problem) return fail(problem);
        }
        continue;
      }
    } else if (ch === '"') {
      const raw = readString();
      if (typeof raw !== 'string') return fail(raw);
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) return fail({ position: i, reason: 'invalid number' });
      i += match[0].length;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else {
      return fail({ position: i, reason: `unexpected ${describe(i)}, expected a value` });
    }

    // After a value: close finished containers, or move on to the next element.
    for (;;) {
      skipWhitespace();
      if (stack.length === 0) {
        if (i < n) return fail({ position: i, reason: `unexpected ${describe(i)} after the end of the JSON value` });
        return { duplicate };
      }
      const top = stack[stack.length - 1];
      const close = top.kind === OBJECT ? '}' : ']';
      if (text[i] === ',') {
        i++;
        if (top.kind === OBJECT) {
          const problem = readKey();
          if (problem) return fail(problem);
        }
        break;
      }
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      return fail({ position: i, reason: `expected ',' or '${close}', found ${describe(i)}` });
    }
  }
}

/** A value as the user wrote it, for error messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** 1-based line and column of a UTF-16 offset. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < position && k < text.length; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** Where a JSON syntax error is, in words: `line 2, column 5 (offset 17)`. */
export function describePosition(text: string, position: number): string {
  const { line, column } = lineAndColumn(text, position);
  return `line ${line}, column ${column} (offset ${position})`;
}

/** Bytes to text, rejecting invalid UTF-8 rather than replacing it. */
export function decodeUtf8(bytes: Uint8Array, file: string, what = 'file'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelFormatError(file, `${what} is not valid UTF-8`);
  }
}

/** JSON.parse whose syntax errors name their line and column. Duplicate keys are not checked. */
export function parseJsonSyntax(text: string, file: string, what = 'file'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = scanJson(text).error;
    if (problem) {
      throw new ModelFormatError(
        file,
        `${what} is not valid JSON: ${problem.reason} at ${describePosition(text, problem.position)}`,
      );
    }
    throw new ModelFormatError(file, `${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * JSON.parse with errors a user can act on: invalid JSON names its line and column, and a key
 * given twice in one object is rejected (JSON.parse would silently keep the last one).
 */
export function parseJsonText(text: string, file: string, what = 'file'): unknown {
  // A UTF-8 byte order mark is harmless; JSON.parse would reject it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const value = parseJsonSyntax(body, file, what);
  const duplicate = scanJson(body).duplicate;
  if (duplicate) {
    const path = [...duplicate.path, duplicate.key];
    throw new ModelFormatError(
      file,
      `appears more than once in the same object at ${describePosition(body, duplicate.position)}`,
      {
        key: path.join('.'),
      },
    );
  }
  return value;
}
