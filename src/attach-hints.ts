// What a person needs after an attach failure, beyond libbpf's errno and message: the
// likely cause for this kind of attachment and this errno. Appended to the LibbpfError's
// message (errno, code, op and log stay libbpf's).
import { annotate, type LibbpfError } from './errors.js';

const EBADF = 9, EPERM = 1, ENOENT = 2, ENODEV = 19, EINVAL = 22, EACCES = 13, EOPNOTSUPP = 95, ENOTSUPP = 524, EEXIST = 17, EBUSY = 16;

export type AttachKind = 'auto' | 'tracepoint' | 'raw_tracepoint' | 'kprobe' | 'ksyscall' | 'uprobe' | 'usdt' |
  'trace' | 'lsm' | 'cgroup' | 'netns' | 'xdp' | 'tc' | 'iter' | 'freplace' | 'struct_ops' | 'perf_event';

export function attachHint(kind: AttachKind, errno: number, target?: string): string | undefined {
  if (errno === EPERM || errno === EACCES) {
    return kind === 'trace' || kind === 'lsm'
      ? 'the kernel refused (fentry/fexit/LSM need CAP_BPF + CAP_PERFMON, BTF and a kernel that allows them; this one may not)'
      : 'permission denied: attaching needs root (CAP_BPF with CAP_PERFMON for tracing, CAP_NET_ADMIN for networking)';
  }
  switch (kind) {
    case 'tracepoint':
      if (errno === ENOENT) return `no tracepoint ${target ?? ''}: check the name, and that tracefs is mounted (/sys/kernel/tracing)`;
      break;
    case 'raw_tracepoint':
      if (errno === ENOENT) return `no raw tracepoint ${target ?? ''} in this kernel`;
      break;
    case 'kprobe':
    case 'ksyscall':
      if (errno === ENOENT || errno === EOPNOTSUPP || errno === ENOTSUPP || errno === EINVAL) {
        return `kprobe on ${target ?? 'the function'} failed: the kernel may lack kprobes (CONFIG_KPROBES; kprobe_multi also needs CONFIG_FPROBE), or the function does not exist or cannot be probed`;
      }
      break;
    case 'uprobe':
    case 'usdt':
      if (errno === ENOENT) return `binary, function or probe not found (${target ?? ''}); give an absolute path or a library on LD_LIBRARY_PATH`;
      if (kind === 'usdt' && errno === EOPNOTSUPP) return 'libbpf has no USDT argument parser for this CPU (x86-64 only in this build)';
      break;
    case 'perf_event':
      if (errno === EBADF || errno === EINVAL) return `${target ?? 'the fd'} is not a perf event fd this program type can attach to`;
      break;
    case 'xdp':
    case 'tc':
      if (errno === ENODEV || errno === ENOENT) return `no interface ${target ?? ''} in this process's network namespace`;
      if (errno === EEXIST || errno === EBUSY) return `a program or hook is already there on ${target ?? 'the interface'} (detach it, or replace)`;
      if (kind === 'tc' && errno === EINVAL) return 'no such tc hook or filter (create the hook; give the handle and priority the filter has)';
      break;
    case 'cgroup':
    case 'netns':
      if (errno === ENOENT) return `${target ?? 'the target'} does not exist`;
      break;
    default:
      break;
  }
  if (errno === EINVAL && kind !== 'xdp') return 'the program type or its SEC() does not fit this attachment';
  return undefined;
}

/** The attachment a SEC() name asks for (bpf_program__attach picks it the same way). */
export function kindOfSection(section: string): AttachKind {
  const prefix = section.split('/')[0].replace(/\.s$/, '');
  const table: Record<string, AttachKind> = {
    tracepoint: 'tracepoint', tp: 'tracepoint', raw_tracepoint: 'raw_tracepoint', raw_tp: 'raw_tracepoint',
    'raw_tracepoint.w': 'raw_tracepoint', 'raw_tp.w': 'raw_tracepoint', kprobe: 'kprobe', kretprobe: 'kprobe',
    ksyscall: 'ksyscall', kretsyscall: 'ksyscall', 'kprobe.multi': 'kprobe', 'kretprobe.multi': 'kprobe', uprobe: 'uprobe', uretprobe: 'uprobe', usdt: 'usdt',
    fentry: 'trace', fexit: 'trace', fmod_ret: 'trace', tp_btf: 'trace', lsm: 'lsm', iter: 'iter', freplace: 'freplace',
  };
  return table[prefix] ?? 'auto';
}

/** The same LibbpfError with the hint appended to its message. */
export function withHint(e: LibbpfError, kind: AttachKind, target?: string): LibbpfError {
  // libbpf's own words for a program without an fd, whatever the attachment.
  const notLoaded = e.log.some((l) => l.includes("can't attach before loaded"));
  const hint = notLoaded ? 'the program is not loaded: load() its object first (did its load fail, or is autoload off?)'
    : attachHint(kind, e.errno, target);
  if (!hint) return e;
  return annotate(e, { hint }); // the message's "hint:" line, and error.hint
}
