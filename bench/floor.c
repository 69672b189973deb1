// The least a watch daemon of sbd's design (one process per device, an
// inquisitor that feeds the watchdog) can cost on this machine: processes
// that do only what each loop needs, in C, on the grid our daemon wakes on
// (TickGrid). bench/floor runs it beside our sbd; nothing of sbd is here.
//
//   floor PERIOD-MS DEVICE...
//
// The process itself is the inquisitor: it opens /dev/watchdog (the test
// shim's emulation in a sandbox node; without the shim, known by its
// SBD_SHIM_LOG, it opens none: a real watchdog would reset the machine
// once the program is killed) and forks one watcher per DEVICE.
// Each period, a watcher reads the header sector and its slot and mailbox
// (two O_DIRECT reads in one Linux AIO batch, as ours does) and writes a
// 12-byte report into a pipe; the inquisitor reads the pipe and tickles
// the watchdog. It runs until killed.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/watchdog.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void sleep_to_next(int64_t period_ms) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    int64_t next = (ms / period_ms + 1) * period_ms;
    struct timespec until = {.tv_sec = next / 1000, .tv_nsec = (next % 1000) * 1000000};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0) {}
}

static int watcher(const char *device, int64_t period_ms, int report_fd) {
    int fd = open(device, O_RDONLY | O_DIRECT | O_SYNC | O_CLOEXEC);
    aio_context_t ctx = 0;
    void *header, *slot;
    if (fd < 0 || syscall(SYS_io_setup, 2, &ctx) != 0 || posix_memalign(&header, 4096, 512) ||
        posix_memalign(&slot, 4096, 1024)) {
        perror(device);
        return 1;
    }
    unsigned char report[12] = {0};
    for (;;) {
        sleep_to_next(period_ms);
        struct iocb a = {.aio_lio_opcode = IOCB_CMD_PREAD, .aio_fildes = fd, .aio_buf = (uintptr_t)header,
                         .aio_nbytes = 512, .aio_offset = 0};
        struct iocb b = a;
        b.aio_buf = (uintptr_t)slot;
        b.aio_nbytes = 1024;
        b.aio_offset = 512;
        struct iocb *batch[2] = {&a, &b};
        struct io_event done[2];
        struct timespec limit = {.tv_sec = 3};
        if (syscall(SYS_io_submit, ctx, 2, batch) != 2 ||
            syscall(SYS_io_getevents, ctx, 2, 2, done, &limit) != 2) {
            perror(device);
            return 1;
        }
        if (write(report_fd, report, sizeof report) != sizeof report) return 1;
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: floor PERIOD-MS DEVICE...\n");
        return 2;
    }
    int64_t period = atoll(argv[1]);
    struct sched_param top = {.sched_priority = sched_get_priority_max(SCHED_RR)};
    // as sbd: real-time, all memory locked (both inherited by the watchers)
    if (sched_setscheduler(0, SCHED_RR, &top) != 0 || mlockall(MCL_CURRENT | MCL_FUTURE) != 0) perror("floor");
    int reports[2];
    if (pipe2(reports, O_CLOEXEC) != 0) return 1;
    for (int i = 2; i < argc; i++) {
        if (fork() == 0) {
            close(reports[0]);
            return watcher(argv[i], period, reports[1]);
        }
    }
    close(reports[1]);
    fcntl(reports[0], F_SETFL, O_NONBLOCK);
    int dog = getenv("SBD_SHIM_LOG") ? open("/dev/watchdog", O_WRONLY | O_CLOEXEC) : -1;
    if (dog < 0) fprintf(stderr, "floor: no emulated watchdog (not under the test shim): none tickled\n");
    char buffer[4096];
    for (;;) {
        sleep_to_next(period);
        while (read(reports[0], buffer, sizeof buffer) > 0) {}
        if (dog >= 0) ioctl(dog, WDIOC_KEEPALIVE, 0);
    }
}
