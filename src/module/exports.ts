// The module's exports as the facade sees them: libbpf-wasm/exports.txt, typed.
// Pointers are module offsets (numbers); int results are >= 0 or -errno.
type Ptr = number;

export interface ModuleExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): Ptr;
  free(ptr: Ptr): void;

  libbpf_version_string(): Ptr;
  libbpf_major_version(): number;
  libbpf_minor_version(): number;
  libbpf_strerror(err: number, buf: Ptr, size: number): number;
  libbpf_num_possible_cpus(): number;

  lbw_object_open(buf: Ptr, size: number, path: Ptr, objectName: Ptr, pinRootPath: Ptr,
    kconfig: Ptr, btfCustomPath: Ptr, kernelLogLevel: number): Ptr;
  lbw_errno(): number;
  lbw_errno_to_linux(moduleErrno: number): number;
  lbw_errno_to_module(linuxErrno: number): number;
  lbw_strerror_r(errnum: number, buf: Ptr, size: number): number;
  lbw_errno_name(linuxErrno: number): Ptr;

  bpf_object__load(obj: Ptr): number;
  bpf_object__close(obj: Ptr): void;
  bpf_object__name(obj: Ptr): Ptr;
  bpf_object__pin_maps(obj: Ptr, path: Ptr): number;
  bpf_object__unpin_maps(obj: Ptr, path: Ptr): number;
  bpf_object__pin_programs(obj: Ptr, path: Ptr): number;
  bpf_object__unpin_programs(obj: Ptr, path: Ptr): number;
  bpf_object__next_map(obj: Ptr, prev: Ptr): Ptr;
  bpf_object__next_program(obj: Ptr, prev: Ptr): Ptr;
  bpf_object__find_map_by_name(obj: Ptr, name: Ptr): Ptr;
  bpf_object__find_program_by_name(obj: Ptr, name: Ptr): Ptr;

  bpf_map__name(map: Ptr): Ptr;
  bpf_map__type(map: Ptr): number;
  bpf_map__key_size(map: Ptr): number;
  bpf_map__value_size(map: Ptr): number;
  bpf_map__max_entries(map: Ptr): number;
  bpf_map__set_max_entries(map: Ptr, n: number): number;
  bpf_map__map_flags(map: Ptr): number;
  bpf_map__fd(map: Ptr): number;
  bpf_map__is_internal(map: Ptr): number;
  bpf_map__pin_path(map: Ptr): Ptr;
  bpf_map__set_pin_path(map: Ptr, path: Ptr): number;
  bpf_map__is_pinned(map: Ptr): number;
  bpf_map__pin(map: Ptr, path: Ptr): number;
  bpf_map__unpin(map: Ptr, path: Ptr): number;
  bpf_map__reuse_fd(map: Ptr, fd: number): number;
  bpf_map__lookup_elem(map: Ptr, key: Ptr, keySize: number, value: Ptr, valueSize: number, flags: bigint): number;
  bpf_map__update_elem(map: Ptr, key: Ptr, keySize: number, value: Ptr, valueSize: number, flags: bigint): number;
  bpf_map__delete_elem(map: Ptr, key: Ptr, keySize: number, flags: bigint): number;
  bpf_map__get_next_key(map: Ptr, cur: Ptr, next: Ptr, keySize: number): number;
  bpf_map__lookup_and_delete_elem(map: Ptr, key: Ptr, keySize: number, value: Ptr, valueSize: number, flags: bigint): number;

  bpf_map__initial_value(map: Ptr, psize: Ptr): Ptr;
  bpf_map__set_initial_value(map: Ptr, data: Ptr, size: number): number;
  bpf_map__btf_key_type_id(map: Ptr): number;
  bpf_map__btf_value_type_id(map: Ptr): number;

  bpf_object__btf(obj: Ptr): Ptr;
  btf__type_cnt(btf: Ptr): number;
  btf__type_by_id(btf: Ptr, id: number): Ptr;
  btf__name_by_offset(btf: Ptr, offset: number): Ptr;
  btf__find_by_name(btf: Ptr, name: Ptr): number;
  btf__find_by_name_kind(btf: Ptr, name: Ptr, kind: number): number;
  btf__resolve_size(btf: Ptr, id: number): bigint; // __s64
  btf__load_vmlinux_btf(): Ptr;
  btf__load_from_kernel_by_id(id: number): Ptr;
  btf__free(btf: Ptr): void;

  bpf_program__name(prog: Ptr): Ptr;
  bpf_program__section_name(prog: Ptr): Ptr;
  bpf_program__type(prog: Ptr): number;
  bpf_program__expected_attach_type(prog: Ptr): number;
  bpf_program__fd(prog: Ptr): number;
  bpf_program__autoload(prog: Ptr): number;
  bpf_program__set_autoload(prog: Ptr, autoload: number): number;
  bpf_program__insn_cnt(prog: Ptr): number;
  bpf_program__pin(prog: Ptr, path: Ptr): number;
  bpf_program__unpin(prog: Ptr, path: Ptr): number;

  bpf_obj_get_info_by_fd(fd: number, info: Ptr, infoLen: Ptr): number;
  bpf_obj_get(path: Ptr): number;
}
