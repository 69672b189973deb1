// sbd-shim: an LD_PRELOAD library for the daemon tests. It emulates the
// watchdog device and records reboot(2) and sysrq requests instead of letting
// them reach the machine. It is the second safety layer: tests also run the
// daemon inside ../shared/tools/sandbox (a PID namespace of its own).
//
//   SBD_SHIM_LOG       file that receives one line per event (required)
//   SBD_SHIM_WATCHDOG  ':'-separated device paths to emulate (default /dev/watchdog)
//   SBD_SHIM_SYSRQ     1 = emulate /proc/sysrq-trigger, by open(2) or fopen(3)
//                      (default: leave it alone)
//   SBD_SHIM_WATCHDOG_TIMEOUT  the emulated driver's initial timeout in s (default 60)
//   SBD_SHIM_WATCHDOG_BROKEN   1 = the emulated watchdog never fires (a driver that does not work)
//   SBD_SHIM_WATCHDOG_MIN_TIMEOUT  the smallest timeout in s the emulated driver takes (default 1)
//   SBD_SHIM_WATCHDOG_BELOW_MIN    what it does with a smaller one: "refuse" (EINVAL, the
//                      timeout unchanged; the default) or "round" (takes the minimum and reports it back)
//
// Each open of an emulated watchdog starts an emulator process connected by
// a socket: keepalives move its deadline, the magic close disarms it, and a
// missed deadline is logged as "watchdog fired" and ends the simulated node.
// A node is ended, after a request is logged, only from inside a nested PID
// namespace, where reboot(2) kills the namespace instead of the machine.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <linux/watchdog.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 4096
enum { PLAIN = 0, WATCHDOG = 1, SYSRQ = 2 };
static unsigned char kind_of[MAX_FDS];
static int timeout_of[MAX_FDS];
static unsigned char magic_of[MAX_FDS];  // the last write to the watchdog held a 'V'


// The initial PID namespace always has this inode number (PROC_PID_INIT_INO).
#define INIT_PID_NS_INODE 0xEFFFFFFCUL

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void record(const char *format, ...) {
    const char *path = getenv("SBD_SHIM_LOG");
    if (!path) return;
    char line[512];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int n = snprintf(line, sizeof line, "%ld.%03ld pid=%d ", (long)ts.tv_sec, ts.tv_nsec / 1000000L, (int)getpid());
    va_list args;
    va_start(args, format);
    n += vsnprintf(line + n, sizeof line - (size_t)n - 1, format, args);
    va_end(args);
    if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    ssize_t ignored = write(fd, line, (size_t)n);
    (void)ignored;
    syscall(SYS_close, fd);
}

static int in_nested_pid_namespace(void) {
    struct stat st;
    if (stat("/proc/self/ns/pid", &st) != 0) return 0;
    return (unsigned long)st.st_ino != INIT_PID_NS_INODE;
}

// Ends the simulated node the way a reset would, or refuses outside a sandbox.
// A reset stops every process of a machine at once. reboot(2) in a PID
// namespace does not: it ends the caller at once, but the node's other
// processes run on until the namespace's init is gone, and one of them could
// act in between (a watcher finding its inquisitor gone). So every other
// process of the node is stopped first (kill(-1) spares the caller and the
// namespace's init, and reaches nothing outside the namespace).
static void end_node(unsigned int cmd, const char *what) {
    if (!in_nested_pid_namespace()) {
        record("REFUSED %s: not inside a nested PID namespace (run tests under the sandbox)", what);
        return;
    }
    kill(-1, SIGSTOP);
    syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, NULL);
}

// One key written to the emulated /proc/sysrq-trigger: recorded, then acted on.
static void sysrq_key(char key) {
    record("sysrq %c", key);
    if (key == 'c') end_node(LINUX_REBOOT_CMD_RESTART, "crash (sysrq c)");
    if (key == 'b') end_node(LINUX_REBOOT_CMD_RESTART, "reboot (sysrq b)");
    if (key == 'o') end_node(LINUX_REBOOT_CMD_POWER_OFF, "power-off (sysrq o)");
}

static int sysrq_emulated(const char *path) {
    const char *flag = getenv("SBD_SHIM_SYSRQ");
    return path && strcmp(path, "/proc/sysrq-trigger") == 0 && flag && strcmp(flag, "1") == 0;
}

static int matches_watchdog(const char *path) {
    const char *list = getenv("SBD_SHIM_WATCHDOG");
    if (!list) list = "/dev/watchdog";
    size_t len = strlen(path);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, path, n) == 0) return 1;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

static void emulate(int sock, const char *path) {
    const char *initial = getenv("SBD_SHIM_WATCHDOG_TIMEOUT");
    int timeout = initial ? atoi(initial) : 60;
    long deadline = now_ms() + timeout * 1000L;
    int magic = 0, open = 1;
    const char *broken_flag = getenv("SBD_SHIM_WATCHDOG_BROKEN");
    int broken = broken_flag && strcmp(broken_flag, "1") == 0;
    unsigned long keepalives = 0;
    signal(SIGTERM, SIG_IGN);  // the node's shutdown must not disarm it
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    record("watchdog %s armed, timeout %d s", path, timeout);
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0 && broken) {
            record("watchdog %s would have fired after %d s, but it is broken (SBD_SHIM_WATCHDOG_BROKEN)", path, timeout);
            deadline = now_ms() + 3600 * 1000L;
            continue;
        }
        if (left <= 0) {
            record("watchdog %s fired after %d s without keepalive (%lu keepalives before)", path, timeout, keepalives);
            end_node(LINUX_REBOOT_CMD_RESTART, "watchdog reset");
            _exit(1);
        }
        struct pollfd pfd = {.fd = sock, .events = POLLIN};
        int ready = poll(&pfd, open ? 1 : 0, (int)left);
        if (ready <= 0) continue;
        char msg[16];
        ssize_t n = recv(sock, msg, sizeof msg, 0);
        if (n <= 0) {
            if (magic) {
                record("watchdog %s disarmed by magic close (%lu keepalives)", path, keepalives);
                _exit(0);
            }
            if (broken) {  // it never fires: nothing is left for the emulator to do
                record("watchdog %s closed without magic close; broken, so it never fires", path);
                _exit(0);
            }
            record("watchdog %s closed without magic close: still armed", path);
            open = 0;
            continue;
        }
        switch (msg[0]) {
        case 'K':
        case 'W':
            keepalives++;
            magic = 0;
            deadline = now_ms() + timeout * 1000L;
            if (keepalives == 1) record("watchdog %s first keepalive", path);
            break;
        case 'V':
            keepalives++;
            magic = 1;
            deadline = now_ms() + timeout * 1000L;
            break;
        case 'T':
            memcpy(&timeout, msg + 1, sizeof timeout);
            deadline = now_ms() + timeout * 1000L;
            record("watchdog %s timeout set to %d s", path, timeout);
            break;
        }
    }
}

static int open_watchdog(const char *path, int flags) {
    int sv[2];
    int type = SOCK_SEQPACKET | ((flags & O_CLOEXEC) ? SOCK_CLOEXEC : 0);
    if (socketpair(AF_UNIX, type, 0, sv) < 0) return -1;
    if (sv[0] >= MAX_FDS) {
        close(sv[0]);
        close(sv[1]);
        errno = EMFILE;
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (child == 0) {
        // Detach twice so the emulator is nobody's child to reap or wait for.
        if (fork() != 0) _exit(0);
        setsid();
        for (int fd = 0; fd < 1024; fd++)
            if (fd != sv[1]) syscall(SYS_close, fd);
        emulate(sv[1], path);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    close(sv[1]);
    kind_of[sv[0]] = WATCHDOG;
    const char *initial = getenv("SBD_SHIM_WATCHDOG_TIMEOUT");
    timeout_of[sv[0]] = initial ? atoi(initial) : 60;
    return sv[0];
}

static int (*real_openat_fn)(int, const char *, int, ...);
static ssize_t (*real_write_fn)(int, const void *, size_t);
static int (*real_close_fn)(int);
static int (*real_ioctl_fn)(int, unsigned long, ...);

static int intercept_open(int dirfd, const char *path, int flags, mode_t mode) {
    if (path && matches_watchdog(path)) return open_watchdog(path, flags);
    if (sysrq_emulated(path)) {
        int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY | (flags & O_CLOEXEC));
        if (fd >= 0 && fd < MAX_FDS) kind_of[fd] = SYSRQ;
        return fd;
    }
    if (!real_openat_fn) real_openat_fn = dlsym(RTLD_NEXT, "openat");
    int fd = real_openat_fn(dirfd, path, flags, mode);
    if (fd >= 0 && fd < MAX_FDS) kind_of[fd] = PLAIN;
    return fd;
}

static mode_t mode_arg(int flags, va_list args) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_arg(flags, args);
    va_end(args);
    return intercept_open(AT_FDCWD, path, flags, mode);
}
int open64(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_arg(flags, args);
    va_end(args);
    return intercept_open(AT_FDCWD, path, flags, mode);
}
int openat(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_arg(flags, args);
    va_end(args);
    return intercept_open(dirfd, path, flags, mode);
}
int openat64(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_arg(flags, args);
    va_end(args);
    return intercept_open(dirfd, path, flags, mode);
}
int __open_2(const char *path, int flags) { return intercept_open(AT_FDCWD, path, flags, 0); }
int __open64_2(const char *path, int flags) { return intercept_open(AT_FDCWD, path, flags, 0); }

static void send_command(int fd, char command, int value) {
    char msg[1 + sizeof value];
    msg[0] = command;
    memcpy(msg + 1, &value, sizeof value);
    send(fd, msg, sizeof msg, MSG_NOSIGNAL);
}

// Debian's sbd writes sysrq with fopen/fprintf, whose open is inside libc
// and out of reach of open() above: a stdio stream of our own stands in.
static ssize_t sysrq_stream_write(void *cookie, const char *buf, size_t size) {
    (void)cookie;
    if (size > 0 && buf[0] != '\n') sysrq_key(buf[0]);
    return (ssize_t)size;
}

static FILE *intercept_fopen(const char *path, const char *mode, const char *symbol) {
    if (sysrq_emulated(path)) {
        cookie_io_functions_t io = {.write = sysrq_stream_write};
        return fopencookie(NULL, "w", io);
    }
    FILE *(*real)(const char *, const char *) = dlsym(RTLD_NEXT, symbol);
    return real(path, mode);
}
FILE *fopen(const char *path, const char *mode) { return intercept_fopen(path, mode, "fopen"); }
FILE *fopen64(const char *path, const char *mode) { return intercept_fopen(path, mode, "fopen64"); }

ssize_t write(int fd, const void *buf, size_t count) {
    if (!real_write_fn) real_write_fn = dlsym(RTLD_NEXT, "write");
    if (fd >= 0 && fd < MAX_FDS && kind_of[fd] == WATCHDOG) {
        magic_of[fd] = memchr(buf, 'V', count) != NULL;
        send_command(fd, magic_of[fd] ? 'V' : 'W', 0);
        return (ssize_t)count;
    }
    if (fd >= 0 && fd < MAX_FDS && kind_of[fd] == SYSRQ && count > 0) {
        sysrq_key(((const char *)buf)[0]);
        return (ssize_t)count;
    }
    return real_write_fn(fd, buf, count);
}

int close(int fd) {
    if (!real_close_fn) real_close_fn = dlsym(RTLD_NEXT, "close");
    if (fd >= 0 && fd < MAX_FDS) {
        // Recorded by the closing process itself, in order with its other
        // requests (the emulator's own line may come later, or never when
        // the node ends first).
        if (kind_of[fd] == WATCHDOG) record("watchdog close by the daemon: %s", magic_of[fd] ? "magic (disarm)" : "no magic (stays armed)");
        kind_of[fd] = PLAIN;
        magic_of[fd] = 0;
    }
    return real_close_fn(fd);
}

int ioctl(int fd, unsigned long request, ...) {
    va_list args;
    va_start(args, request);
    void *arg = va_arg(args, void *);
    va_end(args);
    if (fd < 0 || fd >= MAX_FDS || kind_of[fd] != WATCHDOG) {
        if (!real_ioctl_fn) real_ioctl_fn = dlsym(RTLD_NEXT, "ioctl");
        return real_ioctl_fn(fd, request, arg);
    }
    switch (request) {
    case WDIOC_SETTIMEOUT: {
        int requested = *(int *)arg;
        const char *min_text = getenv("SBD_SHIM_WATCHDOG_MIN_TIMEOUT");
        const char *below = getenv("SBD_SHIM_WATCHDOG_BELOW_MIN");
        int minimum = min_text ? atoi(min_text) : 1;
        if (requested < minimum && !(below && strcmp(below, "round") == 0)) {
            // As the kernel's watchdog core: out of range is EINVAL, nothing changes, no keepalive.
            record("watchdog timeout requested: %d s, refused (EINVAL; the driver's minimum is %d s)", requested, minimum);
            errno = EINVAL;
            return -1;
        }
        if (requested < minimum) {
            record("watchdog timeout requested: %d s, rounded up to %d s (the driver's minimum)", requested, minimum);
            requested = minimum;
        } else {
            // Logged by the caller too: the emulator's own line may come later.
            record("watchdog timeout requested: %d s", requested);
        }
        timeout_of[fd] = requested;
        *(int *)arg = requested;  // the kernel reports back the timeout it took
        send_command(fd, 'T', timeout_of[fd]);
        return 0;
    }
    case WDIOC_GETTIMEOUT:
        *(int *)arg = timeout_of[fd];
        return 0;
    case WDIOC_KEEPALIVE:
        magic_of[fd] = 0;
        send_command(fd, 'K', 0);
        return 0;
    case WDIOC_GETSUPPORT: {
        struct watchdog_info *info = arg;
        memset(info, 0, sizeof *info);
        info->options = WDIOF_SETTIMEOUT | WDIOF_KEEPALIVEPING | WDIOF_MAGICCLOSE;
        strncpy((char *)info->identity, "sbd test shim", sizeof info->identity - 1);
        return 0;
    }
    default:
        return 0;
    }
}

int reboot(int howto) {
    const char *what = howto == (int)LINUX_REBOOT_CMD_POWER_OFF ? "RB_POWER_OFF"
                       : howto == (int)LINUX_REBOOT_CMD_RESTART ? "RB_AUTOBOOT"
                                                                : "other";
    record("reboot %s", what);
    end_node((unsigned int)howto, what);
    errno = EPERM;
    return -1;
}

void sync(void) {
    record("sync");
    syscall(SYS_sync);
}
