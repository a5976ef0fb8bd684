/**
 * The include step of the kernels' WGSL (WGSL itself has none). A line
 *
 *   //! include lib/grid.wgsl
 *
 * names a file of shaders/lib by its path under shaders/, the same from a kernel or from a library;
 * being a comment, it leaves the file valid WGSL. Every other line starting with `//!` is refused, so
 * a mistyped directive is not silently ignored. Expansion puts each library once, in dependency order
 * (a file after the files it includes), before the source; the directive lines stay as comments.
 */
import { GpuError } from '../errors.ts';

const LIBRARY_FILES = import.meta.glob<string>('../../shaders/lib/*.wgsl', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Every shaders/lib/*.wgsl by the name an include gives it ("lib/grid.wgsl"). */
export const SHADER_LIBRARY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LIBRARY_FILES).map(([path, text]) => [
    path.slice(path.lastIndexOf('shaders/') + 'shaders/'.length),
    text,
  ]),
);

/** Where one file's text lies in the expanded code (lines counted from 1). */
export interface IncludedPart {
  /** A library's name, or "source" for the kernel's own WGSL. */
  file: string;
  firstLine: number;
  lineCount: number;
}

export interface ExpandedWgsl {
  code: string;
  parts: readonly IncludedPart[];
}

export interface ExpandOptions {
  /** The files an include may name (default: SHADER_LIBRARY). */
  files?: Readonly<Record<string, string>>;
}

const DIRECTIVE = /^[ \t]*\/\/!(.*)$/;
const INCLUDE = /^[ \t]*include[ \t]+(\S+)[ \t]*$/;

/** The names a WGSL text includes, in order, each with its 1-based line. */
export function includeDirectives(text: string, where: string): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  text.split('\n').forEach((line, index) => {
    const directive = DIRECTIVE.exec(line.replace(/\r$/, ''));
    if (!directive) return;
    const include = INCLUDE.exec(directive[1]);
    if (!include) {
      throw new GpuError(
        `${where}, line ${index + 1}: "${line.trim()}" is not a directive; write //! include lib/<name>.wgsl`,
      );
    }
    found.push({ name: include[1], line: index + 1 });
  });
  return found;
}

/**
 * `source` with every library its includes name placed before it, each once, a file after the
 * files it includes.
 * An unknown name or an include cycle is a GpuError naming the kernel and the file.
 */
export function expandIncludes(kernelName: string, source: string, options: ExpandOptions = {}): ExpandedWgsl {
  const files = options.files ?? SHADER_LIBRARY;
  const texts = new Map<string, string>();
  const order: string[] = [];
  const visiting: string[] = [];

  const visit = (file: string, text: string): void => {
    if (order.includes(file)) return;
    const at = visiting.indexOf(file);
    if (at >= 0) {
      throw new GpuError(`kernel "${kernelName}": include cycle ${[...visiting.slice(at), file].join(' → ')}`);
    }
    visiting.push(file);
    for (const { name, line } of includeDirectives(text, `kernel "${kernelName}": ${describeFile(file)}`)) {
      const included = Object.hasOwn(files, name) ? files[name] : undefined;
      if (included === undefined) {
        const known = Object.keys(files).sort().join(', ') || 'none';
        throw new GpuError(
          `kernel "${kernelName}": ${describeFile(file)}, line ${line}: includes unknown file "${name}" (known: ${known})`,
        );
      }
      visit(name, included);
    }
    visiting.pop();
    texts.set(file, text);
    order.push(file);
  };

  visit(SOURCE, source);

  const parts: IncludedPart[] = [];
  let firstLine = 1;
  for (const file of order) {
    const lineCount = (texts.get(file) ?? '').split('\n').length;
    parts.push({ file, firstLine, lineCount });
    firstLine += lineCount;
  }
  return { code: order.map((file) => texts.get(file)).join('\n'), parts };
}

const SOURCE = 'source';

function describeFile(file: string): string {
  return file === SOURCE ? 'its source' : file;
}

/** The file and line of line `line` of the expanded code, e.g. "lib/grid.wgsl:12". */
export function locateLine(parts: readonly IncludedPart[], line: number): string | undefined {
  const part = parts.find(
    (candidate) => line >= candidate.firstLine && line < candidate.firstLine + candidate.lineCount,
  );
  return part ? `${part.file}:${line - part.firstLine + 1}` : undefined;
}
