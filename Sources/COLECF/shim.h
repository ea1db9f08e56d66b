#ifndef LEAKSCAN_COLECF_SHIM_H
#define LEAKSCAN_COLECF_SHIM_H
#include <libbfio.h>
#include <libolecf.h>

// glibc (2.27+) declares memfd_create only under _GNU_SOURCE, and defining that here would
// change glibc's struct definitions under Dispatch's feet; so the declaration is repeated.
int memfd_create(const char *name, unsigned int flags);

// An anonymous in-memory file for libolecf to open by path (/proc/self/fd/N): its file reads
// go through the kernel, which bounds them, where libbfio 20170123's memory-range reader can
// be led past the end of its buffer by a crafted compound file (found by fuzzing).
static inline int leakscan_memfd(void) { return memfd_create("leakscan-ole2", 1U /* MFD_CLOEXEC */); }
#endif
