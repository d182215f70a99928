// CTR001: the cache server's own memory limit against the memory limit of the container or unit that runs
// it. Above the limit, the kernel OOM-kills the server before it evicts (Redis maxmemory, memcached -m).
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/embedded/container.hpp"
#include "parse/memcached/parser.hpp"

#include <algorithm>

namespace cachelint::embedded {
namespace {

void memory_limit(const Container& c, RuleSink& sink) {
    if (!c.limit || *c.limit == 0) return;
    const std::string limit = "the memory limit " + format_bytes(*c.limit) + " ('" + c.limit_text + "')";
    if (c.varnish) {
        // Varnish fills its storage by design (LRU eviction starts only when an allocation fails), and the
        // process needs memory beyond it: about 1 KB per object, workspaces, thread stacks ("Sizing your cache").
        uint64_t total = 0;
        const Container::Storage* biggest = nullptr;
        const Container::Storage* unbounded = nullptr;
        for (const auto& st : c.storages) {
            if (st.kind != "malloc" && st.kind != "default" && st.kind != "umem") continue;  // file: mmap'd, paged out
            if (st.unknown) return;  // a variable may hold any size: the total is unknown
            if (!st.size) {
                if (st.name != "Transient" && !unbounded) unbounded = &st;  // Transient is unbounded by default for everyone
                continue;
            }
            total += *st.size;
            if (!biggest || *st.size > *biggest->size) biggest = &st;
        }
        if (unbounded) {
            auto& f = sink.report(Severity::warning, unbounded->span,
                                  "-s " + unbounded->text + " has no size: " + unbounded->kind + " storage grows without bound, and "
                                  "Varnish fills its storage by design (it evicts only when an allocation fails), so under load it grows "
                                  "past " + limit + " and the kernel OOM-kills the cache process (the manager restarts it with an empty cache)");
            f.related.push_back({c.limit_span, "the container's memory limit"});
            f.fix_hint = "give the storage a size well below the limit (-s malloc,SIZE): each object costs about 1 KB more, "
                         "plus workspaces and thread stacks";
            return;
        }
        if (!biggest || total < *c.limit) return;
        const bool several = c.storages.size() > 1 && total != *biggest->size;
        auto& f = sink.report(Severity::warning, biggest->span,
                              (biggest->text.starts_with("no -s") || biggest->text.starts_with("the image") || biggest->text.starts_with("VARNISH_SIZE")
                                   ? biggest->text : "-s " + biggest->text) +
                                  (several ? " (with the other malloc storages: " + format_bytes(total) + " in all)" : std::string()) +
                                  " is at or above " + limit + ": Varnish fills its storage by design and evicts only when it is full, and "
                                  "needs memory outside it (about 1 KB per object, workspaces, thread stacks), so once the cache is warm "
                                  "the kernel OOM-kills the cache process (the manager restarts it with an empty cache)");
        f.related.push_back({c.limit_span, "the container's memory limit"});
        f.fix_hint = "size malloc storage well below the limit (leave room for about 1 KB per object plus workspaces and "
                     "threads), or raise the limit";
        return;
    }
    if (c.memcached) {
        const memcached::Option* m = c.memcached->last('m');
        if (m && (!m->value || !std::all_of(m->value->begin(), m->value->end(), [](char ch) { return ch >= '0' && ch <= '9'; })))
            return;  // MC001/MC008 speak about a value that is not plain megabytes
        const long long mb = m ? memcached::c_atoi(*m->value) : 64;
        const uint64_t bytes = static_cast<uint64_t>(mb) << 20;
        // -m bounds the item memory only: the hash table, connection buffers and threads come on top, so -m equal
        // to the limit (`-m 1024` under `memory: 1Gi`) is already past it once the cache is full.
        if (bytes < *c.limit) return;
        auto& f = sink.report(Severity::warning, m ? m->value_span : c.program,
                              (m ? "-m " + *m->value : std::string("no -m option (memcached's default of 64 MB)")) +
                                  (bytes == *c.limit ? " is as much as " : " is more than ") + limit +
                                  ": memcached allocates its cache lazily and fills it to -m by design, and needs memory "
                                  "beyond -m (hash table, connection buffers, threads), so once the cache is warm the kernel "
                                  "OOM-kills the container (a restart empties the cache)");
        f.related.push_back({c.limit_span, "the container's memory limit"});
        f.fix_hint = "set -m to about 75-80% of the container limit (connections and threads need memory outside -m), or raise the limit";
        return;
    }
    // A refusal elsewhere may be an unknown value's (a variable); only maxmemory's own matters here.
    if (!c.redis || c.redis->any_rejected({"maxmemory"})) return;
    const redis::Config& r = *c.redis;
    const uint64_t maxmemory = r.memory("maxmemory").value_or(0);
    const std::string policy = r.value("maxmemory-policy");
    if (maxmemory > *c.limit) {
        const redis::Directive* d = r.find("maxmemory");
        const bool fills = policy != "noeviction";  // an evicting policy means the data is meant to reach maxmemory
        auto& f = sink.report(fills ? Severity::warning : Severity::note, d ? d->args_span() : c.program,
                              "maxmemory " + format_bytes(maxmemory) + " is more than " + limit + ": Redis never reaches its own "
                              "limit; " + (fills ? "with '" + policy + "' the data grows to maxmemory by design, so " : "if the data grows that far, ") +
                                  "the kernel OOM-kills the container before Redis evicts or refuses a write, and every unsaved write is lost");
        f.related.push_back({c.limit_span, "the container's memory limit"});
        f.fix_hint = "set maxmemory well below the container limit (about half with snapshots or replication, 75% otherwise)";
        return;
    }
    if (maxmemory == 0 && !c.config_unseen) {
        // A cache (RC101) and an evicting policy with no limit (RC104) are reported by the Redis rules.
        if (r.role == redis::Role::cache || policy != "noeviction") return;
        // Data meant to be kept (a queue, a store, sessions: named so by the repository, never by this setting)
        // grows until the container's hard limit: a known outage. Otherwise the size of the data decides.
        const bool kept = r.role == redis::Role::queue || r.role == redis::Role::store || r.role == redis::Role::session;
        const std::string role = "role " + std::string(redis::to_string(r.role)) + " (" + r.role_reason + ")";
        const std::string fork = r.save.empty() ? "" : " (and each RDB snapshot forks it: the copy-on-write pages come on top)";
        auto& f = kept ? sink.report(Severity::warning, c.limit_elsewhere ? c.program : c.limit_span,
                                     "the container has " + limit + " but Redis has no maxmemory, and it holds data it must keep (" + role + "): "
                                     "its memory grows with the data" + fork + "; past the limit the kernel OOM-kills "
                                     "it (writes since the last save lost, restarts that reload or lose everything) "
                                     "instead of Redis refusing writes with an error the application sees")
                       : sink.report(Severity::note, c.limit_elsewhere ? c.program : c.limit_span,
                                     "the container has " + limit + " but Redis has no maxmemory: if the data outgrows it, the kernel OOM-kills "
                                     "Redis (unsaved writes lost, a restart reloads everything) instead of Redis refusing "
                                     "writes; whether it does depends on the size of the data, which the file does not show (" +
                                         role + ")");
        f.related.push_back({c.program, "the Redis server, started without maxmemory"});
        f.fix_hint = "set maxmemory below the container limit (about half with snapshots, 75% otherwise) with noeviction for a "
                     "queue or a store";
    }
}
CACHELINT_RULE(Container, ids::CTR001, memory_limit);

}  // namespace
}  // namespace cachelint::embedded
