#define _GNU_SOURCE
#include "csbd.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

int csbd_open_device(const char *path, int writable, int *direct) {
    int mode = (writable ? O_RDWR : O_RDONLY) | O_SYNC | O_CLOEXEC | O_NOCTTY;
    int fd = open(path, mode | O_DIRECT);
    if (fd >= 0) {
        *direct = 1;
        return fd;
    }
    // tmpfs and a few others refuse O_DIRECT with EINVAL: plain synchronous I/O.
    if (errno != EINVAL) return -errno;
    fd = open(path, mode);
    if (fd < 0) return -errno;
    *direct = 0;
    return fd;
}

int csbd_logical_sector_size(int fd, int *size) {
    return ioctl(fd, BLKSSZGET, size) == 0 ? 0 : -errno;
}

int csbd_block_device_bytes(int fd, uint64_t *bytes) {
    return ioctl(fd, BLKGETSIZE64, bytes) == 0 ? 0 : -errno;
}

struct csbd_aio {
    aio_context_t context;
    int poisoned;
};

csbd_aio *csbd_aio_create(void) {
    csbd_aio *ctx = calloc(1, sizeof(*ctx));
    if (!ctx) return NULL;
    if (syscall(SYS_io_setup, 1, &ctx->context) != 0) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

long csbd_aio_transfer(csbd_aio *ctx, int fd, int write, void *buf, size_t len, uint64_t offset, int timeout_ms) {
    if (ctx->poisoned) return -EBUSY;
    struct iocb request;
    memset(&request, 0, sizeof(request));
    request.aio_fildes = (uint32_t)fd;
    request.aio_lio_opcode = write ? IOCB_CMD_PWRITE : IOCB_CMD_PREAD;
    request.aio_buf = (uint64_t)(uintptr_t)buf;
    request.aio_nbytes = len;
    request.aio_offset = (int64_t)offset;
    struct iocb *requests[1] = {&request};
    if (syscall(SYS_io_submit, ctx->context, 1, requests) != 1) return -errno;

    struct io_event event;
    struct timespec timeout = {.tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000L};
    for (;;) {
        long got = syscall(SYS_io_getevents, ctx->context, 1, 1, &event, &timeout);
        if (got == 1) return (long)event.res;
        if (got < 0 && errno == EINTR) continue;  // the timeout is not restarted: good enough for a bound
        if (got < 0) return -errno;
        struct io_event cancelled;
        if (syscall(SYS_io_cancel, ctx->context, &request, &cancelled) == 0) return -ETIMEDOUT;
        ctx->poisoned = 1;
        return -ETIMEDOUT;
    }
}

void csbd_aio_destroy(csbd_aio *ctx) {
    if (!ctx) return;
    // io_destroy waits for requests in flight; a hung device must not hang us.
    if (ctx->poisoned) return;
    syscall(SYS_io_destroy, ctx->context);
    free(ctx);
}

void csbd_syslog(int priority, const char *message) {
    syslog(priority, "%s", message);
}
