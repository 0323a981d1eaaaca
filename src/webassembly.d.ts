// The part of the WebAssembly JS API this package uses. TypeScript ships these types only
// in its DOM libs, and @types/node 20 has none; pulling in DOM would type Node wrongly.
declare namespace WebAssembly {
  type ImportValue = Function | Memory | number | bigint;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, Function | Memory>;
  interface ModuleImportDescriptor { module: string; name: string; kind: string }
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
    static imports(module: Module): ModuleImportDescriptor[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class RuntimeError extends Error {}
}
