#ifndef CPROCESS_ARGUMENTS_H
#define CPROCESS_ARGUMENTS_H

// The process's argc/argv as the kernel passed them to the entry point,
// captured before main runs. Swift's CommandLine reads /proc/self/cmdline
// instead, which is missing in a rescue shell or a chroot, and belongs to
// another process where /proc is another PID namespace's.

// Number of arguments, argv[0] included; 0 if they were not captured.
int cprocess_argument_count(void);
// Argument `index` (0 = program name), or NULL when out of range.
const char *cprocess_argument(int index);

#endif
