/*
 * csbd_cluster.h -- a small, Swift-friendly view of pacemaker (the CIB and
 * pacemakerd) for the local node; corosync's part is csbd_corosync.h.
 *
 * Only plain integers, fixed-size structs and opaque pointers cross this
 * header: no varargs, no glib or libxml2 types. Every handle belongs to one
 * thread; the CIB connection lives on glib's default main context, so at most
 * one CIB handle may exist per process.
 *
 * Return codes: 0 is success; calls return pacemaker's legacy codes
 * (negative errno-style, see csbd_cib_strerror).
 */
#ifndef CSBD_CLUSTER_H
#define CSBD_CLUSTER_H

#include <stdint.h>

/* ------------------------------------------------------------ pacemaker */

#define CSBD_NODE_NAME_MAX 256
#define CSBD_NODE_ID_MAX 64

/* What the CIB says about the partition and one node. The derived flags
 * (online .. is_dc) are pacemaker's own reading of the status section
 * (libpe_status); the raw_* fields are the node_state attributes as stored. */
typedef struct csbd_node_state {
    int32_t connected;     /* the CIB connection is up */
    int32_t have_quorum;   /* have-quorum on the cib element */
    int32_t dc_known;      /* dc-uuid is set */
    int32_t found;         /* the node is known to the CIB */
    int32_t online;
    int32_t unclean;
    int32_t shutdown;      /* a shutdown was requested (pacemaker stopping) */
    int32_t pending;
    int32_t standby;
    int32_t maintenance;
    int32_t expected_up;
    int32_t is_dc;
    int32_t raw_state_present; /* a node_state element exists */
    int32_t raw_in_ccm;        /* in_ccm: true (or a timestamp) */
    int32_t raw_crmd_online;   /* crmd: online (or a timestamp) */
    int32_t raw_join_member;   /* join: member */
    int32_t raw_expected_member; /* expected: member */
    char node_name[CSBD_NODE_NAME_MAX];
    char node_id[CSBD_NODE_ID_MAX];
} csbd_node_state;

typedef struct csbd_cib csbd_cib;

/* Signs on to the CIB manager as a query client and registers for change
 * notifications. Fails with -EBUSY if this process holds a handle already. */
int csbd_cib_connect(csbd_cib **out, const char *client_name);
/* The IPC descriptor to poll (readable or hung up), or -1 when not connected. */
int csbd_cib_fd(const csbd_cib *c);
/* Runs pending glib events without blocking: CIB notifications and the
 * connection's end. Returns 1 if the connection is still up, 0 if it is lost. */
int csbd_cib_dispatch(csbd_cib *c);
/* Blocks in glib's main context up to timeout_ms or until something changed.
 * Returns like csbd_cib_dispatch. */
int csbd_cib_wait(csbd_cib *c, int timeout_ms);
int csbd_cib_connected(const csbd_cib *c);
/* Number of change notifications (and the disconnection) seen so far. */
uint64_t csbd_cib_changes(const csbd_cib *c);
/* Fills out for the node named node_name, or if that is NULL or empty, for
 * the node whose id is node_id (its corosync id), from this process's copy
 * of the CIB, which each change notification patches; queries the whole
 * CIB first (and keeps it as the copy) when full is set or no copy is
 * current. */
int csbd_cib_query(csbd_cib *c, const char *node_name, uint32_t node_id, int full, csbd_node_state *out);
/* Like csbd_cib_query from the copy alone, also once the connection is lost:
 * the CIB as the last change before the end left it. -ENODATA without one. */
int csbd_cib_last_view(csbd_cib *c, const char *node_name, uint32_t node_id, csbd_node_state *out);
void csbd_cib_disconnect(csbd_cib *c);
const char *csbd_cib_strerror(int rc);

/* ----------------------------------------------------------- pacemakerd */

/* pacemakerd's own state, as its IPC "ping" reports it (pacemaker's names in
 * quotes). The numbers are ours and stable; pacemaker's enum is not used
 * across this header, and a state this build does not know maps to UNKNOWN. */
#define CSBD_PCMKD_UNKNOWN 0           /* no or an unrecognised state */
#define CSBD_PCMKD_INIT 1              /* "init" */
#define CSBD_PCMKD_STARTING 2          /* "starting_daemons" */
#define CSBD_PCMKD_WAIT_FOR_PING 3     /* "wait_for_ping": held until sbd pings */
#define CSBD_PCMKD_RUNNING 4           /* "running" */
#define CSBD_PCMKD_SHUTTING_DOWN 5     /* "shutting_down" */
#define CSBD_PCMKD_SHUTDOWN_COMPLETE 6 /* "shutdown_complete": held until sbd has it */
#define CSBD_PCMKD_REMOTE 7            /* "remote" (pacemaker-remoted; newer pacemaker) */

/* Pings pacemakerd once over its IPC API, naming ourselves client (pacemakerd
 * treats a client whose name contains "sbd" as sbd -- pacemaker 2.1.5; newer
 * releases want it to start with "sbd": in wait_for_ping that starts the
 * cluster's resources; in shutdown_complete it lets pacemakerd exit once this
 * call has closed its connection). Connects, asks, waits for the reply and
 * disconnects: synchronous, the reply awaited at most timeout_ms. Connecting
 * is not bounded: libqb's handshake polls without a limit for pacemakerd's
 * answer, so a pacemakerd that is alive but stuck (SIGSTOP) blocks this call
 * until it runs again; a pacemakerd that is gone fails at once (-ECONNREFUSED
 * or similar). Any of state and last_good may be NULL;
 * last_good is pacemakerd's time (seconds since the epoch) of its last
 * successful check of its subdaemons, 0 if none.
 * Returns 0, or a negative legacy pacemaker code (-errno style, e.g.
 * -ETIME when no reply came in time; see csbd_pacemakerd_strerror). */
int csbd_pacemakerd_ping(const char *client, int timeout_ms, int *state, long long *last_good);
/* pacemaker's name for a CSBD_PCMKD_* state ("unknown" for UNKNOWN). */
const char *csbd_pacemakerd_state_name(int state);
const char *csbd_pacemakerd_strerror(int rc);

#endif
