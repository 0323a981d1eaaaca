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
  lbw_release_free_pages(): number;
  lbw_heap_in_use(): number;
  lbw_set_print_level(level: number): void;

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
  bpf_map__map_extra(map: Ptr): bigint;
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
  bpf_map__set_initial_value(map: Ptr, data: Ptr, size: number): number;
  bpf_map__initial_value(map: Ptr, psize: Ptr): Ptr;
  bpf_map__inner_map(map: Ptr): Ptr;
  bpf_map__set_inner_map_fd(map: Ptr, fd: number): number;

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
  bpf_program__insns(prog: Ptr): Ptr;
  bpf_program__log_level(prog: Ptr): number;
  bpf_program__set_log_level(prog: Ptr, level: number): number;

  bpf_obj_get_info_by_fd(fd: number, info: Ptr, infoLen: Ptr): number;
  bpf_obj_get(path: Ptr): number;
  bpf_obj_pin(fd: number, path: Ptr): number;

  bpf_map_lookup_elem_flags(fd: number, key: Ptr, value: Ptr, flags: bigint): number;
  bpf_map_lookup_and_delete_elem_flags(fd: number, key: Ptr, value: Ptr, flags: bigint): number;
  bpf_map_update_elem(fd: number, key: Ptr, value: Ptr, flags: bigint): number;
  bpf_map_delete_elem_flags(fd: number, key: Ptr, flags: bigint): number;
  bpf_map_get_next_key(fd: number, key: Ptr, next: Ptr): number;
  bpf_map_freeze(fd: number): number;
  /** kind: 0 lookup, 1 lookup-and-delete, 2 update, 3 delete (libbpf-wasm/port/api.c). */
  lbw_map_batch(kind: number, fd: number, inBatch: Ptr, outBatch: Ptr, keys: Ptr, values: Ptr, count: Ptr,
    elemFlags: bigint, flags: bigint): number;
  lbw_prog_test_run(fd: number, dataIn: Ptr, dataSizeIn: number, dataOut: Ptr, ctxIn: Ptr, ctxSizeIn: number,
    ctxOut: Ptr, io: Ptr, repeat: number, flags: number, cpu: number, batchSize: number): number;

  bpf_map_get_fd_by_id(id: number): number;
  bpf_prog_get_fd_by_id(id: number): number;
  bpf_btf_get_fd_by_id(id: number): number;
  bpf_link_get_fd_by_id(id: number): number;
  bpf_map_get_next_id(start: number, next: Ptr): number;
  bpf_prog_get_next_id(start: number, next: Ptr): number;
  bpf_btf_get_next_id(start: number, next: Ptr): number;
  bpf_link_get_next_id(start: number, next: Ptr): number;
  bpf_enable_stats(type: number): number;
  // Attach and links (src/link.ts, src/attach.ts, src/netlink.ts). Link pointers are
  // libbpf's struct bpf_link; NULL with errno on failure.
  bpf_program__attach(prog: Ptr): Ptr;
  bpf_program__autoattach(prog: Ptr): number;
  bpf_program__set_attach_target(prog: Ptr, attachProgFd: number, funcName: Ptr): number;
  bpf_program__attach_raw_tracepoint(prog: Ptr, name: Ptr): Ptr;
  bpf_program__attach_trace(prog: Ptr): Ptr;
  bpf_program__attach_lsm(prog: Ptr): Ptr;
  bpf_program__attach_cgroup(prog: Ptr, cgroupFd: number): Ptr;
  bpf_program__attach_netns(prog: Ptr, netnsFd: number): Ptr;
  bpf_program__attach_xdp(prog: Ptr, ifindex: number): Ptr;
  bpf_program__attach_freplace(prog: Ptr, targetFd: number, funcName: Ptr): Ptr;
  bpf_map__attach_struct_ops(map: Ptr): Ptr;
  bpf_link__fd(link: Ptr): number;
  bpf_link__pin(link: Ptr, path: Ptr): number;
  bpf_link__unpin(link: Ptr): number;
  bpf_link__pin_path(link: Ptr): Ptr;
  bpf_link__update_program(link: Ptr, prog: Ptr): number;
  bpf_link_update(linkFd: number, newProgFd: number, opts: Ptr): number;
  bpf_link__detach(link: Ptr): number;
  bpf_link__destroy(link: Ptr): number;
  bpf_link__open(path: Ptr): Ptr;
  bpf_link__disconnect(link: Ptr): void;
  bpf_prog_attach(progFd: number, targetFd: number, type: number, flags: number): number;
  bpf_prog_detach2(progFd: number, targetFd: number, type: number): number;
  bpf_iter_create(linkFd: number): number;
  read(fd: number, buf: Ptr, n: number): number;
  close(fd: number): number;
  lbw_attach_kprobe(prog: Ptr, func: Ptr, retprobe: number, offset: number, cookie: bigint): Ptr;
  lbw_attach_ksyscall(prog: Ptr, name: Ptr, retprobe: number, cookie: bigint): Ptr;
  lbw_attach_kprobe_multi(prog: Ptr, pattern: Ptr, syms: Ptr, cnt: number, retprobe: number): Ptr;
  lbw_attach_perf_event(prog: Ptr, pfd: number, cookie: bigint): Ptr;
  lbw_attach_uprobe(prog: Ptr, pid: number, binary: Ptr, funcName: Ptr, offset: number, retprobe: number,
    cookie: bigint, refCtrOffset: number): Ptr;
  lbw_attach_trace(prog: Ptr, cookie: bigint): Ptr;
  lbw_attach_usdt(prog: Ptr, pid: number, binary: Ptr, provider: Ptr, name: Ptr, cookie: bigint): Ptr;
  lbw_attach_tracepoint(prog: Ptr, category: Ptr, name: Ptr, cookie: bigint): Ptr;
  lbw_attach_iter(prog: Ptr, mapFd: number): Ptr;
  lbw_xdp_attach(ifindex: number, progFd: number, flags: number, oldProgFd: number): number;
  lbw_xdp_detach(ifindex: number, flags: number): number;
  lbw_xdp_query(ifindex: number, flags: number, out: Ptr): number;
  lbw_tc_hook(create: number, ifindex: number, attachPoint: number, parent: number): number;
  lbw_tc_op(op: number, ifindex: number, attachPoint: number, parent: number, io: Ptr): number;
  lbw_prog_query(targetFd: number, type: number, queryFlags: number, out: Ptr, progIds: Ptr, count: number): number;
  if_nametoindex(name: Ptr): number;
  // The command line (src/cli/): libbpf's enum names, the port's BTF-as-C and version (port/tools.c).
  libbpf_bpf_attach_type_str(t: number): Ptr;
  libbpf_bpf_link_type_str(t: number): Ptr;
  libbpf_bpf_map_type_str(t: number): Ptr;
  libbpf_bpf_prog_type_str(t: number): Ptr;
  lbw_btf_dump_c(btf: Ptr, out: Ptr, len: Ptr): number;
  lbw_libbpf_version(): Ptr;
  bpf_link_detach(linkFd: number): number;
}

