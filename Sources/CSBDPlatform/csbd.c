#define _GNU_SOURCE
#include "csbd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
    if (syscall(SYS_io_setup, CSBD_AIO_BATCH, &ctx->context) != 0) {
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

long csbd_aio_read_batch(csbd_aio *ctx, int fd, int count, void *const buffers[], const size_t lengths[],
                         const uint64_t offsets[], long results[], int timeout_ms) {
    if (ctx->poisoned) return -EBUSY;
    if (count < 1 || count > CSBD_AIO_BATCH) return -EINVAL;
    struct iocb requests[CSBD_AIO_BATCH];
    struct iocb *pointers[CSBD_AIO_BATCH];
    int done[CSBD_AIO_BATCH] = {0};
    memset(requests, 0, sizeof(requests));
    for (int i = 0; i < count; i++) {
        requests[i].aio_fildes = (uint32_t)fd;
        requests[i].aio_lio_opcode = IOCB_CMD_PREAD;
        requests[i].aio_buf = (uint64_t)(uintptr_t)buffers[i];
        requests[i].aio_nbytes = lengths[i];
        requests[i].aio_offset = (int64_t)offsets[i];
        requests[i].aio_data = (uint64_t)i;
        pointers[i] = &requests[i];
    }
    long submitted = syscall(SYS_io_submit, ctx->context, count, pointers);
    if (submitted < 0) return -errno;
    if (submitted < count) {
        // Part of the batch went in: wait for it as below, then fail the rest.
        for (long i = submitted; i < count; i++) {
            results[i] = -EAGAIN;
            done[i] = 1;
        }
    }
    struct timespec timeout = {.tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000L};
    long pending = submitted;
    while (pending > 0) {
        struct io_event events[CSBD_AIO_BATCH];
        // Each wait is bounded by timeout_ms, as each of the serial reads was.
        long got = syscall(SYS_io_getevents, ctx->context, pending, pending, events, &timeout);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -errno;
        for (long e = 0; e < got; e++) {
            uint64_t i = events[e].data;
            if (i >= (uint64_t)count || done[i]) continue;
            results[i] = (long)events[e].res;
            done[i] = 1;
            pending--;
        }
        if (got > 0 && pending > 0) continue;
        if (pending == 0) break;
        for (int i = 0; i < count; i++) {
            struct io_event cancelled;
            if (!done[i] && syscall(SYS_io_cancel, ctx->context, &requests[i], &cancelled) != 0) ctx->poisoned = 1;
        }
        return -ETIMEDOUT;
    }
    return 0;
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

int csbd_wait_readable_until(int fd, int64_t deadline_ms) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t left = deadline_ms * 1000000 - ((int64_t)now.tv_sec * 1000000000 + now.tv_nsec);
    if (left < 0) left = 0;
    struct timespec timeout = {.tv_sec = left / 1000000000, .tv_nsec = left % 1000000000};
    struct pollfd one = {.fd = fd, .events = POLLIN};
    int ready = ppoll(&one, 1, &timeout, NULL);
    if (ready < 0) return -errno;
    return ready > 0 && one.revents != 0;
}
