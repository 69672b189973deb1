/* cib.c -- the CIB (pacemaker's configuration and status) for
 * csbd_cluster.h: a query connection on glib's default main context, diff
 * notifications applied to a copy of the CIB as they arrive, and
 * pacemaker's own reading of one node's state. */
#include "csbd_cluster.h"

#include <crm/cib.h>
#include <crm/cib/util.h>
#include <crm/common/xml.h>
#include <crm/common/results.h>
#include <crm/crm.h>
#include <crm/pengine/status.h>
#include <errno.h>
#include <glib.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct csbd_cib {
    cib_t *cib;
    int connected;
    int fd; /* the IPC descriptor glib watches for us, or -1 */
    uint64_t changes;
    /* The CIB as the last full query and every diff since left it; NULL
     * when none was read yet or a diff did not apply (then the next reading
     * queries in full). It outlives the connection: the last view of a CIB
     * manager that just ended holds the shutdown that made it end, even
     * when that change and the end came in one dispatch. */
    xmlNode *copy;
};

/* CIB callbacks carry no user data: one handle per process. */
static struct csbd_cib *the_handle = NULL;

static void on_diff(const char *event, xmlNode *msg)
{
    (void)event;
    if (the_handle == NULL) {
        return;
    }
    the_handle->changes++;
    if (the_handle->copy == NULL || msg == NULL) {
        return;
    }
    xmlNode *patched = NULL;
    /* LOG_CRIT: no log of the patch itself (only levels above it log it) */
    int rc = cib_apply_patch_event(msg, the_handle->copy, &patched, LOG_CRIT);
    free_xml(the_handle->copy);
    /* pacemaker masks an update it had already as success, without output */
    the_handle->copy = rc == pcmk_ok ? patched : NULL;
    if (rc != pcmk_ok && patched != NULL) {
        free_xml(patched);
    }
}

static void on_connection_lost(gpointer user_data)
{
    (void)user_data;
    if (the_handle != NULL) {
        the_handle->connected = 0;
        the_handle->changes++;
    }
}

#define MAX_CONTEXT_FDS 64

/* The descriptors glib's default main context watches now, found by one
 * iteration that polls nothing (whatever is ready already is dispatched). */
static int context_fds(int *out, int max)
{
    GMainContext *ctx = g_main_context_default();
    if (!g_main_context_acquire(ctx)) {
        return 0;
    }
    gint priority = G_MAXINT;
    gint timeout = 0;
    GPollFD fds[MAX_CONTEXT_FDS];
    g_main_context_prepare(ctx, &priority);
    gint n = g_main_context_query(ctx, G_MAXINT, &timeout, fds, MAX_CONTEXT_FDS);
    if (n > MAX_CONTEXT_FDS) {
        n = MAX_CONTEXT_FDS;
    }
    for (gint i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (i < max) {
            out[i] = fds[i].fd;
        }
    }
    if (g_main_context_check(ctx, G_MAXINT, fds, n)) {
        g_main_context_dispatch(ctx);
    }
    g_main_context_release(ctx);
    return n < max ? n : max;
}

/* libcib's native client has no inputfd: its IPC descriptor is the one that
 * signon added to glib's default context. */
static int new_context_fd(const int *before, int n_before)
{
    int after[MAX_CONTEXT_FDS];
    int n_after = context_fds(after, MAX_CONTEXT_FDS);
    int found = -1;
    for (int i = 0; i < n_after; i++) {
        int seen = 0;
        for (int j = 0; j < n_before; j++) {
            seen |= before[j] == after[i];
        }
        if (!seen) {
            if (found >= 0 && found != after[i]) {
                return -1; /* ambiguous */
            }
            found = after[i];
        }
    }
    return found;
}

int csbd_cib_connect(csbd_cib **out, const char *client_name)
{
    *out = NULL;
    if (the_handle != NULL) {
        return -EBUSY;
    }
    struct csbd_cib *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return -ENOMEM;
    }
    c->cib = cib_new();
    if (c->cib == NULL) {
        free(c);
        return -ENOMEM;
    }
    /* pacemaker's per-node XML data, which applying a patch requires (its
     * ACL check asserts it): the tools get it from crm_log_init */
    crm_xml_init();
    the_handle = c;
    int before[MAX_CONTEXT_FDS];
    int n_before = context_fds(before, MAX_CONTEXT_FDS);
    int rc = c->cib->cmds->signon(c->cib, client_name, cib_query);
    if (rc == pcmk_ok) {
        rc = c->cib->cmds->set_connection_dnotify(c->cib, on_connection_lost);
    }
    if (rc == pcmk_ok) {
        rc = c->cib->cmds->add_notify_callback(c->cib, T_CIB_DIFF_NOTIFY, on_diff);
    }
    if (rc != pcmk_ok) {
        c->cib->cmds->signoff(c->cib);
        cib_delete(c->cib);
        free(c);
        the_handle = NULL;
        return rc;
    }
    c->connected = 1;
    c->fd = new_context_fd(before, n_before);
    *out = c;
    return 0;
}

int csbd_cib_fd(const csbd_cib *c)
{
    if (!c->connected) {
        return -1;
    }
    return c->fd;
}

int csbd_cib_dispatch(csbd_cib *c)
{
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    return c->connected;
}

static gboolean on_timeout(gpointer user_data)
{
    *(int *)user_data = 1;
    return G_SOURCE_REMOVE;
}

int csbd_cib_wait(csbd_cib *c, int timeout_ms)
{
    uint64_t before = c->changes;
    int expired = 0;
    guint timer = g_timeout_add(timeout_ms > 0 ? (guint)timeout_ms : 0, on_timeout, &expired);
    while (!expired && c->changes == before) {
        g_main_context_iteration(NULL, TRUE);
    }
    if (!expired) {
        g_source_remove(timer);
    }
    return csbd_cib_dispatch(c);
}

int csbd_cib_connected(const csbd_cib *c) { return c->connected; }

uint64_t csbd_cib_changes(const csbd_cib *c) { return c->changes; }

/* ------------------------------------------------------------ reading */

static int is_element(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *parent, const char *name)
{
    for (const xmlNode *n = parent ? parent->children : NULL; n != NULL; n = n->next) {
        if (is_element(n, name)) {
            return n;
        }
    }
    return NULL;
}

/* The attribute's value into buf ("" when absent). */
static const char *attr(const xmlNode *n, const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    if (v != NULL) {
        snprintf(buf, size, "%s", (const char *)v);
        xmlFree(v);
    }
    return buf;
}

static int truthy(const char *v)
{
    return strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
           strcasecmp(v, "on") == 0 || strcasecmp(v, "y") == 0;
}

/* Newer pacemakers store join times instead of true/online: a positive
 * number means the same. */
static int positive_number(const char *v)
{
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    return *v != '\0' && end != NULL && *end == '\0' && n > 0;
}

/* The element among parent's children called name, matching the node. */
static const xmlNode *find_node_element(const xmlNode *parent, const char *name, const char *node_name,
                                        const char *node_id)
{
    char buf[CSBD_NODE_NAME_MAX];
    for (const xmlNode *n = parent ? parent->children : NULL; n != NULL; n = n->next) {
        if (!is_element(n, name)) {
            continue;
        }
        if (node_name != NULL && node_name[0] != '\0') {
            if (strcmp(attr(n, "uname", buf, sizeof(buf)), node_name) == 0) {
                return n;
            }
        } else if (strcmp(attr(n, "id", buf, sizeof(buf)), node_id) == 0) {
            return n;
        }
    }
    return NULL;
}

static void read_raw(const xmlNode *root, const char *node_name, const char *node_id, csbd_node_state *out)
{
    char buf[CSBD_NODE_NAME_MAX];
    out->have_quorum = truthy(attr(root, "have-quorum", buf, sizeof(buf)));
    out->dc_known = attr(root, "dc-uuid", buf, sizeof(buf))[0] != '\0';
    const xmlNode *state = find_node_element(child(root, "status"), "node_state", node_name, node_id);
    if (state == NULL) {
        return;
    }
    out->raw_state_present = 1;
    attr(state, "in_ccm", buf, sizeof(buf));
    out->raw_in_ccm = truthy(buf) || positive_number(buf);
    attr(state, "crmd", buf, sizeof(buf));
    out->raw_crmd_online = strcmp(buf, "online") == 0 || positive_number(buf);
    out->raw_join_member = strcmp(attr(state, "join", buf, sizeof(buf)), "member") == 0;
    out->raw_expected_member = strcmp(attr(state, "expected", buf, sizeof(buf)), "member") == 0;
}

/* Pacemaker's reading of the node (libpe_status); takes ownership of xml. */
static void read_derived(xmlNode *xml, const char *node_name, const char *node_id, csbd_node_state *out)
{
    pe_working_set_t *ws = pe_new_working_set();
    if (ws == NULL) {
        free_xml(xml);
        return;
    }
    ws->input = xml;
    ws->flags |= pe_flag_no_counts | pe_flag_no_compat;
    cluster_status(ws);
    pe_node_t *node = (node_name != NULL && node_name[0] != '\0') ? pe_find_node(ws->nodes, node_name)
                                                                  : pe_find_node_id(ws->nodes, node_id);
    if (node != NULL && node->details != NULL) {
        out->found = 1;
        out->online = node->details->online ? 1 : 0;
        out->unclean = node->details->unclean ? 1 : 0;
        out->shutdown = node->details->shutdown ? 1 : 0;
        out->pending = node->details->pending ? 1 : 0;
        out->standby = node->details->standby ? 1 : 0;
        out->maintenance = node->details->maintenance ? 1 : 0;
        out->expected_up = node->details->expected_up ? 1 : 0;
        out->is_dc = node->details->is_dc ? 1 : 0;
        if (node->details->uname != NULL) {
            snprintf(out->node_name, sizeof(out->node_name), "%s", node->details->uname);
        }
        if (node->details->id != NULL) {
            snprintf(out->node_id, sizeof(out->node_id), "%s", node->details->id);
        }
    }
    pe_free_working_set(ws); /* frees ws->input as well */
}

/* The node's state in the copy (read_derived consumes a copy of it). */
static int read_copy(const csbd_cib *c, const char *node_name, uint32_t node_id, csbd_node_state *out)
{
    char id[CSBD_NODE_ID_MAX];
    snprintf(id, sizeof(id), "%u", node_id);
    if (node_name != NULL) {
        snprintf(out->node_name, sizeof(out->node_name), "%s", node_name);
    }
    xmlNode *xml = copy_xml(c->copy);
    if (xml == NULL) {
        return -ENOMEM;
    }
    read_raw(xml, node_name, id, out);
    read_derived(xml, node_name, id, out);
    return 0;
}

int csbd_cib_query(csbd_cib *c, const char *node_name, uint32_t node_id, int full, csbd_node_state *out)
{
    memset(out, 0, sizeof(*out));
    csbd_cib_dispatch(c);
    out->connected = c->connected;
    if (!c->connected) {
        return -ENOTCONN;
    }
    if (full || c->copy == NULL) {
        xmlNode *xml = NULL;
        int rc = c->cib->cmds->query(c->cib, NULL, &xml, cib_scope_local | cib_sync_call);
        if (rc != pcmk_ok || xml == NULL) {
            if (xml != NULL) {
                free_xml(xml);
            }
            csbd_cib_dispatch(c);
            out->connected = c->connected;
            return rc != pcmk_ok ? rc : -ENODATA;
        }
        if (c->copy != NULL) {
            free_xml(c->copy);
        }
        c->copy = xml;
    }
    return read_copy(c, node_name, node_id, out);
}

int csbd_cib_last_view(csbd_cib *c, const char *node_name, uint32_t node_id, csbd_node_state *out)
{
    memset(out, 0, sizeof(*out));
    if (c->copy == NULL) {
        return -ENODATA;
    }
    int rc = read_copy(c, node_name, node_id, out);
    out->connected = 1; /* as seen while it was */
    return rc;
}

void csbd_cib_disconnect(csbd_cib *c)
{
    if (c == NULL) {
        return;
    }
    if (c->connected) {
        c->cib->cmds->del_notify_callback(c->cib, T_CIB_DIFF_NOTIFY, on_diff);
    }
    c->cib->cmds->signoff(c->cib);
    cib_delete(c->cib);
    if (c->copy != NULL) {
        free_xml(c->copy);
    }
    if (the_handle == c) {
        the_handle = NULL;
    }
    free(c);
}

const char *csbd_cib_strerror(int rc) { return rc == 0 ? "ok" : pcmk_strerror(rc); }
