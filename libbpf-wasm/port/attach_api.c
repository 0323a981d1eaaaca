/* Attach entry points whose libbpf API takes an opts struct: each builds the opts from plain
 * arguments and calls libbpf's own function (libbpf.c, netlink.c, usdt.c), so the facade
 * never lays out a C struct. NULL strings and zero numbers leave an option unset. Functions
 * returning a link return NULL with errno set, as libbpf does. */
#include <stdbool.h>
#include <stddef.h>
#include <libbpf.h>
#include <bpf.h>

struct bpf_link *lbw_attach_kprobe(const struct bpf_program *prog, const char *func,
				   bool retprobe, unsigned offset, unsigned long long cookie)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = retprobe, .offset = offset,
		    .bpf_cookie = cookie);
	return bpf_program__attach_kprobe_opts(prog, func, &opts);
}

/* kprobe_multi by a glob pattern (libbpf resolves it in /proc/kallsyms) or by syms[cnt],
 * function names (NULL pattern); the kernel resolves names itself. */
struct bpf_link *lbw_attach_kprobe_multi(const struct bpf_program *prog, const char *pattern,
					 const char **syms, unsigned cnt, bool retprobe)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = syms, .cnt = cnt, .retprobe = retprobe);
	return bpf_program__attach_kprobe_multi_opts(prog, pattern, &opts);
}

/* A perf event the caller opened (pfd): libbpf attaches through a BPF link when the
 * kernel has perf links, else PERF_EVENT_IOC_SET_BPF; the link owns pfd from then on. */
struct bpf_link *lbw_attach_perf_event(const struct bpf_program *prog, int pfd,
				       unsigned long long cookie)
{
	LIBBPF_OPTS(bpf_perf_event_opts, opts, .bpf_cookie = cookie);
	return bpf_program__attach_perf_event_opts(prog, pfd, &opts);
}

struct bpf_link *lbw_attach_ksyscall(const struct bpf_program *prog, const char *name,
				     bool retprobe, unsigned long long cookie)
{
	LIBBPF_OPTS(bpf_ksyscall_opts, opts, .retprobe = retprobe, .bpf_cookie = cookie);
	return bpf_program__attach_ksyscall(prog, name, &opts);
}

struct bpf_link *lbw_attach_uprobe(const struct bpf_program *prog, int pid, const char *binary,
				   const char *func_name, unsigned offset, bool retprobe,
				   unsigned long long cookie, unsigned ref_ctr_offset)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe, .func_name = func_name,
		    .bpf_cookie = cookie, .ref_ctr_offset = ref_ctr_offset);
	return bpf_program__attach_uprobe_opts(prog, pid, binary, offset, &opts);
}

/* fentry/fexit/fmod_ret/tp_btf/freplace (bpf_program__attach_trace_opts). */
struct bpf_link *lbw_attach_trace(const struct bpf_program *prog, unsigned long long cookie)
{
	LIBBPF_OPTS(bpf_trace_opts, opts, .cookie = cookie);
	return bpf_program__attach_trace_opts(prog, &opts);
}

struct bpf_link *lbw_attach_usdt(const struct bpf_program *prog, int pid, const char *binary,
				 const char *provider, const char *name, unsigned long long cookie)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = cookie);
	return bpf_program__attach_usdt(prog, pid, binary, provider, name, &opts);
}

struct bpf_link *lbw_attach_tracepoint(const struct bpf_program *prog, const char *category,
				       const char *name, unsigned long long cookie)
{
	LIBBPF_OPTS(bpf_tracepoint_opts, opts, .bpf_cookie = cookie);
	return bpf_program__attach_tracepoint_opts(prog, category, name, &opts);
}

/* An iterator link; map_fd >= 0 selects a map iterator's map. */
struct bpf_link *lbw_attach_iter(const struct bpf_program *prog, int map_fd)
{
	union bpf_iter_link_info linfo = {};
	LIBBPF_OPTS(bpf_iter_attach_opts, opts);

	if (map_fd >= 0) {
		linfo.map.map_fd = map_fd;
		opts.link_info = &linfo;
		opts.link_info_len = sizeof(linfo);
	}
	return bpf_program__attach_iter(prog, &opts);
}

/* Legacy XDP through netlink (bpf_xdp_attach); old_prog_fd > 0 asks for a replace. */
int lbw_xdp_attach(int ifindex, int prog_fd, unsigned flags, int old_prog_fd)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = old_prog_fd);
	return bpf_xdp_attach(ifindex, prog_fd, flags, old_prog_fd > 0 ? &opts : NULL);
}

int lbw_xdp_detach(int ifindex, unsigned flags)
{
	return bpf_xdp_detach(ifindex, flags, NULL);
}

/* bpf_xdp_query: out[0..4] = prog_id, drv_prog_id, hw_prog_id, skb_prog_id, attach_mode. */
int lbw_xdp_query(int ifindex, int flags, unsigned *out)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, opts);
	int err = bpf_xdp_query(ifindex, flags, &opts);

	if (!err) {
		out[0] = opts.prog_id;
		out[1] = opts.drv_prog_id;
		out[2] = opts.hw_prog_id;
		out[3] = opts.skb_prog_id;
		out[4] = opts.attach_mode;
	}
	return err;
}

/* tc (netlink.c): a hook is (ifindex, attach_point, parent). */
int lbw_tc_hook(int create, int ifindex, int attach_point, unsigned parent)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = attach_point,
		    .parent = parent);
	return create ? bpf_tc_hook_create(&hook) : bpf_tc_hook_destroy(&hook);
}

/* op 0 attach, 1 detach, 2 query. io[0..4] = handle, priority, prog_fd, flags, prog_id: the
 * in fields libbpf reads for op, and handle, priority and prog_id written back on success. */
int lbw_tc_op(int op, int ifindex, int attach_point, unsigned parent, unsigned *io)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = attach_point,
		    .parent = parent);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = io[0], .priority = io[1]);
	int err;

	if (op == 0) {
		opts.prog_fd = io[2];
		opts.flags = io[3];
		err = bpf_tc_attach(&hook, &opts);
	} else if (op == 1) {
		err = bpf_tc_detach(&hook, &opts);
	} else {
		err = bpf_tc_query(&hook, &opts);
	}
	if (!err && op != 1) {
		io[0] = opts.handle;
		io[1] = opts.priority;
		io[4] = opts.prog_id;
	}
	return err;
}

/* bpf_prog_query for cgroup attach points: out[0] attach_flags, out[1] prog count, ids in
 * prog_ids (room for *count). */
int lbw_prog_query(int target_fd, int type, unsigned query_flags, unsigned *out,
		   unsigned *prog_ids, unsigned count)
{
	__u32 cnt = count, attach_flags = 0;
	int err = bpf_prog_query(target_fd, type, query_flags, &attach_flags, prog_ids, &cnt);

	if (!err) {
		out[0] = attach_flags;
		out[1] = cnt;
	}
	return err;
}
