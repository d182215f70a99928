// RC1xx memory and eviction (redis-memcached.md §4.2). Advice depends on the role: a cache must
// evict, a queue or a store must never; every message says which role was assumed and why.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::redis::rules {
namespace {

std::string policy_of(const Config& c) { return c.value("maxmemory-policy"); }
bool evicts(const std::string& policy) { return policy != "noeviction"; }
bool volatile_policy(const std::string& p) { return p.rfind("volatile-", 0) == 0; }

// RC101 maxmemory-unset ----------------------------------------------------------------------------
void maxmemory_unset(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"maxmemory"})) return;  // refused line: the effective value is unknown
    if (c.memory("maxmemory").value_or(0) != 0) return;
    // Stores and queues are sized on purpose, and with an unknown role the advice would be a guess.
    if (c.role != Role::cache) return;
    // An eviction policy without a limit is RC104's finding (one root cause, one finding).
    if (c.is_set("maxmemory-policy") && evicts(policy_of(c))) return;
    const Directive* d = c.find("maxmemory");
    std::string what = d ? shown(c, "maxmemory") + " means no memory limit" : "no 'maxmemory' line: there is no memory limit";
    if (d && !d->args.empty() && !memory_has_digits(d->args[0].value) && d->args[0].value != "0")
        what = shown(c, "maxmemory") + " has no digits, so Redis reads it as 0: no memory limit";
    sink.report(Severity::error, at(c, "maxmemory"),
                what + "; with " + role_phrase(c) + " nothing is ever evicted, the dataset and its buffers grow "
                "until the kernel or the container limit kills Redis, which restarts cold")
        .fix_hint = "set 'maxmemory' to what the host can spare (e.g. 'maxmemory 2gb') with an allkeys-* policy";
}

// RC102 noeviction-on-cache ------------------------------------------------------------------------
void noeviction_on_cache(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"maxmemory", "maxmemory-policy"})) return;  // refused line: the effective value is unknown
    const uint64_t limit = c.memory("maxmemory").value_or(0);
    if (limit == 0 || policy_of(c) != "noeviction") return;
    if (c.role == Role::store || c.role == Role::queue) return;  // what they must use
    const std::string policy = c.is_set("maxmemory-policy") ? shown(c, "maxmemory-policy")
                                                             : "the default policy noeviction (no 'maxmemory-policy' line)";
    const std::string story = "at " + format_bytes(limit) + " every write that needs memory fails with "
                              "\"OOM command not allowed when used memory > 'maxmemory'\"";
    if (c.role == Role::cache) {
        sink.report(Severity::error, at_first(c, {"maxmemory-policy", "maxmemory"}),
                    policy + " with " + role_phrase(c) + ": " + story + " instead of evicting old entries")
            .fix_hint = "maxmemory-policy allkeys-lru (or allkeys-lfu); keep queues and stores on a separate "
                        "instance with noeviction";
        return;
    }
    sink.report(Severity::note, at_first(c, {"maxmemory-policy", "maxmemory"}),
                policy + " with a memory limit: " + story + "; right for a queue or store, an outage for a cache (" +
                    role_phrase(c) + ")")
        .fix_hint = "declare the role; a cache should use maxmemory-policy allkeys-lru or allkeys-lfu";
}

// RC103 volatile-policy-ttl-dependency -------------------------------------------------------------
void volatile_policy_ttl(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"maxmemory", "maxmemory-policy"})) return;  // refused line: the effective value is unknown
    const std::string p = policy_of(c);
    if (c.memory("maxmemory").value_or(0) == 0 || !volatile_policy(p)) return;
    if (c.role == Role::session) return;  // sessions always carry a TTL: volatile-* is exactly right
    if (c.role == Role::queue) {
        sink.report(Severity::warning, at(c, "maxmemory-policy"),
                    shown(c, "maxmemory-policy") + " with " + role_phrase(c) + ": at the limit Redis evicts keys "
                    "that have a TTL, which includes job and lock keys; queued work silently disappears")
            .fix_hint = "maxmemory-policy noeviction for a queue (and alert on memory)";
        return;
    }
    if (c.role == Role::store) {
        sink.report(Severity::note, at(c, "maxmemory-policy"),
                    shown(c, "maxmemory-policy") + " with " + role_phrase(c) + ": only keys with a TTL are evicted; "
                    "once they are gone every write fails with OOM errors")
            .fix_hint = "keep cache keys in a separate instance, or size maxmemory for the persistent keys";
        return;
    }
    // Cache or unknown: whether the application writes keys without a TTL is not in the file.
    sink.report(c.role == Role::cache ? Severity::warning : Severity::note, at(c, "maxmemory-policy"),
                shown(c, "maxmemory-policy") + " evicts only keys that have a TTL; if the application writes keys "
                "without one, they are never evicted, and once they fill " + format_bytes(c.memory("maxmemory").value_or(0)) +
                " every write fails with OOM errors, as with noeviction (" + role_phrase(c) + ")")
        .fix_hint = "use allkeys-lru/allkeys-lfu for a cache, unless every key is written with an expiry";
}

// RC108 evicting-policy-on-kept-data ----------------------------------------------------------------
// allkeys-* with a memory limit on an instance whose data must survive: at the limit Redis deletes any key, jobs and
// locks included. The role comes from context (names, comments, the services that use it), never from the policy.
// volatile-* on a queue is RC103's finding; sessions carry TTLs and an evicted session is a logout, not data loss.
void evicting_policy_on_kept_data(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"maxmemory", "maxmemory-policy"})) return;  // refused line: the effective value is unknown
    const std::string p = policy_of(c);
    const uint64_t limit = c.memory("maxmemory").value_or(0);
    if (limit == 0 || p.rfind("allkeys-", 0) != 0) return;
    const bool mixed = c.role == Role::unknown && c.role_reason.rfind("mixed", 0) == 0;
    if (c.role != Role::queue && c.role != Role::store && !mixed) return;
    const std::string what = c.role == Role::queue ? "queued jobs, task results and locks"
                             : c.role == Role::store ? "records the application never writes again"
                                                     : "the workers' queued jobs, results and locks along with the cache entries";
    sink.report(mixed ? Severity::note : Severity::warning, at(c, "maxmemory-policy"),
                shown(c, "maxmemory-policy") + " with " + role_phrase(c) + ": once the data reaches " + format_bytes(limit) +
                    " Redis deletes keys to make room, whatever they hold, so " + what +
                    " silently disappear instead of writes failing with an error the application sees")
        .fix_hint = mixed ? "give the queues (or the cache) an instance of their own; keep the queues' with noeviction"
                          : "maxmemory-policy noeviction, sized with headroom and an alert on used_memory";
}

// RC104 policy-without-limit -----------------------------------------------------------------------
void policy_without_limit(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"maxmemory", "maxmemory-policy"})) return;  // refused line: the effective value is unknown
    if (c.memory("maxmemory").value_or(0) != 0) return;
    const std::string limit = c.is_set("maxmemory") ? shown(c, "maxmemory") : "there is no 'maxmemory' line";
    if (evicts(policy_of(c))) {
        sink.report(Severity::warning, at(c, "maxmemory-policy"),
                    shown(c, "maxmemory-policy") + " never acts: " + limit + ", so nothing is evicted and memory "
                    "grows without bound")
            .fix_hint = "set 'maxmemory <size>' so the policy can act";
        return;
    }
    if (c.live) return;  // a live dump lists every setting, so "set" means nothing there
    for (const char* name : {"maxmemory-samples", "maxmemory-eviction-tenacity"})
        if (c.is_set(name))
            sink.report(Severity::note, at(c, name),
                        shown(c, name) + " has no effect: " + limit + " and the policy is noeviction")
                .fix_hint = "set 'maxmemory' and an eviction policy, or delete the line";
    const std::string clients = c.value("maxmemory-clients");
    if (c.is_set("maxmemory-clients") && !clients.empty() && clients.back() == '%' && clients != "0%")
        sink.report(Severity::warning, at(c, "maxmemory-clients"),
                    shown(c, "maxmemory-clients") + " is a percentage of maxmemory, and " + limit +
                        ": client eviction is off")
            .fix_hint = "give maxmemory-clients an absolute size, or set maxmemory";
}

// RC105 maxmemory-headroom (needs --memory) -------------------------------------------------------
void maxmemory_headroom(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"maxmemory"})) return;  // refused line: the effective value is unknown
    if (!c.memory_bytes || *c.memory_bytes == 0) return;
    const uint64_t m = *c.memory_bytes, limit = c.memory("maxmemory").value_or(0);
    if (limit == 0) return;  // RC101 speaks about the missing limit
    const double ratio = static_cast<double>(limit) / static_cast<double>(m);
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f%%", ratio * 100);
    const std::string head = shown(c, "maxmemory") + " is " + pct + " of the " + format_bytes(m) + " given with --memory";
    if (ratio > 0.9) {
        sink.report(Severity::error, at(c, "maxmemory"),
                    head + "; allocator fragmentation, client and replica buffers and fork copy-on-write come on top "
                    "of maxmemory, so the kernel or the container limit kills Redis before it starts evicting")
            .fix_hint = "keep maxmemory at or below half the memory when snapshots or replication fork, ~75% otherwise";
        return;
    }
    if (ratio > 0.5 && (persistence_on(c) || replication_on(c))) {
        const std::string why = !c.save.empty() ? (c.save_explicit ? "RDB snapshots ('save')" : "the default RDB snapshots (no 'save' line)")
                                : c.boolean("appendonly").value_or(false) ? "AOF rewrites" : "replication full syncs";
        sink.report(Severity::warning, at(c, "maxmemory"),
                    head + "; " + why + " fork the server, and under writes the child's copy-on-write pages can "
                    "approach the parent's size: OOM kill or a failed fork (then MISCONF)")
            .fix_hint = "lower maxmemory to about half of the memory, or turn off persistence on a pure cache";
        return;
    }
    uint64_t total = limit + c.memory("repl-backlog-size").value_or(0);
    if (replication_on(c)) {
        const long long n = std::max<long long>(1, c.integer("min-replicas-to-write").value_or(0));
        total += c.buffer_limits[1].hard * static_cast<uint64_t>(n);
    }
    const std::string clients = c.value("maxmemory-clients");
    if (!clients.empty() && clients.back() == '%') {
        if (auto p = parse_integer(std::string_view(clients).substr(0, clients.size() - 1)); p && *p > 0)
            total += limit / 100 * static_cast<uint64_t>(*p);
    } else {
        total += c.memory("maxmemory-clients").value_or(0);
    }
    if (static_cast<double>(total) > 0.9 * static_cast<double>(m))
        sink.report(Severity::note, at(c, "maxmemory"),
                    "maxmemory plus replication backlog, replica output buffers and client memory add up to " +
                        format_bytes(total) + ", more than 90% of the " + format_bytes(m) + " given with --memory")
            .fix_hint = "leave room outside maxmemory for buffers and fragmentation";
}

// RC106 synchronous-eviction-and-expiry -------------------------------------------------------------
void synchronous_eviction(const Config& c, RuleSink& sink) {
    if (c.memory("maxmemory").value_or(0) == 0 || !evicts(policy_of(c))) return;
    if (c.boolean("lazyfree-lazy-eviction").value_or(false)) return;
    const bool expire_too = !c.boolean("lazyfree-lazy-expire").value_or(false);
    const Severity sev = c.role == Role::cache && role_declared(c) ? Severity::warning : Severity::note;
    sink.report(sev, at_first(c, {"lazyfree-lazy-eviction", "maxmemory-policy", "maxmemory"}),
                shown(c, "lazyfree-lazy-eviction") + (expire_too ? " and " + shown(c, "lazyfree-lazy-expire") : "") +
                    ": evicted" + (expire_too ? " and expired" : "") + " keys are freed on the main thread, so "
                    "evicting a large hash, set or list blocks every client (up to seconds) exactly when memory is "
                    "tight (" + role_phrase(c) + ")")
        .fix_hint = std::string("lazyfree-lazy-eviction yes") + (expire_too ? " and lazyfree-lazy-expire yes" : "") +
                    " (the Valkey 8 defaults)";
}

// RC107 was split (rules/redirects.toml): one rule per setting, each a note (tuning).
// RC109 maxmemory-samples-range ----------------------------------------------------------------------
bool evicting_with_limit(const Config& c) { return c.memory("maxmemory").value_or(0) != 0 && evicts(policy_of(c)); }

void samples_range(const Config& c, RuleSink& sink) {
    if (!evicting_with_limit(c)) return;
    auto s = c.integer("maxmemory-samples");
    if (!s || !c.is_set("maxmemory-samples")) return;
    if (*s < 3)
        sink.report(Severity::note, at(c, "maxmemory-samples"),
                    shown(c, "maxmemory-samples") + ": so few samples approximate LRU/LFU poorly, and hot keys get evicted")
            .fix_hint = "maxmemory-samples 5 (the default) to 10";
    else if (*s > 10)
        sink.report(Severity::note, at(c, "maxmemory-samples"),
                    shown(c, "maxmemory-samples") + ": every eviction samples that many keys; above 10 the CPU "
                    "cost grows with no real gain in accuracy")
            .fix_hint = "maxmemory-samples 10 at most";
}

// RC110 eviction-tenacity-extreme --------------------------------------------------------------------
void tenacity_extreme(const Config& c, RuleSink& sink) {
    if (!evicting_with_limit(c)) return;
    auto t = c.integer("maxmemory-eviction-tenacity");
    if (!t || !c.is_set("maxmemory-eviction-tenacity")) return;
    // How much either costs depends on the write rate, which the file does not show: a note.
    if (*t == 0)
        sink.report(Severity::note, at(c, "maxmemory-eviction-tenacity"),
                    shown(c, "maxmemory-eviction-tenacity") + ": eviction does the minimum per command and can "
                    "fall behind write bursts, so memory overshoots maxmemory (how far depends on the write rate)")
            .fix_hint = "maxmemory-eviction-tenacity 10 (the default)";
    else if (*t > 50)
        sink.report(Severity::note, at(c, "maxmemory-eviction-tenacity"),
                    shown(c, "maxmemory-eviction-tenacity") + ": eviction may run long inside a command, adding latency")
            .fix_hint = "keep maxmemory-eviction-tenacity between 10 and 50";
}

// RC111 lfu-counter-disabled -------------------------------------------------------------------------
void lfu_counters(const Config& c, RuleSink& sink) {
    const std::string p = policy_of(c);
    if (!evicting_with_limit(c) || !p.ends_with("-lfu")) return;
    for (const char* name : {"lfu-log-factor", "lfu-decay-time"})
        if (c.is_set(name) && c.integer(name).value_or(1) == 0)
            sink.report(Severity::note, at(c, name),
                        shown(c, name) + " with '" + p + "': " +
                            (std::string_view(name) == "lfu-log-factor"
                                 ? "access counters saturate after a few hundred hits, so LFU cannot tell hot keys apart"
                                 : "access counters never decay, so keys that were hot once are never evicted"))
                .fix_hint = std::string(name) + (std::string_view(name) == "lfu-log-factor" ? " 10" : " 1") + " (the default)";
}

// RC112 hz-range -------------------------------------------------------------------------------------
void hz_range(const Config& c, RuleSink& sink) {
    auto hz = c.integer("hz");
    if (!hz || !c.is_set("hz")) return;
    if (*hz > 100)
        sink.report(Severity::note, at(c, "hz"),
                    shown(c, "hz") + ": background tasks run " + std::to_string(std::min<long long>(*hz, 500)) +
                        " times a second" + (*hz > 500 ? " (clamped to 500)" : "") + "; above 100 this costs CPU even when idle")
            .fix_hint = "hz 10 with dynamic-hz yes";
    else if (*hz < 10 && !c.boolean("dynamic-hz").value_or(true))
        sink.report(Severity::note, at(c, "hz"),
                    shown(c, "hz") + " with dynamic-hz no: expired keys and timed-out clients are reclaimed more "
                    "slowly, so memory holds dead keys longer")
            .fix_hint = "hz 10 or dynamic-hz yes";
}

// RC113 active-expire-effort-high --------------------------------------------------------------------
void expire_effort(const Config& c, RuleSink& sink) {
    if (c.is_set("active-expire-effort") && c.integer("active-expire-effort").value_or(1) > 5)
        sink.report(Severity::note, at(c, "active-expire-effort"),
                    shown(c, "active-expire-effort") + ": the expire cycle spends more CPU and latency per run")
            .fix_hint = "keep active-expire-effort at 1-5 unless expired keys measurably pile up";
}

CACHELINT_RULE(Config, ids::RC101, maxmemory_unset);
CACHELINT_RULE(Config, ids::RC102, noeviction_on_cache);
CACHELINT_RULE(Config, ids::RC103, volatile_policy_ttl);
CACHELINT_RULE(Config, ids::RC104, policy_without_limit);
CACHELINT_RULE(Config, ids::RC105, maxmemory_headroom);
CACHELINT_RULE(Config, ids::RC106, synchronous_eviction);
CACHELINT_RULE(Config, ids::RC108, evicting_policy_on_kept_data);
CACHELINT_RULE(Config, ids::RC109, samples_range);
CACHELINT_RULE(Config, ids::RC110, tenacity_extreme);
CACHELINT_RULE(Config, ids::RC111, lfu_counters);
CACHELINT_RULE(Config, ids::RC112, hz_range);
CACHELINT_RULE(Config, ids::RC113, expire_effort);

}  // namespace
}  // namespace cachelint::redis::rules
