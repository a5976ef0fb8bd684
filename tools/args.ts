/** A small `--name value` / `--flag` parser for the tools; unknown flags are errors. */
export type FlagKind = 'string' | 'number' | 'boolean';

export function parseFlags<Spec extends Record<string, FlagKind>>(
  args: readonly string[],
  spec: Spec,
  defaults: { [K in keyof Spec]?: Spec[K] extends 'number' ? number : Spec[K] extends 'boolean' ? boolean : string },
): { [K in keyof Spec]: Spec[K] extends 'number' ? number : Spec[K] extends 'boolean' ? boolean : string } {
  const values: Record<string, string | number | boolean> = {
    ...(defaults as Record<string, string | number | boolean>),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const kind = spec[name];
    if (!kind)
      throw new Error(
        `unknown flag --${name} (known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(' ')})`,
      );
    if (kind === 'boolean') {
      values[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const text = inline ?? args[++i];
    if (text === undefined) throw new Error(`--${name} needs a value`);
    if (kind === 'number') {
      const value = Number(text);
      if (!Number.isFinite(value)) throw new Error(`--${name} must be a number (got "${text}")`);
      values[name] = value;
    } else {
      values[name] = text;
    }
  }
  for (const name of Object.keys(spec)) if (!(name in values)) throw new Error(`--${name} is required`);
  return values as never;
}
