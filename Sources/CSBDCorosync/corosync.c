/* corosync.c -- votequorum (quorum, votes, flags, membership) and cmap (our
 * node id) for csbd_corosync.h. */
#include "csbd_corosync.h"

#include <corosync/cmap.h>
#include <corosync/corotypes.h>
#include <corosync/votequorum.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct csbd_corosync {
    votequorum_handle_t vq;
    int fd;
    uint32_t node_id;
    int32_t members_known;
    int32_t notified_quorate;
    uint32_t members;
    uint64_t changes;
};

static void on_quorum(votequorum_handle_t handle, uint64_t context, uint32_t quorate, uint32_t entries,
                      votequorum_node_t nodes[])
{
    (void)context;
    void *ctx = NULL;
    if (votequorum_context_get(handle, &ctx) != CS_OK || ctx == NULL) {
        return;
    }
    struct csbd_corosync *c = ctx;
    uint32_t members = 0;
    for (uint32_t i = 0; i < entries; i++) {
        if (nodes[i].state == VOTEQUORUM_NODESTATE_MEMBER) {
            members++;
        }
    }
    c->members = members;
    c->notified_quorate = quorate ? 1 : 0;
    c->members_known = 1;
    c->changes++;
}

static void on_expected(votequorum_handle_t handle, uint64_t context, uint32_t expected)
{
    (void)context;
    (void)expected;
    void *ctx = NULL;
    if (votequorum_context_get(handle, &ctx) == CS_OK && ctx != NULL) {
        ((struct csbd_corosync *)ctx)->changes++;
    }
}

/* Our node id as votequorum knows it (cmap's runtime.votequorum.this_node_id). */
static uint32_t local_node_id(void)
{
    cmap_handle_t cmap;
    uint32_t id = 0;
    if (cmap_initialize(&cmap) != CS_OK) {
        return 0;
    }
    if (cmap_get_uint32(cmap, "runtime.votequorum.this_node_id", &id) != CS_OK) {
        id = 0;
    }
    cmap_finalize(cmap);
    return id;
}

int csbd_corosync_connect(csbd_corosync **out, int wait_ms)
{
    *out = NULL;
    struct csbd_corosync *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return CS_ERR_NO_MEMORY;
    }
    votequorum_callbacks_t callbacks;
    memset(&callbacks, 0, sizeof(callbacks));
    callbacks.votequorum_quorum_notify_fn = on_quorum;
    callbacks.votequorum_expectedvotes_notify_fn = on_expected;
    cs_error_t rc = votequorum_initialize(&c->vq, &callbacks);
    if (rc != CS_OK) {
        free(c);
        return rc;
    }
    if ((rc = votequorum_context_set(c->vq, c)) != CS_OK || (rc = votequorum_fd_get(c->vq, &c->fd)) != CS_OK ||
        (rc = votequorum_trackstart(c->vq, 0, CS_TRACK_CURRENT | CS_TRACK_CHANGES)) != CS_OK) {
        votequorum_finalize(c->vq);
        free(c);
        return rc;
    }
    c->node_id = local_node_id();
    /* the current membership arrives as a first notification */
    while (!c->members_known && wait_ms > 0) {
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int step = wait_ms < 50 ? wait_ms : 50;
        wait_ms -= step;
        if (poll(&p, 1, step) > 0) {
            rc = votequorum_dispatch(c->vq, CS_DISPATCH_ALL);
            if (rc != CS_OK) {
                votequorum_finalize(c->vq);
                free(c);
                return rc;
            }
        }
    }
    *out = c;
    return 0;
}

int csbd_corosync_fd(const csbd_corosync *c) { return c->fd; }

int csbd_corosync_dispatch(csbd_corosync *c)
{
    cs_error_t rc = votequorum_dispatch(c->vq, CS_DISPATCH_ALL);
    return rc == CS_OK || rc == CS_ERR_TRY_AGAIN ? 0 : rc;
}

int csbd_corosync_query(csbd_corosync *c, csbd_quorum_info *out)
{
    memset(out, 0, sizeof(*out));
    if (c->node_id == 0) {
        c->node_id = local_node_id();
    }
    struct votequorum_info info;
    memset(&info, 0, sizeof(info));
    cs_error_t rc = votequorum_getinfo(c->vq, c->node_id, &info);
    if (rc != CS_OK) {
        return rc;
    }
    out->quorate = (info.flags & VOTEQUORUM_INFO_QUORATE) ? 1 : 0;
    out->node_id = info.node_id;
    out->members = c->members;
    out->members_known = c->members_known;
    out->expected_votes = info.node_expected_votes;
    out->highest_expected = info.highest_expected;
    out->total_votes = info.total_votes;
    out->quorum = info.quorum;
    out->two_node = (info.flags & VOTEQUORUM_INFO_TWONODE) ? 1 : 0;
    out->wait_for_all = (info.flags & VOTEQUORUM_INFO_WAIT_FOR_ALL) ? 1 : 0;
    out->last_man_standing = (info.flags & VOTEQUORUM_INFO_LAST_MAN_STANDING) ? 1 : 0;
    out->auto_tie_breaker = (info.flags & VOTEQUORUM_INFO_AUTO_TIE_BREAKER) ? 1 : 0;
    return 0;
}

uint64_t csbd_corosync_changes(const csbd_corosync *c) { return c->changes; }

void csbd_corosync_disconnect(csbd_corosync *c)
{
    if (c == NULL) {
        return;
    }
    votequorum_trackstop(c->vq);
    votequorum_finalize(c->vq);
    free(c);
}

const char *csbd_corosync_strerror(int rc)
{
    return rc == 0 ? "ok" : cs_strerror((cs_error_t)rc);
}
