// BpfLink: libbpf's struct bpf_link, living in the module instance that made it. A link made
// by a program belongs to that program's BpfObject: it is released when the link is
// destroyed, or when the object is closed (the instance's fds close with it; a pinned link
// stays attached). A link opened from a pin has an instance of its own.
import { closedError, LibbpfError } from './errors.js';
import { ModuleInstance } from './module/instance.js';
import { readInfo, linkInfoReader, type LinkInfo } from './info.js';
import type { ModuleExports } from './module/exports.js';
import { checkInternal, INTERNAL } from './object-core.js';
import { programPointer, type BpfProgram } from './program.js';

/** Where a link's libbpf calls run: its object's core, or an instance of its own. */
export interface CallSite {
  instance(op: string): ModuleInstance;
}



/** An instance made for one standalone link, discarded (fds closed) with it. */
class OwnInstance implements CallSite {
  #inst: ModuleInstance | null = new ModuleInstance();
  instance(op: string): ModuleInstance {
    const inst = this.#inst;
    if (!inst || inst.broken) throw closedError(op, 'bpf_link');
    inst.checkIdle(op);
    return inst;
  }
  get raw(): ModuleInstance | null { return this.#inst; }
  discard(): void {
    this.#inst?.discard();
    this.#inst = null;
  }
}

/**
 * A libbpf struct bpf_link made by an attach call: the attachment lasts until destroy() (or, once
 * pinned, until the pin is removed).
 */
export class BpfLink {
  readonly #site: CallSite;
  #ptr: number;
  readonly #own: OwnInstance | null;

  /** @internal Links come from the attach methods and BpfLink.fromPinned(). */
  constructor(token: symbol, site: CallSite, ptr: number, own: OwnInstance | null = null) {
    checkInternal(token, 'BpfLink', 'prog.attach*() or BpfLink.fromPinned(path)');
    this.#site = site;
    this.#ptr = ptr;
    this.#own = own;
  }

  /** bpf_link__open: a link pinned on a bpffs, by this or any other process. */
  static fromPinned(path: string): BpfLink {
    if (typeof path !== 'string' || path === '') throw new TypeError('BpfLink.fromPinned: expected a path (string)');
    const own = new OwnInstance();
    const inst = own.instance('bpf_link__open');
    const p = inst.cString(path);
    let ok = false;
    try {
      const [ptr, err] = inst.invoke('bpf_link__open', (ex) => {
        const l = ex.bpf_link__open(p);
        return [l, l ? 0 : ex.lbw_errno()];
      });
      if (!ptr) throw inst.error('bpf_link__open', err, path);
      ok = true;
      return new BpfLink(INTERNAL, own, ptr, own);
    } finally {
      inst.free(p);
      if (!ok) own.discard();
    }
  }

  /** True once destroyed, or when its object was closed. */
  get destroyed(): boolean {
    if (!this.#ptr) return true;
    try {
      this.#site.instance('bpf_link__fd');
      return false;
    } catch {
      return true;
    }
  }

  /** bpf_link__fd: the link's fd. */
  get fd(): number {
    return this.#invoke('bpf_link__fd', (ex) => ex.bpf_link__fd(this.#ptr));
  }

  /** Where the link is pinned, or null. */
  get pinPath(): string | null {
    return this.#invoke('bpf_link__pin_path', (ex, inst) => inst.readCString(ex.bpf_link__pin_path(this.#ptr)));
  }

  /** bpf_link__pin: the link (and its program) stays attached after this process ends. */
  pin(path: string): void {
    if (typeof path !== 'string' || path === '') throw new TypeError('BpfLink.pin: expected a path (string)');
    const inst = this.#live('bpf_link__pin');
    const p = inst.cString(path);
    try {
      this.#call('bpf_link__pin', (ex) => ex.bpf_link__pin(this.#ptr, p), path);
    } finally {
      inst.free(p);
    }
  }

  /** bpf_link__unpin: removes the pin this link was pinned at. */
  unpin(): void {
    this.#call('bpf_link__unpin', (ex) => ex.bpf_link__unpin(this.#ptr));
  }

  /**
   * Swaps the program in place (bpf_link__update_program's call, bpf_link_update(link fd,
   * prog fd)), so a loaded program of any object will do.
   */
  update(prog: BpfProgram): void {
    if (programPointer(prog) === undefined) throw new TypeError('BpfLink.update: expected a BpfProgram');
    const progFd = prog.fd;
    if (progFd < 0) throw new LibbpfError('bpf_link__update_program', -progFd, 'ENOENT',
      `bpf_link__update_program: program '${prog.name}' is not loaded`);
    this.#call('bpf_link__update_program', (ex) => ex.bpf_link_update(ex.bpf_link__fd(this.#ptr), progFd, 0));
  }

  /** bpf_link__detach: the kernel detaches the link; the fd (and any pin) stays until destroy. */
  detach(): void {
    this.#call('bpf_link__detach', (ex) => ex.bpf_link__detach(this.#ptr));
  }

  /** bpf_link__destroy: detaches (unless pinned) and frees the link. Idempotent. */
  destroy(): void {
    if (!this.#ptr) return;
    const ptr = this.#ptr;
    this.#ptr = 0;
    let inst: ModuleInstance;
    try {
      inst = this.#site.instance('bpf_link__destroy');
    } catch (e) {
      if (e instanceof LibbpfError && e.code === 'EBADF') return; // its object is closed: already released
      throw e;
    }
    try {
      const r = inst.invoke('bpf_link__destroy', (ex) => ex.bpf_link__destroy(ptr));
      if (r < 0) throw inst.error('bpf_link__destroy', r);
    } finally {
      this.#own?.discard();
    }
  }

  [Symbol.dispose](): void {
    this.destroy();
  }

  /** The kernel's bpf_link_info for this link (src/info.ts reads it for handles too). */
  info(): LinkInfo {
    const op = 'bpf_obj_get_info_by_fd';
    return readInfo(this.#live(op), op, this.fd, '', linkInfoReader);
  }

  /**
   * For an iterator link (prog.attachIter()): bpf_iter_create, read to the end, close.
   * Each call runs the iterator anew and returns what the program wrote (bpf_seq_printf...).
   */
  readIter(): string {
    const chunks: Uint8Array[] = [];
    const inst = this.#live('bpf_iter_create');
    const buf = inst.scratch(4096);
    // Errors come back as values: nothing may be thrown inside invoke (it would discard).
    const err = inst.invoke('bpf_iter_create', (ex) => {
      const fd = ex.bpf_iter_create(ex.bpf_link__fd(this.#ptr));
      if (fd < 0) return { op: 'bpf_iter_create', r: fd };
      try {
        for (;;) {
          const n = ex.read(fd, buf, 4096);
          if (n < 0) return { op: 'read', r: -ex.lbw_errno() };
          if (n === 0) return null;
          chunks.push(inst.u8.slice(buf, buf + n));
        }
      } finally {
        ex.close(fd);
      }
    });
    if (err) throw inst.error(err.op, err.r);
    return Buffer.concat(chunks).toString('utf8');
  }

  #live(op: string): ModuleInstance {
    if (!this.#ptr) throw closedError(op, 'bpf_link');
    return this.#site.instance(op);
  }

  #invoke<T>(op: string, fn: (ex: ModuleExports, inst: ModuleInstance) => T): T {
    return this.#live(op).invoke(op, fn);
  }

  #call(op: string, fn: (ex: ModuleExports, inst: ModuleInstance) => number, detail?: string): void {
    const inst = this.#live(op);
    const r = inst.invoke(op, fn);
    if (r < 0) throw inst.error(op, r, detail);
  }
}
