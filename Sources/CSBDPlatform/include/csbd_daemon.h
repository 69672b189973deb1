// What the sbd daemon needs from the kernel that Swift cannot reach directly:
// the watchdog ioctls, reboot(2), I/O priority, signalfd, posix_spawn with a
// clean signal state, and the wait status macros.
#pragma once
#include <stdint.h>
#include <sys/types.h>

// Opens a watchdog device (arming it). fd or -errno.
int csbd_watchdog_open(const char *path);
// WDIOC_SETTIMEOUT; on success *seconds holds what the driver chose. 0 or -errno.
int csbd_watchdog_set_timeout(int fd, int *seconds);
// WDIOC_GETTIMEOUT. 0 or -errno.
int csbd_watchdog_get_timeout(int fd, int *seconds);
// WDIOC_KEEPALIVE (falls back to a write). 0 or -errno.
int csbd_watchdog_keepalive(int fd);
// The magic close: 'V', then close, so the driver stops counting.
void csbd_watchdog_disarm(int fd);
// WDIOC_GETSUPPORT identity into buf (NUL-terminated). 0 or -errno.
int csbd_watchdog_identity(int fd, char *buf, int len);

// reboot(2): kind 0 = restart (RB_AUTOBOOT), 1 = power off. Returns only on failure (-errno).
int csbd_reboot(int kind);
// The realtime I/O scheduling class at its highest level. 0 or -errno.
int csbd_ioprio_realtime(void);
// SCHED_RR at the highest priority and mlockall(current|future): every page
// mapped now or later is read in and locked; with lock_on_fault, MCL_ONFAULT
// too: pages are locked as they are first touched (all of them where the
// kernel has no MCL_ONFAULT), then csbd_unlock_startup_only_sections. 0 or
// -errno of the first step that failed; *step says which (1 = sched, 2 = mlock).
int csbd_make_realtime(int *step, int lock_on_fault);
// munlock(2) of every mapping of a file whose name starts with one of the
// count names ("libicudata" matches .../libicudata.so.72.1). Returns the
// bytes unlocked or -errno.
long csbd_unlock_libraries(const char *const *names, int count);
// munlock(2) of the whole pages of this program's own sections that are read
// only at start-up or to unwind (.rela.dyn, .eh_frame, .eh_frame_hdr,
// .gcc_except_table), found in /proc/self/exe. Returns the bytes unlocked
// or a negative errno.
long csbd_unlock_startup_only_sections(void);

// mallopt(M_ARENA_MAX, 1): threads started later share the main malloc arena
// instead of reserving one each (64 MB of address space, locked with MCL_FUTURE).
void csbd_single_malloc_arena(void);

// systemd's readiness protocol (sd_notify(3)): state, e.g. "READY=1", as one
// datagram to the AF_UNIX socket in $NOTIFY_SOCKET ("@" = abstract). 1 when
// sent, 0 without NOTIFY_SOCKET, -errno.
int csbd_notify(const char *state);

// Blocks SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2 and returns a signalfd for them.
int csbd_signalfd_open(void);
// Reads one signal: 1 and *signo/*pid filled, 0 when none pending, -errno.
int csbd_signalfd_read(int fd, int *signo, int *pid);

// posix_spawn of path with argv/envp (NULL-terminated), dup2(report_fd, 3)
// in the child, every signal unblocked and at its default, in a new session
// when new_session != 0. 0 or errno.
int csbd_spawn(const char *path, char *const argv[], char *const envp[], int report_fd, int new_session, pid_t *pid);

// waitpid(-1, WNOHANG): 1 with *pid and a decoded status (*exited = 1 and *code
// = exit code, or *exited = 0 and *code = signal), 0 when nothing, -errno.
int csbd_reap(pid_t *pid, int *exited, int *code);
