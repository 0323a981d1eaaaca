// The calls libbpf's attach code makes for perf events (tracepoints, kprobes, uprobes) and
// interface names, on module memory. Each returns the result or -errno; every pointer is
// checked and translated first, and a failed check makes no syscall (-EFAULT).
#pragma once
#include <cstdint>

#include "module_memory.h"

// perf_event_open(2). `attr` is a struct perf_event_attr in module memory (its own `size`
// field gives its length). config1 is a module pointer to a string only for the kprobe and
// uprobe PMUs (type ids read from /sys/bus/event_source/devices/{kprobe,uprobe}/type): there
// it is checked (NUL inside memory) and translated. The fd is always close-on-exec.
int64_t host_perf_event_open(const ModuleMemory &m, uint32_t attr, int pid, int cpu,
                             int group_fd, uint32_t flags);
// ioctl(2) with an integer argument only: the perf event requests libbpf makes
// (ENABLE, DISABLE, RESET, REFRESH, SET_BPF, PAUSE_OUTPUT). Others: -EINVAL.
int64_t host_ioctl(int fd, uint32_t request, int32_t arg);
// if_nametoindex(3): the index, or -errno (ENODEV for an unknown name).
int64_t host_if_nametoindex(const ModuleMemory &m, uint32_t name);
// The PMU type ids whose config1 is a pointer (-1 when the kernel has no such PMU).
int32_t pmu_type_kprobe();
int32_t pmu_type_uprobe();
