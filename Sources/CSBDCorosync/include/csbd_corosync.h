/* csbd_corosync.h -- corosync (votequorum, cmap) for the local node, kept
 * apart from the pacemaker glue (csbd_cluster.h) so that the cluster watcher
 * maps, and locks in memory, corosync's small libraries only. */
#ifndef CSBD_COROSYNC_H
#define CSBD_COROSYNC_H

#include <stdint.h>

/* votequorum's view of this node's partition. */
typedef struct csbd_quorum_info {
    int32_t quorate;           /* 1 if the partition has quorum */
    uint32_t node_id;          /* our corosync node id */
    uint32_t members;          /* nodes in the membership (state member) */
    uint32_t expected_votes;   /* this node's expected votes */
    uint32_t highest_expected; /* highest expected votes in the partition */
    uint32_t total_votes;      /* votes present in the partition */
    uint32_t quorum;           /* votes needed for quorum */
    int32_t two_node;          /* quorum { two_node: 1 } is in effect */
    int32_t wait_for_all;      /* wait_for_all (implied by two_node) */
    int32_t last_man_standing;
    int32_t auto_tie_breaker;
    int32_t members_known;     /* 1 once a membership notification arrived */
} csbd_quorum_info;

typedef struct csbd_corosync csbd_corosync;

/* Connects to votequorum (and cmap for our node id) and starts tracking
 * membership changes. Waits up to wait_ms for the first membership list. */
int csbd_corosync_connect(csbd_corosync **out, int wait_ms);
/* The descriptor to poll for readability; then call csbd_corosync_dispatch. */
int csbd_corosync_fd(const csbd_corosync *c);
/* Handles what is pending without blocking. Returns 0, or the error that
 * ended the connection (then only csbd_corosync_disconnect is useful). */
int csbd_corosync_dispatch(csbd_corosync *c);
/* Asks votequorum now; members comes from the last notification. */
int csbd_corosync_query(csbd_corosync *c, csbd_quorum_info *out);
/* Number of membership notifications handled so far. */
uint64_t csbd_corosync_changes(const csbd_corosync *c);
void csbd_corosync_disconnect(csbd_corosync *c);
const char *csbd_corosync_strerror(int rc);

#endif
