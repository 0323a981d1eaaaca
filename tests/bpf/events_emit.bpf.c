// Emits events without any attach, for the ring/perf buffer tests: run by BPF_PROG_TEST_RUN
// with a packet whose first bytes are a struct emit_config. Every record starts with its
// sequence number (u32) and its size (u32), then a pattern derived from the sequence number,
// so a consumer can check order, completeness and exact bytes. Without a fixed size, sizes
// vary (1..256 bytes) and every fifth sequence number is reserved then discarded in the
// ring buffer (the consumer must skip it).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} urb SEC(".maps");

struct emit_config {
	__u32 nrec;       /* records per run, at most MAX_PER_RUN */
	__u32 fixed_size; /* 0: varying sizes and discards; else every record this size (<= 256) */
};

#define MAX_PER_RUN 64

__u32 seq;   /* next sequence number, across runs */
__u32 drops; /* outputs the kernel refused (ring full) */

static __always_inline __u32 record_size(__u32 s, __u32 fixed)
{
	__u32 m = fixed ? fixed - 1 : s * 37;

	/* The verifier needs the bound on the register the helper gets: keep the mask there. */
	asm volatile("%0 &= 255" : "+r"(m));
	return m + 1;
}

static __always_inline void fill(__u64 *buf, __u32 s, __u32 size)
{
#pragma unroll
	for (int k = 0; k < 32; k++)
		buf[k] = (__u64)s * 0x9E3779B97F4A7C15ULL + (__u64)k * 0x0101010101010101ULL;
	((__u32 *)buf)[0] = s;
	((__u32 *)buf)[1] = size;
}

static __always_inline int emit(struct xdp_md *ctx, bool perf)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct emit_config *cfg = data;
	__u64 buf[32];

	if ((void *)(cfg + 1) > end)
		return XDP_ABORTED;
	__u32 nrec = cfg->nrec, fixed = cfg->fixed_size;
	for (int i = 0; i < MAX_PER_RUN; i++) {
		if (i >= nrec)
			break;
		__u32 s = seq++;
		if (!perf && !fixed && s % 5 == 4) {
			__u32 *p = bpf_ringbuf_reserve(&rb, 48, 0);
			if (p) {
				p[0] = s;
				bpf_ringbuf_discard(p, 0);
			} else {
				drops++;
			}
			continue;
		}
		__u32 size = record_size(s, fixed);
		fill(buf, s, size);
		long err;
		if (perf)
			err = bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, buf, record_size(s, fixed));
		else
			err = bpf_ringbuf_output(&rb, buf, record_size(s, fixed), 0);
		if (err)
			drops++;
	}
	return XDP_PASS;
}

SEC("xdp")
int emit_ring(struct xdp_md *ctx)
{
	return emit(ctx, false);
}

SEC("xdp")
int emit_perf(struct xdp_md *ctx)
{
	return emit(ctx, true);
}

/* Forwards the first 16 bytes of every user ring buffer sample to rb (shorter ones are
 * counted in short_samples), so a test can read back what user space submitted. */
__u32 short_samples;

static long forward(struct bpf_dynptr *dynptr, void *ctx)
{
	__u8 buf[16];

	if (bpf_dynptr_read(buf, sizeof(buf), dynptr, 0, 0))
		short_samples++;
	else
		bpf_ringbuf_output(&rb, buf, sizeof(buf), 0);
	return 0;
}

SEC("xdp")
int drain_user(struct xdp_md *ctx)
{
	long n = bpf_user_ringbuf_drain(&urb, forward, NULL, 0);

	return n < 0 ? XDP_ABORTED : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
