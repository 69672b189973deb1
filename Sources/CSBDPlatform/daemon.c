#define _GNU_SOURCE
#include "csbd_daemon.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <linux/watchdog.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int csbd_watchdog_open(const char *path) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int csbd_watchdog_set_timeout(int fd, int *seconds) {
    return ioctl(fd, WDIOC_SETTIMEOUT, seconds) < 0 ? -errno : 0;
}

int csbd_watchdog_get_timeout(int fd, int *seconds) {
    return ioctl(fd, WDIOC_GETTIMEOUT, seconds) < 0 ? -errno : 0;
}

int csbd_watchdog_keepalive(int fd) {
    int dummy = 0;
    if (ioctl(fd, WDIOC_KEEPALIVE, &dummy) == 0) return 0;
    // Some drivers only know the write interface.
    return write(fd, "\0", 1) == 1 ? 0 : -errno;
}

void csbd_watchdog_disarm(int fd) {
    ssize_t ignored = write(fd, "V", 1);
    (void)ignored;
    close(fd);
}

int csbd_watchdog_identity(int fd, char *buf, int len) {
    struct watchdog_info info;
    memset(&info, 0, sizeof info);
    if (ioctl(fd, WDIOC_GETSUPPORT, &info) < 0) return -errno;
    int n = (int)strnlen((const char *)info.identity, sizeof info.identity);
    if (n >= len) n = len - 1;
    memcpy(buf, info.identity, (size_t)n);
    buf[n] = 0;
    return 0;
}

int csbd_reboot(int kind) {
    reboot(kind == 1 ? RB_POWER_OFF : RB_AUTOBOOT);
    return -errno;
}

int csbd_ioprio_realtime(void) {
    // IOPRIO_CLASS_RT (1) << IOPRIO_CLASS_SHIFT (13) | level 0; who = process, 0 = self.
    long rc = syscall(SYS_ioprio_set, 1, 0, (1 << 13) | 0);
    return rc < 0 ? -errno : 0;
}

int csbd_make_realtime(int *step, int lock_on_fault) {
    struct sched_param param;
    memset(&param, 0, sizeof param);
    param.sched_priority = sched_get_priority_max(SCHED_RR);
    *step = 1;
    if (sched_setscheduler(0, SCHED_RR, &param) < 0) return -errno;
    *step = 2;
    // No MCL_ONFAULT before Linux 4.4 (EINVAL): lock everything instead.
    if (!(lock_on_fault && mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0) &&
        mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
        return -errno;
    *step = 0;
    csbd_unlock_startup_only_sections();
    return 0;
}

// The file name of a /proc/self/maps line's path starts with one of names.
static int names_library(const char *path, const char *const *names, int count) {
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    for (int i = 0; i < count; i++) {
        size_t n = strlen(names[i]);
        if (n > 0 && strncmp(base, names[i], n) == 0) return 1;
    }
    return 0;
}

long csbd_unlock_libraries(const char *const *names, int count) {
    FILE *maps = fopen("/proc/self/maps", "re");
    if (maps == NULL) return -errno;
    long unlocked = 0;
    char line[4096];
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long start = 0, end = 0;
        int offset = 0;
        if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &start, &end, &offset) < 2 || offset == 0) continue;
        char *path = line + offset;
        path[strcspn(path, "\n")] = 0;
        if (path[0] != '/' || !names_library(path, names, count)) continue;
        if (munlock((void *)start, end - start) == 0) unlocked += (long)(end - start);
    }
    fclose(maps);
    return unlocked;
}

// The sections of this program's file that nothing reads once it runs:
// the dynamic relocations (the loader applied them before main) and the
// unwind tables (read only to unwind a crash or a C++ exception; Swift's
// errors are return values). Matched by name in the file's section headers.
static int startup_only(const char *name) {
    return strcmp(name, ".rela.dyn") == 0 || strcmp(name, ".eh_frame") == 0 ||
           strcmp(name, ".eh_frame_hdr") == 0 || strcmp(name, ".gcc_except_table") == 0;
}

static int main_program_bias(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    *(uintptr_t *)data = (uintptr_t)info->dlpi_addr;
    return 1;  // the first object is the program itself
}

long csbd_unlock_startup_only_sections(void) {
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    long unlocked = -EINVAL;
    Elf64_Ehdr header;
    Elf64_Shdr *sections = NULL;
    char *names = NULL;
    if (pread(fd, &header, sizeof header, 0) != (ssize_t)sizeof header || memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
        header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 ||
        header.e_shstrndx >= header.e_shnum)
        goto done;
    size_t table = (size_t)header.e_shnum * sizeof(Elf64_Shdr);
    sections = malloc(table);
    if (sections == NULL || pread(fd, sections, table, (off_t)header.e_shoff) != (ssize_t)table) goto done;
    const Elf64_Shdr *strings = &sections[header.e_shstrndx];
    if (strings->sh_size == 0 || strings->sh_size > (1 << 20)) goto done;
    names = malloc(strings->sh_size + 1);
    if (names == NULL || pread(fd, names, strings->sh_size, (off_t)strings->sh_offset) != (ssize_t)strings->sh_size)
        goto done;
    names[strings->sh_size] = 0;
    uintptr_t bias = 0;
    dl_iterate_phdr(main_program_bias, &bias);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    unlocked = 0;
    for (int i = 0; i < header.e_shnum; i++) {
        const Elf64_Shdr *section = &sections[i];
        if (!(section->sh_flags & SHF_ALLOC) || section->sh_name >= strings->sh_size ||
            !startup_only(names + section->sh_name))
            continue;
        // Whole pages inside the section only: its neighbours stay locked.
        uintptr_t start = (bias + section->sh_addr + page - 1) & ~(page - 1);
        uintptr_t end = (bias + section->sh_addr + section->sh_size) & ~(page - 1);
        if (end > start && munlock((void *)start, end - start) == 0) unlocked += (long)(end - start);
    }
done:
    free(names);
    free(sections);
    close(fd);
    return unlocked;
}

void csbd_single_malloc_arena(void) { mallopt(M_ARENA_MAX, 1); }

int csbd_notify(const char *state) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || path[0] == 0) return 0;
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    size_t length = strlen(path);
    // "@name" is a socket in the abstract namespace: a leading NUL byte.
    if ((path[0] != '/' && path[0] != '@') || length >= sizeof address.sun_path) return -EAFNOSUPPORT;
    memcpy(address.sun_path, path, length);
    if (path[0] == '@') address.sun_path[0] = 0;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length);
    ssize_t sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&address, size);
    int rc = sent < 0 ? -errno : 1;
    close(fd);
    return rc;
}

static void daemon_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGUSR1);
    sigaddset(set, SIGUSR2);
}

int csbd_signalfd_open(void) {
    sigset_t set;
    daemon_signals(&set);
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) return -errno;
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int csbd_signalfd_read(int fd, int *signo, int *pid) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n < 0) return errno == EAGAIN ? 0 : -errno;
    if (n != (ssize_t)sizeof info) return -EIO;
    *signo = (int)info.ssi_signo;
    *pid = (int)info.ssi_pid;
    return 1;
}

int csbd_spawn(const char *path, char *const argv[], char *const envp[], int report_fd, int new_session, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t none, all;
    sigemptyset(&none);
    daemon_signals(&all);
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    // dup2(3, 3) would keep close-on-exec set: move the source out of the way first.
    int source = report_fd == 3 ? fcntl(report_fd, F_DUPFD_CLOEXEC, 10) : report_fd;
    if (source >= 0) posix_spawn_file_actions_adddup2(&actions, source, 3);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_session) flags |= POSIX_SPAWN_SETSID;
    posix_spawnattr_setflags(&attr, flags);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    int rc = posix_spawn(pid, path, &actions, &attr, argv, envp);
    if (source >= 0 && source != report_fd) close(source);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc;
}

int csbd_reap(pid_t *pid, int *exited, int *code) {
    int status = 0;
    pid_t done = waitpid(-1, &status, WNOHANG);
    if (done < 0) return errno == ECHILD ? 0 : -errno;
    if (done == 0) return 0;
    *pid = done;
    if (WIFEXITED(status)) {
        *exited = 1;
        *code = WEXITSTATUS(status);
    } else {
        *exited = 0;
        *code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    return 1;
}
