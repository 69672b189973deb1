/* cdistreboot_cpg.h -- distreboot's daemons as members of one corosync
 * process group: corosync itself tells which daemons run, on which node,
 * and drops a daemon from the group the moment its process ends (even by
 * SIGKILL), without any write to the CIB. */
#ifndef CDISTREBOOT_CPG_H
#define CDISTREBOOT_CPG_H

#include <stdint.h>

typedef struct drcpg drcpg;

/* Connects to corosync's CPG service and joins GROUP. 0, or a cs_error_t. */
int drcpg_join(const char *group, drcpg **out);
/* Blocks delivering corosync's notifications (there is nothing to do with
 * them, but they must be read); returns when the connection ends. */
int drcpg_dispatch(drcpg *c);
/* The node ids of the group's members now (one entry per process, up to
 * MAX); COUNT gets how many. 0, or a cs_error_t. */
int drcpg_members(drcpg *c, uint32_t *node_ids, int max, int *count);
/* Leaves the group and disconnects (the descriptor is then invalid). */
void drcpg_leave(drcpg *c);

#endif
