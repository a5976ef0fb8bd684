/**
 * Every error the engine raises on purpose is an UnrollError: the CLI prints its message
 * as one line (no stack trace) and the API lets callers branch on `kind`.
 */
export type UnrollErrorKind =
  | 'model-format' // config.json, model.safetensors or vocab.json is malformed
  | 'input' // a bad input line, id or option value
  | 'usage' // bad command-line usage (exit status 2)
  | 'gpu' // WebGPU unavailable, validation, out-of-memory or device loss
  | 'disposed'; // the backend or model was used after dispose()

export class UnrollError extends Error {
  readonly kind: UnrollErrorKind;
  constructor(kind: UnrollErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrollError';
    this.kind = kind;
  }
}

/** A malformed model file; the message names the file and, where it applies, the key or tensor. */
export class ModelFormatError extends UnrollError {
  readonly file: string;
  readonly tensor?: string;
  readonly key?: string;
  constructor(file: string, detail: string, where: { tensor?: string; key?: string } = {}) {
    const subject = where.tensor ? `tensor "${where.tensor}": ` : where.key ? `key "${where.key}": ` : '';
    super('model-format', `${file}: ${subject}${detail}`);
    this.name = 'ModelFormatError';
    this.file = file;
    this.tensor = where.tensor;
    this.key = where.key;
  }
}

export class InputError extends UnrollError {
  constructor(message: string) {
    super('input', message);
    this.name = 'InputError';
  }
}

export class UsageError extends UnrollError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

export class GpuError extends UnrollError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('gpu', message, options);
    this.name = 'GpuError';
  }
}
