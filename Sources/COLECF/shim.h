#ifndef LEAKSCAN_COLECF_SHIM_H
#define LEAKSCAN_COLECF_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>
#include <libbfio.h>
#include <libolecf.h>

// An anonymous in-memory file for libolecf to open by path (/proc/self/fd/N): its file reads
// go through the kernel, which bounds them, where libbfio 20170123's memory-range reader can
// be led past the end of its buffer by a crafted compound file (found by fuzzing).
static inline int leakscan_memfd(void) { return memfd_create("leakscan-ole2", MFD_CLOEXEC); }
#endif
