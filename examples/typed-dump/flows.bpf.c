// SPDX-License-Identifier: GPL-2.0
/* Per-flow statistics keyed by a struct: what examples/typed-dump/run.mjs dumps through the
 * map's BTF. The XDP program counts every IPv4 TCP/UDP packet it sees under its 5-tuple;
 * the example feeds it packets with BPF_PROG_TEST_RUN, so no interface is needed. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800

enum flow_transport { TRANSPORT_TCP = 6, TRANSPORT_UDP = 17 };

struct flow_tuple {
	__u8 saddr[4];		/* IPv4 addresses as the packet has them */
	__u8 daddr[4];
	__u16 sport;		/* ports in host order */
	__u16 dport;
	enum flow_transport proto;
};

struct flow_counts {
	__u64 packets;
	__u64 bytes;
	__u16 min_len;
	__u16 max_len;
	bool seen_syn;		/* a TCP SYN was counted */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_tuple);
	__type(value, struct flow_counts);
} flows SEC(".maps");

SEC("xdp")
int count_flows(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct flow_tuple key = {};
	struct flow_counts *st, fresh = {};
	__u16 len = end - data;
	bool syn = false;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;
	if (ip->protocol == TRANSPORT_TCP) {
		struct tcphdr *tcp = (void *)(ip + 1);

		if ((void *)(tcp + 1) > end)
			return XDP_PASS;
		key.sport = bpf_ntohs(tcp->source);
		key.dport = bpf_ntohs(tcp->dest);
		syn = tcp->syn;
	} else if (ip->protocol == TRANSPORT_UDP) {
		struct udphdr *udp = (void *)(ip + 1);

		if ((void *)(udp + 1) > end)
			return XDP_PASS;
		key.sport = bpf_ntohs(udp->source);
		key.dport = bpf_ntohs(udp->dest);
	} else {
		return XDP_PASS;
	}
	__builtin_memcpy(key.saddr, &ip->saddr, 4);
	__builtin_memcpy(key.daddr, &ip->daddr, 4);
	key.proto = ip->protocol;

	st = bpf_map_lookup_elem(&flows, &key);
	if (!st) {
		fresh.min_len = len;
		bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&flows, &key);
		if (!st)
			return XDP_PASS;
	}
	__sync_fetch_and_add(&st->packets, 1);
	__sync_fetch_and_add(&st->bytes, len);
	if (len < st->min_len)
		st->min_len = len;
	if (len > st->max_len)
		st->max_len = len;
	if (syn)
		st->seen_syn = true;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
