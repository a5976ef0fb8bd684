// Types for the ES module build of wgsl_reflect, imported by path (see kernel.ts for why).
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
