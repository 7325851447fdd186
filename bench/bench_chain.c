/* The supply-chain analysis on a generated graph of 1,000,000 enterprises and
 * 5,000,000 edges with 1 % of them stopped: the full analysis (building the
 * graph from the edge arrays, time to survive for every enterprise, the
 * dominators, sole sources and block points) beside igraph's own BFS and
 * dominator tree over the same edges from the same virtual source (building
 * its graph from the same arrays), and one order's impact report beside the
 * full analysis. Each side runs in a child process of its own that generates
 * the graph itself (the same seed), so that its peak resident memory above
 * what the generated arrays take is its own.
 *
 * The graph: five tiers (raw materials 20 %, tier 3 25 %, tier 2 25 %,
 * tier 1 20 %, final makers 10 %); each enterprise below raw materials needs
 * 1 to 4 inputs, each from 1 to 4 suppliers of the tier above (a third of
 * the inputs from one supplier only: sole sources), suppliers drawn with a
 * skew so that some serve many (fan-in), one edge in 200 from a lower tier
 * back up (cycles), 31 provinces with most suppliers in the customer's own.
 *
 * Usage: bench_chain [--verify] [N M]. --verify only checks that our
 * dominators equal igraph's on the graph. Otherwise prints one line:
 *   ours_s igraph_s ours_peak_kb igraph_peak_kb impact_mean_s impact_max_s
 *   impact_hub_s blocks stalled reports build_s
 * (impact_mean_s and impact_max_s over `reports` random enterprises not
 * stalled; impact_hub_s the slowest of the 20 suppliers with most customers;
 * build_s the part of ours_s spent building the graph) */
#include <igraph/igraph.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/chain.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x853c49e6748fea9bu;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 17);
}

/* The resident set now, in kB. */
static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

typedef struct gen {
    uint32_t n;
    size_t m;
    fg_chain_node *nodes;
    fg_chain_arc *edges;
} gen;

/* The first enterprise of tier t (0 = raw materials) and the end of the last. */
static uint32_t tier_start(uint32_t n, int t)
{
    static const int pct[] = {0, 20, 45, 70, 90, 100};
    return (uint32_t)((uint64_t)n * (uint64_t)pct[t] / 100);
}

/* A supplier in [lo, hi) with a skew towards the start (popular suppliers). */
static uint32_t pick(uint32_t lo, uint32_t hi)
{
    uint64_t span = hi - lo, r = rnd() % span;
    if (rnd() % 2)
        r = r * (rnd() % span) / span;
    return lo + (uint32_t)r;
}

static int generate(gen *g, uint32_t n, size_t m)
{
    rng = 0x853c49e6748fea9bu;
    g->n = n;
    g->m = 0;
    g->nodes = calloc(n, sizeof *g->nodes);
    g->edges = malloc(m * sizeof *g->edges);
    if (!g->nodes || !g->edges)
        return -1;
    for (uint32_t v = 0; v < n; v++) {
        int t = 0;
        while (v >= tier_start(n, t + 1))
            t++;
        fg_chain_node *d = &g->nodes[v];
        d->capacity = 1 + (int64_t)(rnd() % 1000) * (t + 1);
        d->province = 110000 + 10000 * (int32_t)(rnd() % 31);
        uint32_t r = rnd() % 100;
        d->flags = (r < (t >= 3 ? 8u : 1u) ? FG_CHAIN_WHITELIST : 0) |
                   (rnd() % 100 < 3 ? FG_CHAIN_LIVELIHOOD : 0);
        d->stop_until = rnd() % 100 == 0 ? 1 + (int32_t)(rnd() % 30) : 0;
    }
    /* Customers in turn (tiers 1..4) until m edges: each gets its inputs. */
    uint32_t first = tier_start(n, 1);
    for (uint32_t c = first; g->m < m; c = c + 1 < n ? c + 1 : first) {
        int t = 0;
        while (c >= tier_start(n, t + 1))
            t++;
        uint32_t ninputs = 1 + rnd() % 4;
        for (uint32_t i = 0; i < ninputs && g->m < m; i++) {
            uint32_t input = (uint32_t)t * 16 + rnd() % 16;
            uint32_t r = rnd() % 3, nsup = r == 0 ? 1 : 2 + rnd() % 3;
            int32_t stock = (int32_t)(rnd() % 15);
            for (uint32_t s = 0; s < nsup && g->m < m; s++) {
                uint32_t sup;
                if (rnd() % 200 == 0 && t + 1 < 5)
                    sup = pick(tier_start(n, t + 1), tier_start(n, 5)); /* back up */
                else
                    sup = pick(tier_start(n, t - 1), tier_start(n, t));
                if (sup == c)
                    continue;
                /* Most suppliers in the customer's province. */
                if (rnd() % 4)
                    g->nodes[sup].province = g->nodes[c].province;
                g->edges[g->m++] =
                    (fg_chain_arc){sup, c, input, 1.0f / (float)nsup, stock};
            }
        }
    }
    return 0;
}

/* Ours: build, analyse; then impact reports on `reports` enterprises. */
static int run_ours(const gen *g, int reports, double *out)
{
    fg_err err;
    fg_chain c;
    fg_chain_analysis a;
    double t0 = now();
    int rc = fg_chain_build(&c, g->n, g->nodes, g->m, g->edges, &err);
    out[6] = now() - t0;
    if (rc || fg_chain_analyse(&c, 100, &a, &err)) {
        fprintf(stderr, "bench_chain: %s\n", err.msg);
        return -1;
    }
    out[0] = now() - t0;
    out[1] = (double)a.nblocks;
    size_t stalled = 0;
    for (uint32_t v = 0; v < g->n; v++)
        stalled += a.stall[v] != FG_CHAIN_NEVER;
    out[2] = (double)stalled;
    /* Impact reports on enterprises not stalled, drawn at random. */
    double sum = 0, max = 0;
    int done = 0;
    while (done < reports) {
        uint32_t v = rnd() % g->n;
        if (a.stall[v] != FG_CHAIN_NEVER)
            continue;
        fg_chain_impact r;
        double s = now();
        if (fg_chain_impact_of(&c, &a, v, &r, &err)) {
            fprintf(stderr, "bench_chain: %s\n", err.msg);
            return -1;
        }
        double d = now() - s;
        fg_chain_impact_release(&r);
        sum += d;
        if (d > max)
            max = d;
        done++;
    }
    out[3] = sum / reports;
    out[4] = max;
    /* The worst cases worth naming: the 20 suppliers with the most
     * customers' inputs, stopped one at a time. */
    uint32_t top[20] = {0};
    for (uint32_t v = 0; v < g->n; v++) {
        uint32_t d = c.out_off[v + 1] - c.out_off[v];
        int i = 19;
        if (d <= c.out_off[top[19] + 1] - c.out_off[top[19]])
            continue;
        for (; i > 0 && d > c.out_off[top[i - 1] + 1] - c.out_off[top[i - 1]]; i--)
            top[i] = top[i - 1];
        top[i] = v;
    }
    double hub = 0;
    for (int i = 0; i < 20; i++) {
        fg_chain_impact r;
        double s = now();
        if (fg_chain_impact_of(&c, &a, top[i], &r, &err)) {
            fprintf(stderr, "bench_chain: %s\n", err.msg);
            return -1;
        }
        double d = now() - s;
        fg_chain_impact_release(&r);
        if (d > hub)
            hub = d;
    }
    out[5] = hub;
    fg_chain_analysis_release(&a);
    fg_chain_release(&c);
    return 0;
}

/* igraph: the same edges plus a virtual source above the enterprises
 * without suppliers; BFS from it, then its dominator tree. */
static int run_igraph(const gen *g, double *out)
{
    double t0 = now();
    char *has = calloc(g->n, 1);
    if (!has)
        return -1;
    for (size_t i = 0; i < g->m; i++)
        has[g->edges[i].customer] = 1;
    igraph_integer_t roots = 0;
    for (uint32_t v = 0; v < g->n; v++)
        roots += !has[v];
    igraph_vector_int_t ev;
    if (igraph_vector_int_init(&ev, 2 * ((igraph_integer_t)g->m + roots)))
        return -1;
    igraph_integer_t k = 0;
    for (size_t i = 0; i < g->m; i++) {
        VECTOR(ev)[k++] = g->edges[i].supplier;
        VECTOR(ev)[k++] = g->edges[i].customer;
    }
    for (uint32_t v = 0; v < g->n; v++)
        if (!has[v]) {
            VECTOR(ev)[k++] = g->n;
            VECTOR(ev)[k++] = v;
        }
    free(has);
    igraph_t ig;
    if (igraph_create(&ig, &ev, (igraph_integer_t)g->n + 1, IGRAPH_DIRECTED))
        return -1;
    igraph_vector_int_destroy(&ev);
    igraph_vector_int_t order, dom;
    igraph_vector_int_init(&order, 0);
    igraph_vector_int_init(&dom, 0);
    if (igraph_bfs_simple(&ig, g->n, IGRAPH_OUT, &order, NULL, NULL) ||
        igraph_dominator_tree(&ig, g->n, &dom, NULL, NULL, IGRAPH_OUT))
        return -1;
    out[0] = now() - t0;
    out[1] = (double)igraph_vector_int_size(&order);
    igraph_vector_int_destroy(&order);
    igraph_vector_int_destroy(&dom);
    igraph_destroy(&ig);
    return 0;
}

/* Checks that our dominators are igraph's on the generated graph (untimed).
 * igraph names the root as its own dominator and -1 for the unreachable
 * (0.10); ours says FG_CHAIN_NONE for both the unreachable and those only the
 * virtual source dominates. */
static int verify(const gen *g)
{
    fg_err err;
    fg_chain c;
    uint32_t *idom;
    if (fg_chain_build(&c, g->n, g->nodes, g->m, g->edges, &err) ||
        fg_chain_dominators(&c, &idom, &err))
        return -1;
    igraph_vector_int_t ev, dom;
    igraph_integer_t roots = 0, k = 0;
    for (uint32_t v = 0; v < g->n; v++)
        roots += c.node_grp[v] == c.node_grp[v + 1];
    igraph_vector_int_init(&ev, 2 * ((igraph_integer_t)g->m + roots));
    for (size_t i = 0; i < g->m; i++) {
        VECTOR(ev)[k++] = g->edges[i].supplier;
        VECTOR(ev)[k++] = g->edges[i].customer;
    }
    for (uint32_t v = 0; v < g->n; v++)
        if (c.node_grp[v] == c.node_grp[v + 1]) {
            VECTOR(ev)[k++] = g->n;
            VECTOR(ev)[k++] = v;
        }
    igraph_t ig;
    igraph_create(&ig, &ev, (igraph_integer_t)g->n + 1, IGRAPH_DIRECTED);
    igraph_vector_int_init(&dom, 0);
    igraph_dominator_tree(&ig, g->n, &dom, NULL, NULL, IGRAPH_OUT);
    size_t bad = 0, under = 0;
    for (uint32_t v = 0; v < g->n; v++) {
        igraph_integer_t d = VECTOR(dom)[v];
        uint32_t want = d < 0 || d == (igraph_integer_t)g->n ? FG_CHAIN_NONE : (uint32_t)d;
        bad += idom[v] != want;
        under += idom[v] != FG_CHAIN_NONE;
    }
    printf("dominators: %zu of %u differ from igraph's; %zu enterprises under another\n", bad,
           (unsigned)g->n, under);
    igraph_vector_int_destroy(&ev);
    igraph_vector_int_destroy(&dom);
    igraph_destroy(&ig);
    free(idom);
    fg_chain_release(&c);
    return bad ? -1 : 0;
}

/* Runs one side in a child; figures[] back through a pipe, with the peak
 * resident memory above what the generated arrays took, in kB. */
static int in_child(int side, uint32_t n, size_t m, int reports, double *fig)
{
    int fd[2];
    if (pipe(fd))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fd[0]);
        gen g;
        double f[8] = {0};
        if (generate(&g, n, m))
            _exit(1);
        long base = rss_kb();
        if (base > peak_kb())
            base = peak_kb();
        int rc = side == 0 ? run_ours(&g, reports, f) : run_igraph(&g, f);
        f[7] = (double)(peak_kb() - base);
        if (rc || write(fd[1], f, sizeof f) != (ssize_t)sizeof f)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    ssize_t got = read(fd[0], fig, 8 * sizeof *fig);
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    return got == (ssize_t)(8 * sizeof *fig) && WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

int main(int argc, char **argv)
{
    uint32_t n = 1000000;
    size_t m = 5000000;
    int check = argc > 1 && strcmp(argv[1], "--verify") == 0;
    if (argc - check == 3) {
        n = (uint32_t)strtoul(argv[1 + check], NULL, 10);
        m = (size_t)strtoull(argv[2 + check], NULL, 10);
    }
    if (check) {
        gen g;
        if (generate(&g, n, m))
            return 1;
        return verify(&g) ? 1 : 0;
    }
    int reports = 200;
    double ours[8], ig[8];
    if (in_child(0, n, m, reports, ours) || in_child(1, n, m, reports, ig)) {
        fprintf(stderr, "bench_chain: a side failed\n");
        return 1;
    }
    printf("%.4f %.4f %.0f %.0f %.6f %.6f %.6f %.0f %.0f %d %.4f\n", ours[0], ig[0], ours[7],
           ig[7], ours[3], ours[4], ours[5], ours[1], ours[2], reports, ours[6]);
    return 0;
}
