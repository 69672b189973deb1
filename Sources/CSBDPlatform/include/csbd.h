// Syscalls and macros that Swift cannot reach on its own: ioctl request
// numbers built by macros, O_DIRECT, Linux native AIO, syslog's varargs.
#pragma once
#include <stddef.h>
#include <stdint.h>

// Opens a device for whole-sector I/O: O_DIRECT|O_SYNC where the file system
// supports it, O_SYNC otherwise. *direct tells which. Returns fd or -errno.
int csbd_open_device(const char *path, int writable, int *direct);

// Logical sector size of a block device (BLKSSZGET). 0 or -errno.
int csbd_logical_sector_size(int fd, int *size);

// Size in bytes of a block device (BLKGETSIZE64). 0 or -errno.
int csbd_block_device_bytes(int fd, uint64_t *bytes);

// A Linux AIO context for one request (or one batch of reads) at a time, so that a read or write can
// be abandoned after a timeout instead of blocking the caller.
typedef struct csbd_aio csbd_aio;

// NULL when the kernel has no AIO; callers then fall back to blocking I/O.
csbd_aio *csbd_aio_create(void);

// Reads (write == 0) or writes len bytes at offset, waiting at most
// timeout_ms. Returns the byte count, -errno, or -ETIMEDOUT. After a timeout
// the request may still be in flight: the context and the buffer must not be
// reused or freed (csbd_aio_destroy then only leaks them).
long csbd_aio_transfer(csbd_aio *ctx, int fd, int write, void *buf, size_t len, uint64_t offset, int timeout_ms);

// Reads count (at most CSBD_AIO_BATCH) ranges in one submission and waits
// for all of them, each wait at most timeout_ms: a device watcher's loop then blocks
// once, not once per range. results[i] gets range i's byte count or -errno.
// Returns 0, -errno of the submission, or -ETIMEDOUT (buffers as above).
#define CSBD_AIO_BATCH 4
long csbd_aio_read_batch(csbd_aio *ctx, int fd, int count, void *const buffers[], const size_t lengths[],
                         const uint64_t offsets[], long results[], int timeout_ms);

void csbd_aio_destroy(csbd_aio *ctx);

// syslog(3) with a preformatted message.
void csbd_syslog(int priority, const char *message);

// Waits until fd is readable or the monotonic clock reaches deadline_ms (an
// instant, to the nanosecond: processes waiting for one instant wake
// together). 1 readable, 0 deadline, -errno.
int csbd_wait_readable_until(int fd, int64_t deadline_ms);
