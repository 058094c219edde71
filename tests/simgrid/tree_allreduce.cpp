/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tree all-reduce of MODEL.md ("Demand" 1, "Time") run message by message by SimGrid on the
 * links of a platform written by `fiberplan export --format simgrid`, following the schedule of a
 * `fiberplan route --trainer-config` file (flattened by tree_input.py). Prints the simulated time
 * in seconds on standard output, and each tree's finishing time on standard error.
 *
 * - Each tree t's chunk (chunk_fraction x S bytes) is cut into SEGMENTS equal segments. Segment
 *   j is reduced towards the tree's root (a site sends it to its parent once every part of
 *   segment j from each of its children has arrived) and broadcast back down (the root sends it
 *   to its children once reduced; a site forwards it once every part from its parent arrived).
 *   Reductions are free, as in MODEL.md.
 * - Tree edge a -> b is carried over the paths of the pair (a, b) in paths[]: path p gets the
 *   share gbps_p / G_ab of each segment's bytes (G_ab = sum of the pair's gbps) and the rate
 *   x_t gbps_p / y_ab, tree t's part of what the path carries (x_t = rate_gbps; y_ab = the sum of
 *   x_t over the trees holding the edge {a, b}). A flow (tree, edge, path) is relayed hop by
 *   hop: each span crossing is one SimGrid communication between two hosts this program adds
 *   at the span's ends ("span@node"), routed over that span's link, in the direction of travel,
 *   and nothing else. So a multi-path flow is simulated as routed, not on the platform's single
 *   least-delay route. Transit nodes store and forward whole segment parts.
 * - Every hop is paced at its flow's rate (segment starts spaced by bytes / rate and the
 *   communication's rate capped there), as a sender following the schedule would; SimGrid's
 *   max-min sharing slows a hop only when the paced flows overload a span's direction.
 *   The cap needs network/TCP-gamma > 0 (run.sh gives 1e18: no window limit in practice).
 *
 * Usage: tree_allreduce PLATFORM.xml SPANS.tsv SCHEDULE.tsv SEGMENTS [--cfg=...]
 * Built by tests/simgrid/run.sh against libsimgrid-dev (not part of fiberplan). */
#include <simgrid/s4u.hpp>
#include <xbt/config.hpp>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

struct hop {                           /* one span crossed in the direction of travel */
    std::string span, from, to;
    bool up;                           /* from -> to is the span's own direction (link _UP) */
    sg4::Host *src = nullptr, *dst = nullptr;
};

struct path {                          /* one entry of paths[] */
    int source, target;
    double gbps;
    std::vector<hop> hops;
};

struct flow {                          /* tree t's traffic on edge from -> to over one path */
    int tree, from, to;
    bool up;                           /* towards the root (reduce) or away from it (broadcast) */
    const path *p;
    uint64_t bytes;                    /* per segment */
    double rate;                       /* bytes/s */
    double spacing;                    /* s between two segment starts at a hop */
    std::vector<sg4::SemaphorePtr> ready;  /* ready[h]: segments that may leave hop h's source */
    std::vector<std::deque<int>> queue;    /* queue[h]: their indices, in order */
    std::vector<sg4::Mailbox *> box;       /* box[h]: hop h's mailbox */
};

struct site_state {                    /* one site in one tree */
    int parent = -1;
    std::vector<flow *> up, down;      /* flows leaving it towards its parent, its children */
    std::vector<int> reduced, received;    /* parts of segment j in from children, from parent */
    int need_reduce = 0, need_bcast = 0, next_reduce = 0, next_bcast = 0;
};

struct tree {
    double rate_gbps, chunk_fraction;
    int root;
    std::vector<int> parent;           /* by site index; -1 at the root */
    double done_s = 0.0;
};

int n_segments;
double gradient_bytes;
std::vector<std::string> sites;
std::map<std::string, int> site_index;
std::map<std::string, std::pair<std::string, std::string>> span_ends;
std::vector<tree> trees;
std::vector<path> paths;
std::vector<std::unique_ptr<flow>> flows;
std::vector<std::vector<site_state>> state;   /* [tree][site] */
std::vector<int> segment_id;                   /* payloads: &segment_id[j] carries j */

[[noreturn]] void die(const std::string &msg)
{
    std::fprintf(stderr, "tree_allreduce: %s\n", msg.c_str());
    std::exit(65);
}

std::vector<std::string> split_tabs(const std::string &line)
{
    std::vector<std::string> out;
    std::string::size_type at = 0, tab;
    while ((tab = line.find('\t', at)) != std::string::npos) {
        out.push_back(line.substr(at, tab - at));
        at = tab + 1;
    }
    out.push_back(line.substr(at));
    return out;
}

double number(const std::string &text)
{
    char *end = nullptr;
    errno = 0;
    double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) {
        die("not a finite number: '" + text + "'");
    }
    return v;
}

int site(const std::string &id)
{
    auto it = site_index.find(id);
    if (it == site_index.end()) {
        die("unknown site '" + id + "'");
    }
    return it->second;
}

void read_spans(const char *file)
{
    std::ifstream in(file);
    std::string line;
    if (!in) {
        die(std::string("cannot read ") + file);
    }
    while (std::getline(in, line)) {
        std::vector<std::string> f = split_tabs(line);
        if (f.size() != 3) {
            die(std::string(file) + ": want 'span<TAB>from<TAB>to', got '" + line + "'");
        }
        span_ends[f[0]] = {f[1], f[2]};
    }
}

/* Walks the path's spans from its source, so each hop knows its direction. */
void resolve(path *p, const std::vector<std::string> &span_ids)
{
    std::string at = sites[p->source];
    for (const std::string &id : span_ids) {
        auto it = span_ends.find(id);
        if (it == span_ends.end()) {
            die("path '" + sites[p->source] + "' -> '" + sites[p->target] + "': unknown span '" +
                id + "'");
        }
        hop h;
        h.span = id;
        h.from = at;
        if (it->second.first == at) {
            h.up = true;
            h.to = it->second.second;
        } else if (it->second.second == at) {
            h.up = false;
            h.to = it->second.first;
        } else {
            die("path '" + sites[p->source] + "' -> '" + sites[p->target] + "': span '" + id +
                "' does not touch '" + at + "'");
        }
        at = h.to;
        p->hops.push_back(h);
    }
    if (p->hops.empty() || at != sites[p->target]) {
        die("path '" + sites[p->source] + "' -> '" + sites[p->target] + "' ends at '" + at + "'");
    }
}

void read_schedule(const char *file)
{
    std::ifstream in(file);
    std::string line;
    if (!in) {
        die(std::string("cannot read ") + file);
    }
    while (std::getline(in, line)) {
        std::vector<std::string> f = split_tabs(line);
        if (f[0] == "bytes" && f.size() == 2) {
            gradient_bytes = number(f[1]);
        } else if (f[0] == "site" && f.size() == 2) {
            site_index[f[1]] = (int)sites.size();
            sites.push_back(f[1]);
        } else if (f[0] == "tree" && f.size() == 4) {
            tree t;
            t.rate_gbps = number(f[1]);
            t.chunk_fraction = number(f[2]);
            t.root = site(f[3]);
            t.parent.assign(sites.size(), -1);
            if (!(t.rate_gbps > 0) || t.chunk_fraction < 0) {
                die("tree " + std::to_string(trees.size()) +
                    ": rate_gbps must be > 0 and chunk_fraction >= 0");
            }
            trees.push_back(t);
        } else if (f[0] == "parent" && f.size() == 3 && !trees.empty()) {
            trees.back().parent[site(f[1])] = site(f[2]);
        } else if (f[0] == "path" && f.size() >= 5) {
            path p;
            p.source = site(f[1]);
            p.target = site(f[2]);
            p.gbps = number(f[3]);
            if (!(p.gbps > 0)) {
                die("path '" + f[1] + "' -> '" + f[2] + "': gbps must be > 0");
            }
            resolve(&p, std::vector<std::string>(f.begin() + 4, f.end()));
            paths.push_back(p);
        } else {
            die(std::string(file) + ": unexpected line '" + line + "'");
        }
    }
    if (!(gradient_bytes > 0) || sites.size() < 2 || trees.empty()) {
        die(std::string(file) + ": needs bytes > 0, two sites and a tree");
    }
    for (std::size_t t = 0; t < trees.size(); t++) {      /* every site reaches the root */
        for (std::size_t v = 0; v < sites.size(); v++) {
            int at = (int)v;
            std::size_t steps = 0;
            while (at != trees[t].root && at >= 0 && steps++ <= sites.size()) {
                at = trees[t].parent[at];
            }
            if (at != trees[t].root) {
                die("tree " + std::to_string(t) + ": site '" + sites[v] +
                    "' does not reach the root");
            }
        }
    }
}

/* The hosts at both ends of every span crossed, and one route per crossing direction: the span's
 * link alone. In a zone of their own, beside the exported one, whose links they use. */
void add_relay_zone(sg4::Engine *e)
{
    sg4::NetZone *zone = sg4::create_full_zone("tree_allreduce_relays");
    std::map<std::string, sg4::Host *> hosts;
    std::set<std::string> routed;
    zone->set_parent(e->get_netzone_root());
    for (path &p : paths) {
        for (hop &h : p.hops) {
            const std::string names[2] = {h.span + "@" + h.from, h.span + "@" + h.to};
            sg4::Host **ends[2] = {&h.src, &h.dst};
            for (int i = 0; i < 2; i++) {
                if (hosts.count(names[i]) == 0) {
                    hosts[names[i]] = zone->create_host(names[i], 1e15);
                }
                *ends[i] = hosts[names[i]];
            }
            if (routed.insert(names[0] + ">" + names[1]).second) {
                sg4::Link *link = sg4::Link::by_name_or_null(h.span + (h.up ? "_UP" : "_DOWN"));
                if (link == nullptr) {
                    die("span '" + h.span + "' is not a split-duplex link of the platform");
                }
                zone->add_route(h.src->get_netpoint(), h.dst->get_netpoint(), nullptr, nullptr,
                                {sg4::LinkInRoute(link)}, false);
            }
        }
    }
    zone->seal();
}

void release(const std::vector<flow *> &out, int j)
{
    for (flow *f : out) {
        f->queue[0].push_back(j);
        f->ready[0]->release();
    }
}

void segment_done(int t)
{
    trees[t].done_s = std::max(trees[t].done_s, sg4::Engine::get_clock());
}

/* Reduce: segment j leaves once all parts from all children are in; at the root it is done and
 * the broadcast starts. Segments leave in order. */
void advance_reduce(int t, int v)
{
    site_state &s = state[t][v];
    while (s.next_reduce < n_segments && s.reduced[s.next_reduce] == s.need_reduce) {
        int j = s.next_reduce++;
        if (s.parent < 0) {
            segment_done(t);
            release(s.down, j);
        } else {
            release(s.up, j);
        }
    }
}

void advance_broadcast(int t, int v)
{
    site_state &s = state[t][v];
    while (s.next_bcast < n_segments && s.received[s.next_bcast] == s.need_bcast) {
        int j = s.next_bcast++;
        segment_done(t);
        release(s.down, j);
    }
}

void arrive(const flow *f, int j)
{
    site_state &s = state[f->tree][f->to];
    if (f->up) {
        s.reduced[j]++;
        advance_reduce(f->tree, f->to);
    } else {
        s.received[j]++;
        advance_broadcast(f->tree, f->to);
    }
}

/* Hop h's sender, at the span's near end: paced segment starts, the rate capped. */
void sender(flow *f, std::size_t h)
{
    double next = 0.0;
    for (int k = 0; k < n_segments; k++) {
        f->ready[h]->acquire();
        int j = f->queue[h].front();
        f->queue[h].pop_front();
        double now = sg4::Engine::get_clock();
        if (next > now) {
            sg4::this_actor::sleep_until(next);
        } else {
            next = now;
        }
        next += f->spacing;
        sg4::CommPtr c = f->box[h]->put_init(&segment_id[j], f->bytes);
        c->set_rate(f->rate);
        c->detach();
    }
}

/* Hop h's receiver, at the span's far end: hands the segment to the next hop, or to the site. */
void receiver(flow *f, std::size_t h)
{
    for (int k = 0; k < n_segments; k++) {
        int j = *f->box[h]->get<int>();
        if (h + 1 < f->p->hops.size()) {
            f->queue[h + 1].push_back(j);
            f->ready[h + 1]->release();
        } else {
            arrive(f, j);
        }
    }
}

/* Leaves have nothing to wait for: their segments leave at once (paced by the senders). */
void start_leaves()
{
    for (std::size_t t = 0; t < trees.size(); t++) {
        for (std::size_t v = 0; v < sites.size(); v++) {
            advance_reduce((int)t, (int)v);
        }
    }
}

void add_flow(int t, int a, int b, bool up)
{
    double y = 0.0, g = 0.0;           /* y_ab: trees holding {a, b}; G_ab: paths' gbps */
    for (const tree &u : trees) {
        if (u.parent[a] == b || u.parent[b] == a) {
            y += u.rate_gbps;
        }
    }
    for (const path &p : paths) {
        g += p.source == a && p.target == b ? p.gbps : 0.0;
    }
    if (!(g > 0)) {
        die("tree " + std::to_string(t) + ": edge '" + sites[a] + "' -> '" + sites[b] +
            "' has no path in paths[]");
    }
    double segment = trees[t].chunk_fraction * gradient_bytes / n_segments;
    for (const path &p : paths) {
        if (p.source != a || p.target != b) {
            continue;
        }
        std::unique_ptr<flow> f(new flow);
        f->tree = t;
        f->from = a;
        f->to = b;
        f->up = up;
        f->p = &p;
        f->bytes = (uint64_t)std::max(1.0, std::round(segment * p.gbps / g));
        f->rate = trees[t].rate_gbps * p.gbps / y * 1e9 / 8.0;
        f->spacing = (double)f->bytes / f->rate;
        for (std::size_t h = 0; h < p.hops.size(); h++) {
            f->ready.push_back(sg4::Semaphore::create(0));
            f->queue.emplace_back();
            f->box.push_back(sg4::Mailbox::by_name("f" + std::to_string(flows.size()) + "h" +
                                                   std::to_string(h)));
        }
        (up ? state[t][a].up : state[t][a].down).push_back(f.get());
        (up ? state[t][b].need_reduce : state[t][b].need_bcast)++;
        flows.push_back(std::move(f));
    }
}

void add_flows()
{
    state.assign(trees.size(), std::vector<site_state>(sites.size()));
    for (std::size_t t = 0; t < trees.size(); t++) {
        for (std::size_t v = 0; v < sites.size(); v++) {
            site_state &s = state[t][v];
            s.parent = trees[t].parent[v];
            s.reduced.assign(n_segments, 0);
            s.received.assign(n_segments, 0);
        }
        for (std::size_t v = 0; v < sites.size(); v++) {
            int p = trees[t].parent[v];
            if (p >= 0) {
                add_flow((int)t, (int)v, p, true);
                add_flow((int)t, p, (int)v, false);
            }
        }
    }
    for (auto &f : flows) {
        for (std::size_t h = 0; h < f->p->hops.size(); h++) {
            flow *raw = f.get();
            const hop &hp = f->p->hops[h];
            sg4::Actor::create("send", hp.src, [raw, h]() { sender(raw, h); });
            sg4::ActorPtr r = sg4::Actor::create("recv", hp.dst, [raw, h]() { receiver(raw, h); });
            f->box[h]->set_receiver(r);    /* eager: a paced send starts at once */
        }
    }
    sg4::Actor::create("leaves", flows.front()->p->hops[0].src, start_leaves);
}

}  /* namespace */

int main(int argc, char **argv)
{
    sg4::Engine e(&argc, argv);
    char *end = nullptr;
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s PLATFORM.xml SPANS.tsv SCHEDULE.tsv SEGMENTS [--cfg=...]\n",
                     argv[0]);
        return 64;
    }
    n_segments = (int)std::strtol(argv[4], &end, 10);
    if (*end != '\0' || n_segments < 1 || n_segments > 1000000) {
        std::fprintf(stderr, "tree_allreduce: SEGMENTS must be 1 to 1000000, got '%s'\n", argv[4]);
        return 64;
    }
    if (!(simgrid::config::get_value<double>("network/TCP-gamma") > 0)) {
        die("the rate caps need --cfg=network/TCP-gamma:X with X > 0 (CM02 ignores them at 0)");
    }
    e.load_platform(argv[1]);
    read_spans(argv[2]);
    read_schedule(argv[3]);
    add_relay_zone(&e);
    segment_id.resize(n_segments);
    for (int j = 0; j < n_segments; j++) {
        segment_id[j] = j;
    }
    add_flows();
    e.run();
    for (std::size_t t = 0; t < trees.size(); t++) {
        for (std::size_t v = 0; v < sites.size(); v++) {   /* every site has every segment */
            const site_state &s = state[t][v];
            if ((s.parent < 0 ? s.next_reduce : s.next_bcast) != n_segments) {
                die("tree " + std::to_string(t) + ": site '" + sites[v] + "' did not finish");
            }
        }
        std::fprintf(stderr, "tree %zu: %g Gbit/s, chunk %.6g, root %s, done at %.9g s\n", t,
                     trees[t].rate_gbps, trees[t].chunk_fraction, sites[trees[t].root].c_str(),
                     trees[t].done_s);
    }
    std::fprintf(stderr, "segments: %d per tree\n", n_segments);
    std::printf("%.9g\n", sg4::Engine::get_clock());
    return 0;
}
