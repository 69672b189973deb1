/* pacemakerd.c -- pacemakerd's IPC "ping" for csbd_cluster.h: the handshake
 * of synchronized resource start-up (SBD_SYNC_RESOURCE_STARTUP).
 *
 * One short connection per ping, dispatched by polling (not glib's main
 * context, so this does not disturb a CIB handle on the same thread): a reply
 * is awaited only as long as the caller allows, and closing the connection
 * after a shutdown_complete reply is what lets pacemakerd exit. */
#include "csbd_cluster.h"

#include <crm/common/ipc.h>
#include <crm/common/ipc_pacemakerd.h>
#include <crm/common/results.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

/* What the reply callback found; lives on csbd_pacemakerd_ping's stack. */
struct ping_result {
    bool replied;
    bool failed; /* a reply came, but not a good ping reply */
    int state;
    long long last_good;
};

/* pacemaker's state names, indexed by our CSBD_PCMKD_* numbers. Mapping by
 * name rather than by pacemaker's enum keeps states that a newer library
 * knows (and this header may not) from being misread. */
static const char *const state_names[] = {
    "unknown", "init", "starting_daemons", "wait_for_ping", "running", "shutting_down", "shutdown_complete", "remote",
};
#define N_STATES ((int)(sizeof(state_names) / sizeof(state_names[0])))

static int state_from_pacemaker(enum pcmk_pacemakerd_state state)
{
    const char *text = pcmk_pacemakerd_api_daemon_state_enum2text(state);
    if (text == NULL) {
        return CSBD_PCMKD_UNKNOWN;
    }
    for (int i = 1; i < N_STATES; i++) {
        if (strcmp(text, state_names[i]) == 0) {
            return i;
        }
    }
    return CSBD_PCMKD_UNKNOWN;
}

static void on_event(pcmk_ipc_api_t *api, enum pcmk_ipc_event event_type, crm_exit_t status, void *event_data,
                     void *user_data)
{
    (void)api;
    struct ping_result *result = user_data;
    if (result == NULL || event_type != pcmk_ipc_event_reply) {
        return; /* connect/disconnect: the caller checks the connection */
    }
    result->replied = true;
    const pcmk_pacemakerd_api_reply_t *reply = event_data;
    if (status != CRM_EX_OK || reply == NULL || reply->reply_type != pcmk_pacemakerd_reply_ping ||
        reply->data.ping.status != pcmk_rc_ok) {
        result->failed = true;
        return;
    }
    result->state = state_from_pacemaker(reply->data.ping.state);
    result->last_good = (long long)reply->data.ping.last_good;
}

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* pacemaker's standard return codes (0, errno, or its own negative range)
 * as the legacy codes this header uses (0 or negative). */
static int legacy(int rc) { return rc == pcmk_rc_ok ? 0 : pcmk_rc2legacy(rc); }

int csbd_pacemakerd_ping(const char *client, int timeout_ms, int *state, long long *last_good)
{
    struct ping_result result = {.replied = false, .failed = false, .state = CSBD_PCMKD_UNKNOWN, .last_good = 0};
    pcmk_ipc_api_t *api = NULL;
    int rc = pcmk_new_ipc_api(&api, pcmk_ipc_pacemakerd);
    if (rc != pcmk_rc_ok) {
        return legacy(rc);
    }
    pcmk_register_ipc_callback(api, on_event, &result);
    long long deadline = monotonic_ms() + (timeout_ms > 0 ? timeout_ms : 0);

    rc = pcmk_connect_ipc(api, pcmk_ipc_dispatch_poll);
    if (rc == pcmk_rc_ok) {
        rc = pcmk_pacemakerd_api_ping(api, client != NULL && client[0] != '\0' ? client : "sbd");
    }
    while (rc == pcmk_rc_ok && !result.replied) {
        long long left = deadline - monotonic_ms();
        if (left < 0) {
            left = 0;
        }
        rc = pcmk_poll_ipc(api, (int)left);
        if (rc == EAGAIN) {
            rc = ETIME; /* nothing within the timeout */
            break;
        }
        if (rc != pcmk_rc_ok) {
            break;
        }
        pcmk_dispatch_ipc(api);
        if (!result.replied && !pcmk_ipc_is_connected(api)) {
            rc = ENOTCONN; /* pacemakerd went away before it answered */
        } else if (!result.replied && monotonic_ms() >= deadline) {
            rc = ETIME;
        }
    }
    /* Disconnects (pacemakerd counts that as sbd having the state) and frees;
     * the callback's disconnect event is ignored. */
    pcmk_free_ipc_api(api);

    if (rc != pcmk_rc_ok) {
        return legacy(rc);
    }
    if (result.failed) {
        return -EPROTO;
    }
    if (state != NULL) {
        *state = result.state;
    }
    if (last_good != NULL) {
        *last_good = result.last_good;
    }
    return 0;
}

const char *csbd_pacemakerd_state_name(int state)
{
    return state >= 0 && state < N_STATES ? state_names[state] : state_names[CSBD_PCMKD_UNKNOWN];
}

const char *csbd_pacemakerd_strerror(int rc) { return rc == 0 ? "ok" : pcmk_strerror(rc); }
