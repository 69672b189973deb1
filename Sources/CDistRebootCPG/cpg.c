/* cpg.c -- see cdistreboot_cpg.h. */
#include "cdistreboot_cpg.h"

#include <corosync/cpg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

struct drcpg {
    cpg_handle_t handle;
    struct cpg_name group;
    drcpg_notice_fn on_notice;
    void *context;
};

/* The one message: other content (a later version's) is ignored. */
static const char notice[] = "distreboot: reboot list written";

static void on_deliver(cpg_handle_t h, const struct cpg_name *g, uint32_t node, uint32_t pid, void *msg, size_t len)
{
    (void)g, (void)node, (void)pid;
    void *context = NULL;
    if (cpg_context_get(h, &context) != CS_OK || context == NULL) {
        return;
    }
    drcpg *c = context;
    if (len == sizeof notice && memcmp(msg, notice, sizeof notice) == 0) {
        c->on_notice(c->context);
    }
}

static void on_confchg(cpg_handle_t h, const struct cpg_name *g, const struct cpg_address *members, size_t nm,
                       const struct cpg_address *left, size_t nl, const struct cpg_address *joined, size_t nj)
{
    (void)h, (void)g, (void)members, (void)nm, (void)left, (void)nl, (void)joined, (void)nj;
}

static cpg_callbacks_t callbacks = {.cpg_deliver_fn = on_deliver, .cpg_confchg_fn = on_confchg};

static void pause_briefly(void)
{
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

int drcpg_join(const char *group, drcpg_notice_fn on_notice, void *context, drcpg **out)
{
    size_t length = strlen(group);
    if (length >= CPG_MAX_NAME_LENGTH) {
        return CS_ERR_NAME_TOO_LONG;
    }
    drcpg *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return CS_ERR_NO_MEMORY;
    }
    memcpy(c->group.value, group, length);
    c->group.length = (uint32_t)length;
    c->on_notice = on_notice;
    c->context = context;
    cs_error_t rc = cpg_initialize(&c->handle, &callbacks);
    if (rc != CS_OK) {
        free(c);
        return rc;
    }
    cpg_context_set(c->handle, c);
    /* corosync may answer "try again" while it syncs a membership change */
    for (int tries = 0; tries < 50; tries++) {
        rc = cpg_join(c->handle, &c->group);
        if (rc != CS_ERR_TRY_AGAIN) {
            break;
        }
        pause_briefly();
    }
    if (rc != CS_OK) {
        cpg_finalize(c->handle);
        free(c);
        return rc;
    }
    *out = c;
    return 0;
}

int drcpg_dispatch(drcpg *c)
{
    return cpg_dispatch(c->handle, CS_DISPATCH_BLOCKING);
}

int drcpg_announce(drcpg *c)
{
    struct iovec message = {.iov_base = (void *)notice, .iov_len = sizeof notice};
    cs_error_t rc = CS_ERR_TRY_AGAIN;
    /* "try again" while corosync syncs a membership change: up to 2 s */
    for (int tries = 0; tries < 20 && rc == CS_ERR_TRY_AGAIN; tries++) {
        if (tries > 0) {
            pause_briefly();
        }
        rc = cpg_mcast_joined(c->handle, CPG_TYPE_AGREED, &message, 1);
    }
    return rc == CS_OK ? 0 : rc;
}

int drcpg_members(drcpg *c, uint32_t *node_ids, int max, int *count)
{
    struct cpg_address members[CPG_MEMBERS_MAX];
    int entries = CPG_MEMBERS_MAX;
    cs_error_t rc = cpg_membership_get(c->handle, &c->group, members, &entries);
    if (rc != CS_OK) {
        return rc;
    }
    int n = 0;
    for (int i = 0; i < entries && n < max; i++) {
        node_ids[n++] = members[i].nodeid;
    }
    *count = n;
    return 0;
}

void drcpg_leave(drcpg *c)
{
    cpg_leave(c->handle, &c->group);
    cpg_finalize(c->handle);
    free(c);
}
