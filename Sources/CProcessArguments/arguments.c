#include "cprocess_arguments.h"

#include <stddef.h>

static int saved_count;
static char **saved_values;

// glibc calls the executable's .init_array functions with argc, argv and
// envp, before main and before any Swift code runs.
static void capture(int argc, char **argv, char **envp) {
    (void)envp;
    saved_count = argc;
    saved_values = argv;
}

__attribute__((section(".init_array"), used)) static void (*const capture_entry)(int, char **, char **) = capture;

int cprocess_argument_count(void) { return saved_values ? saved_count : 0; }

const char *cprocess_argument(int index) {
    if (!saved_values || index < 0 || index >= saved_count) return NULL;
    return saved_values[index];
}
