/* cdistreboot_cpg.h -- distreboot's daemons as members of one corosync
 * process group: corosync itself tells which daemons run, on which node,
 * and drops a daemon from the group the moment its process ends (even by
 * SIGKILL), without any write to the CIB. A daemon that wrote the reboot
 * list also tells the group, so that the others read it at once. */
#ifndef CDISTREBOOT_CPG_H
#define CDISTREBOOT_CPG_H

#include <stdint.h>

typedef struct drcpg drcpg;

/* Called on the dispatching thread for each "the reboot list was written"
 * notice of a member (this daemon's own included). */
typedef void (*drcpg_notice_fn)(void *context);

/* Connects to corosync's CPG service and joins GROUP; ON_NOTICE gets
 * CONTEXT. 0, or a cs_error_t. */
int drcpg_join(const char *group, drcpg_notice_fn on_notice, void *context, drcpg **out);
/* Blocks delivering corosync's notifications (notices go to ON_NOTICE,
 * membership changes need nothing but being read); returns when the
 * connection ends. */
int drcpg_dispatch(drcpg *c);
/* Sends "the reboot list was written" to every member, in corosync's
 * agreed order: after the CIB update that preceded it. 0, or a cs_error_t. */
int drcpg_announce(drcpg *c);
/* The node ids of the group's members now (one entry per process, up to
 * MAX); COUNT gets how many. 0, or a cs_error_t. */
int drcpg_members(drcpg *c, uint32_t *node_ids, int max, int *count);
/* Leaves the group and disconnects (the descriptor is then invalid). */
void drcpg_leave(drcpg *c);

#endif
