#ifndef LEAKSCAN_CWRITEBACK_SHIM_H
#define LEAKSCAN_CWRITEBACK_SHIM_H

#include <sys/types.h>
#include <fcntl.h>

// Linux's sync_file_range(2), which Swift's Glibc module does not declare (glibc declares it
// only under _GNU_SOURCE). Declared here with glibc's own types, so it agrees with glibc's
// prototype wherever both are seen.
extern int sync_file_range(int fd, __off64_t offset, __off64_t count, unsigned int flags);

// Asks the kernel to start writing `count` bytes of `fd` from `offset` to disk, and returns
// without waiting (SYNC_FILE_RANGE_WRITE, 2). 0, or -1 with errno set.
static inline int leakscan_start_writeback(int fd, long long offset, long long count) {
    return sync_file_range(fd, offset, count, 2);
}

// Waits until `count` bytes of `fd` from `offset` are on disk (SYNC_FILE_RANGE_WAIT_BEFORE |
// WRITE | WAIT_AFTER, 7), then lets the page cache drop them (POSIX_FADV_DONTNEED).
static inline int leakscan_drop_written(int fd, long long offset, long long count) {
    if (sync_file_range(fd, offset, count, 7) != 0) return -1;
    return posix_fadvise(fd, offset, count, POSIX_FADV_DONTNEED);
}

#endif
