// Opening the object file a command names: read here and handed to libbpf as bytes
// (bpf_object__open_mem, named as bpf_object__open_file names it: the file's base name up
// to its first '.'), so that parsing it needs no file access by the module.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { BpfObject, type OpenOptions } from '../object.js';

export function openObjectFile(path: string, opts: Omit<OpenOptions, 'objectName'> = {}): BpfObject {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read the object file: ${(e as Error).message}`);
  }
  // libbpf's prints are not part of any command's output; a failure carries them (LibbpfError.log).
  return BpfObject.open(bytes, { logger: () => {}, ...opts, objectName: basename(path).split('.')[0] });
}
