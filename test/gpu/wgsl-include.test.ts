// The include step of the kernels' WGSL (src/gpu/wgsl-include.ts) and its use by defineKernel. Pure: no GPU.
import gridLibrary from '../../shaders/lib/grid.wgsl?raw';
import { describe, expect, it } from 'vitest';
import { GpuError } from '../../src/errors.ts';
import { defineKernel } from '../../src/gpu/kernel.ts';
import { expandIncludes, includeDirectives, locateLine, SHADER_LIBRARY } from '../../src/gpu/wgsl-include.ts';
import rnnStepSource from '../../shaders/rnn_step.wgsl?raw';

const KERNELS = import.meta.glob<string>('../../shaders/*.wgsl', { query: '?raw', import: 'default', eager: true });

const ENTRY = '@compute @workgroup_size(1)\nfn main() {\n  out[0] = value();\n}\n';

// a → b → c and a → c: a diamond, so c must still be placed once.
const FILES = {
  'lib/a.wgsl': '//! include lib/b.wgsl\n//! include lib/c.wgsl\nfn a() -> f32 { return b() + c(); }\n',
  'lib/b.wgsl': '//! include lib/c.wgsl\nfn b() -> f32 { return c(); }\n',
  'lib/c.wgsl': 'fn c() -> f32 { return 1.0; }\n',
  'lib/binding.wgsl':
    '@group(0) @binding(3) var<storage, read_write> out: array<f32>;\nstruct Params { n: u32, scale: f32 }\n',
};

function count(text: string, what: string): number {
  return text.split(what).length - 1;
}

describe('include directives', () => {
  it('reads `//! include <name>` lines, with their line numbers', () => {
    expect(
      includeDirectives('// text\n//! include lib/grid.wgsl\n  //!   include   lib/step.wgsl  \r\nfn f() {}', 'x'),
    ).toEqual([
      { name: 'lib/grid.wgsl', line: 2 },
      { name: 'lib/step.wgsl', line: 3 },
    ]);
    // An ordinary comment that mentions an include is not a directive.
    expect(includeDirectives('// include lib/grid.wgsl\n/// include lib/grid.wgsl', 'x')).toEqual([]);
  });

  it('refuses any other `//!` line rather than ignoring a mistyped directive', () => {
    for (const line of ['//! includes lib/grid.wgsl', '//! include', '//! include lib/a.wgsl lib/b.wgsl', '//!']) {
      expect(() => includeDirectives(`fn f() {}\n${line}`, 'kernel "k": its source')).toThrow(GpuError);
      expect(() => includeDirectives(`fn f() {}\n${line}`, 'kernel "k": its source')).toThrow(
        /kernel "k": its source, line 2: .* is not a directive/,
      );
    }
  });
});

describe('expandIncludes', () => {
  it('places every included file once, transitively, each after the files it includes, before the source', () => {
    const { code, parts } = expandIncludes('k', '//! include lib/a.wgsl\n//! include lib/c.wgsl\nfn main() {}', {
      files: FILES,
    });
    expect(parts.map((part) => part.file)).toEqual(['lib/c.wgsl', 'lib/b.wgsl', 'lib/a.wgsl', 'source']);
    expect(count(code, 'fn c()')).toBe(1);
    expect(code.indexOf('fn c()')).toBeLessThan(code.indexOf('fn b()'));
    expect(code.indexOf('fn b()')).toBeLessThan(code.indexOf('fn a()'));
    expect(code.endsWith('fn main() {}')).toBe(true);
  });

  it('leaves a source without includes as it is', () => {
    expect(expandIncludes('k', 'fn main() {}', { files: FILES }).code).toBe('fn main() {}');
  });

  it('refuses an unknown name, naming the kernel, the including file, the line and the name', () => {
    const files = { ...FILES, 'lib/d.wgsl': 'fn d() {}\n//! include lib/missing.wgsl\n' };
    expect(() => expandIncludes('probe', '//! include lib/nope.wgsl', { files })).toThrow(
      /^kernel "probe": its source, line 1: includes unknown file "lib\/nope.wgsl" \(known: lib\/a.wgsl, /,
    );
    expect(() => expandIncludes('probe', '//! include lib/d.wgsl', { files })).toThrow(
      /kernel "probe": lib\/d.wgsl, line 2: includes unknown file "lib\/missing.wgsl"/,
    );
    // Only library files can be included, not kernels, and names are not paths to normalise.
    expect(() => expandIncludes('probe', '//! include rnn_step.wgsl')).toThrow(/unknown file "rnn_step.wgsl"/);
    expect(() => expandIncludes('probe', '//! include lib/../lib/grid.wgsl')).toThrow(
      /unknown file "lib\/..\/lib\/grid.wgsl"/,
    );
    expect(() => expandIncludes('probe', '//! include toString')).toThrow(/unknown file "toString"/);
  });

  it('refuses include cycles, naming the kernel and the files of the cycle', () => {
    const files = {
      'lib/x.wgsl': '//! include lib/y.wgsl\n',
      'lib/y.wgsl': '//! include lib/z.wgsl\n',
      'lib/z.wgsl': '//! include lib/x.wgsl\n',
      'lib/self.wgsl': '//! include lib/self.wgsl\n',
    };
    expect(() => expandIncludes('loop', '//! include lib/x.wgsl', { files })).toThrow(GpuError);
    expect(() => expandIncludes('loop', '//! include lib/x.wgsl', { files })).toThrow(
      'kernel "loop": include cycle lib/x.wgsl → lib/y.wgsl → lib/z.wgsl → lib/x.wgsl',
    );
    expect(() => expandIncludes('loop', '//! include lib/self.wgsl', { files })).toThrow(
      'include cycle lib/self.wgsl → lib/self.wgsl',
    );
  });

  it('says which file and line each line of the expanded code comes from', () => {
    const { code, parts } = expandIncludes('k', '//! include lib/b.wgsl\nfn main() {}', { files: FILES });
    const lines = code.split('\n');
    const at = (text: string) => locateLine(parts, lines.findIndex((line) => line.includes(text)) + 1);
    expect(at('fn c()')).toBe('lib/c.wgsl:1');
    expect(at('fn b()')).toBe('lib/b.wgsl:2');
    expect(at('fn main()')).toBe('source:2');
    expect(locateLine(parts, lines.length + 5)).toBeUndefined();
  });
});

describe('the shader library', () => {
  it('holds every shaders/lib file by the name an include gives it', () => {
    expect(Object.keys(SHADER_LIBRARY)).toEqual(
      expect.arrayContaining(['lib/grid.wgsl', 'lib/step.wgsl', 'lib/cells.wgsl', 'lib/reductions.wgsl']),
    );
    expect(SHADER_LIBRARY['lib/grid.wgsl']).toBe(gridLibrary);
  });

  it('expands every kernel of shaders/ and every library on its own', () => {
    for (const [path, text] of [...Object.entries(KERNELS), ...Object.entries(SHADER_LIBRARY)]) {
      const { code } = expandIncludes(path, text);
      for (const name of Object.keys(SHADER_LIBRARY))
        expect(count(code, SHADER_LIBRARY[name]), `${path}: ${name}`).toBeLessThanOrEqual(1);
    }
  });
});

describe('defineKernel with includes', () => {
  it('reflects bindings and uniform layouts declared in an included file', () => {
    const kernel = defineKernel({
      name: 'included bindings',
      includeFiles: FILES,
      source: `//! include lib/binding.wgsl\n//! include lib/a.wgsl\n@group(0) @binding(0) var<uniform> params: Params;\nfn value() -> f32 { return a() * params.scale; }\n${ENTRY}`,
    });
    expect(kernel.bindings).toEqual([
      { name: 'params', group: 0, binding: 0, kind: 'uniform' },
      { name: 'out', group: 0, binding: 3, kind: 'storage' },
    ]);
    expect(kernel.uniforms.get('params')?.members.map(({ name, offset }) => [name, offset])).toEqual([
      ['n', 0],
      ['scale', 4],
    ]);
    expect(kernel.parts.map((part) => part.file)).toEqual([
      'lib/binding.wgsl',
      'lib/c.wgsl',
      'lib/b.wgsl',
      'lib/a.wgsl',
      'source',
    ]);
  });

  it('places each library of a real kernel once, however many files include it', () => {
    const kernel = defineKernel({ name: 'rnn step', source: rnnStepSource, dynamicOffsetBindings: ['step'] });
    for (const declaration of [
      'fn linear_workgroup_index',
      'fn sigmoid_clamped',
      'fn gate_offsets',
      'struct StepInfo',
      'fn cell_update',
    ]) {
      expect(count(kernel.code, declaration), declaration).toBe(1);
    }
    expect(kernel.overrides).toEqual(['CELL', 'WORKGROUP_SIZE', 'BATCH_BLOCK']);
  });

  it('names the kernel and the file when an include fails', () => {
    expect(() => defineKernel({ name: 'broken', source: `//! include lib/nowhere.wgsl\n${ENTRY}` })).toThrow(
      /kernel "broken": its source, line 1: includes unknown file "lib\/nowhere.wgsl"/,
    );
    expect(() =>
      defineKernel({
        name: 'broken',
        source: `//! include lib/x.wgsl\n${ENTRY}`,
        includeFiles: { 'lib/x.wgsl': '//! include lib/x.wgsl' },
      }),
    ).toThrow('kernel "broken": include cycle lib/x.wgsl → lib/x.wgsl');
  });
});
