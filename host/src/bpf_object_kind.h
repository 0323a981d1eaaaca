// What kind of BPF object an fd refers to, from its anon inode name.
#pragma once
#include <string>

// Returns 0 and the name after "anon_inode:" (e.g. "bpf-map"), -EBADF for a closed fd,
// or -EINVAL for an fd that is not an anon inode.
int bpf_object_kind(int fd, std::string *kind);
