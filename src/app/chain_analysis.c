/* The supply-chain analyses over the stored graph: the store reads the edges,
 * the enterprises and the stop orders in force; this turns them into the
 * core's graph (a stop in force as the days it still has to run, a county as
 * its province) and runs the core's analyses on it. */
#include <stdlib.h>
#include <string.h>

#include "../core/chain.h"
#include "app.h"

#define DAY_MS 86400000LL

void fg_app_chain_release(fg_app_chain *c)
{
    fg_chain_analysis_release(&c->a);
    fg_chain_release(&c->g);
    fg_chain_graph_release(&c->data);
}

int fg_app_chain_load(fg_db *db, int64_t now, size_t explain, const char *running,
                      fg_app_chain *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_chain_init(&out->g);
    fg_chain_analysis_init(&out->a);
    int rc = fg_store_chain_graph_load(db, &out->data, err);
    if (rc)
        return rc;
    const fg_chain_graph *d = &out->data;
    fg_chain_node *nodes = malloc((d->n_nodes ? d->n_nodes : 1) * sizeof(*nodes));
    fg_chain_arc *edges = malloc((d->n_edges ? d->n_edges : 1) * sizeof(*edges));
    if (!nodes || !edges) {
        free(nodes);
        free(edges);
        fg_app_chain_release(out);
        return fg_err_set(err, FG_ENOMEM, "out of memory analysing the chain");
    }
    for (size_t i = 0; i < d->n_nodes; i++) {
        int64_t left = d->stop_until[i] - now;
        nodes[i] = (fg_chain_node){
            d->capacity[i] > 0 ? d->capacity[i] : 0, d->region[i] / 10000 * 10000,
            left > 0 ? (int32_t)((left + DAY_MS - 1) / DAY_MS) : 0,
            (d->flags[i] & FG_CHAIN_GRAPH_WHITELIST ? FG_CHAIN_WHITELIST : 0u) |
                (d->flags[i] & FG_CHAIN_GRAPH_LIVELIHOOD ? FG_CHAIN_LIVELIHOOD : 0u)};
    }
    /* The enterprise an order's report is about counts as running: the report
     * says what its stop does, whether or not the order is in force yet. */
    long keep = running ? fg_app_chain_find(out, running) : -1;
    if (keep >= 0)
        nodes[keep].stop_until = 0;
    for (size_t j = 0; j < d->n_edges; j++)
        edges[j] = (fg_chain_arc){d->supplier[j], d->customer[j], d->input[j],
                                  (float)d->share[j] / 100.0f, d->stock_days[j]};
    rc = fg_chain_build(&out->g, (uint32_t)d->n_nodes, nodes, d->n_edges, edges, err);
    free(nodes);
    free(edges);
    if (rc == 0)
        rc = fg_chain_analyse(&out->g, explain, &out->a, err);
    if (rc)
        fg_app_chain_release(out);
    return rc;
}

long fg_app_chain_find(const fg_app_chain *c, const char *uscc)
{
    size_t lo = 0, hi = c->data.n_nodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->data.uscc[mid], uscc);
        if (cmp == 0)
            return (long)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
