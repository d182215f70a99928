// RC2xx persistence versus cache (redis-memcached.md §4.3). Absent `save` means the compiled-in
// snapshots 3600 1 / 300 100 / 60 10000 are on; stores and queues want persistence, caches do not.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::redis::rules {
namespace {

// The last save line; without one, the line that made the role (the memory limit), else the file.
Span save_location(const Config& c) {
    for (auto it = c.save_lines.rbegin(); it != c.save_lines.rend(); ++it)
        if ((*it)->accepted) return (*it)->args_span();
    return at_first(c, {"maxmemory-policy", "maxmemory"});
}

std::string save_phrase(const Config& c) {
    if (!c.save_explicit) return "there is no 'save' line, so the default snapshots 'save " + c.config_get("save") + "' apply";
    return "snapshots are on ('save " + c.config_get("save") + "')";
}

// RC201 rdb-snapshots-on-cache -----------------------------------------------------------------------
void rdb_on_cache(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"save", "maxmemory", "maxmemory-policy"})) return;  // refused line: the effective value is unknown
    if (c.role != Role::cache || c.save.empty()) return;
    // Costs (forks, disk writes, stale data after a restart), not an outage: RC203 reports the outage.
    sink.report(Severity::note, save_location(c),
                save_phrase(c) + " with " + role_phrase(c) + ": every save point forks the server (latency, "
                "copy-on-write memory), writes dump.rdb, and a restart reloads stale entries")
        .fix_hint = "save \"\" (and appendonly no) for a pure cache";
}

// RC202 aof-on-cache ------------------------------------------------------------------------------------
void aof_on_cache(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"appendonly", "maxmemory", "maxmemory-policy"})) return;  // refused line: the effective value is unknown
    if (!c.boolean("appendonly").value_or(false)) return;
    if (c.role == Role::cache)  // extra I/O and forks, not an outage
        sink.report(Severity::note, at(c, "appendonly"),
                    shown(c, "appendonly") + " with " + role_phrase(c) + ": the append-only file doubles write I/O and "
                    "its rewrites fork, for data a cache can afford to lose")
            .fix_hint = "appendonly no for a pure cache";
    if (c.value("appendfsync") == "always")
        sink.report(Severity::note, at(c, "appendfsync"),
                    shown(c, "appendfsync") + ": every write waits for an fsync, so command latency follows the disk")
            .fix_hint = "appendfsync everysec loses at most one second of writes";
}

// RC203 stop-writes-on-bgsave-error ------------------------------------------------------------------
void stop_writes_on_bgsave_error(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"save", "stop-writes-on-bgsave-error"})) return;  // refused line: the effective value is unknown
    if (c.save.empty() || !c.boolean("stop-writes-on-bgsave-error").value_or(true)) return;
    // For stores and queues, refusing writes when snapshots fail is the documented safe choice; with
    // an unknown role the advice would be a guess.
    if (c.role != Role::cache) return;
    const std::string setting = c.is_set("stop-writes-on-bgsave-error")
                                    ? shown(c, "stop-writes-on-bgsave-error")
                                    : "'stop-writes-on-bgsave-error' defaults to yes";
    const std::string story = "when a background save fails (disk full, 'dir' not writable, fork out of memory) every "
                              "write is refused with \"MISCONF ... unable to persist to disk\"";
    sink.report(Severity::warning,
                c.is_set("stop-writes-on-bgsave-error") ? at(c, "stop-writes-on-bgsave-error") : save_location(c),
                save_phrase(c) + " and " + setting + ": " + story + ", which turns a disk problem into a cache "
                "outage (" + role_phrase(c) + ")")
        .fix_hint = "save \"\" for a pure cache, or stop-writes-on-bgsave-error no";
}

CACHELINT_RULE(Config, ids::RC201, rdb_on_cache);
CACHELINT_RULE(Config, ids::RC202, aof_on_cache);
CACHELINT_RULE(Config, ids::RC203, stop_writes_on_bgsave_error);

}  // namespace
}  // namespace cachelint::redis::rules
