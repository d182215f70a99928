// RC5xx replication (redis-memcached.md §4.6).
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::redis::rules {
namespace {

std::string replication_phrase(const Config& c) {
    if (is_replica(c)) return "this server is a replica (" + shown(c, "replicaof") + ")";
    if (c.integer("min-replicas-to-write").value_or(0) > 0) return "the master expects replicas (" + shown(c, "min-replicas-to-write") + ")";
    return "the project says this is a replicated master";
}

// RC501 repl-backlog-undersized ----------------------------------------------------------------------
void backlog_undersized(const Config& c, RuleSink& sink) {
    if (!replication_on(c)) return;
    const uint64_t backlog = c.memory("repl-backlog-size").value_or(1 << 20);
    if (backlog > (1u << 20)) return;
    sink.report(Severity::warning, at_first(c, {"repl-backlog-size", "replicaof", "min-replicas-to-write"}),
                (c.is_set("repl-backlog-size") ? shown(c, "repl-backlog-size")
                                               : "'repl-backlog-size' defaults to " + format_bytes(backlog)) +
                    " and " + replication_phrase(c) + ": a replica that misses more than that many bytes of writes "
                    "during a brief disconnect needs a full resync (fork, RDB transfer, replica flush) instead of a "
                    "partial one")
        .fix_hint = "repl-backlog-size 64mb or more (write throughput x the disconnect you want to survive)";
}

// RC502 replica-missing-masterauth ------------------------------------------------------------------
void missing_masterauth(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"masterauth", "replicaof"})) return;  // refused line: the effective value is unknown
    if (!is_replica(c) || !c.value("masterauth").empty() || !c.value("primaryauth").empty()) return;
    std::string why;
    if (!c.value("requirepass").empty()) why = "this file sets 'requirepass'";
    else
        for (const User& u : c.users)
            for (const auto& r : u.rules)
                if (!r.empty() && (r[0] == '>' || r[0] == '#') && why.empty())
                    why = "this file gives user '" + u.name + "' a password";
    if (why.empty()) return;
    sink.report(Severity::warning, at(c, "replicaof"),
                replication_phrase(c) + " with no 'masterauth', but " + why + ": if the master uses the same template it "
                "answers NOAUTH, replication never starts, and after a failover the demoted master cannot resync")
        .fix_hint = "masterauth <the master's password> (and masteruser for an ACL user)";
}

// RC503 replica-topology-hazards --------------------------------------------------------------------
void topology_hazards(const Config& c, RuleSink& sink) {
    // On a server that is not a replica the setting does nothing until it becomes one.
    if ((c.is_set("replica-read-only") || (c.live && is_replica(c))) && !c.boolean("replica-read-only").value_or(true))
        sink.report(is_replica(c) ? Severity::warning : Severity::note, at(c, "replica-read-only"),
                    shown(c, "replica-read-only") + ": writes made on a replica are not sent to the master or other "
                    "replicas and vanish at the next resync" +
                        (is_replica(c) ? "" : " (this matters once the server is made a replica; this file sets no 'replicaof')"))
            .fix_hint = "replica-read-only yes";
    const long long timeout = c.integer("repl-timeout").value_or(60), ping = c.integer("repl-ping-replica-period").value_or(10);
    if ((c.is_set("repl-timeout") || c.is_set("repl-ping-replica-period")) && timeout <= ping)
        sink.report(Severity::warning, at(c, c.is_set("repl-timeout") ? "repl-timeout" : "repl-ping-replica-period"),
                    "repl-timeout " + std::to_string(timeout) + " is not greater than repl-ping-replica-period " +
                        std::to_string(ping) + ": whenever traffic is low the link times out and reconnects")
            .fix_hint = "repl-timeout 60 with repl-ping-replica-period 10 (the defaults)";
    if (is_replica(c) && !c.boolean("replica-ignore-maxmemory").value_or(true))
        sink.report(Severity::note, at(c, "replica-ignore-maxmemory"),
                    shown(c, "replica-ignore-maxmemory") + ": the replica evicts on its own, so its data drifts from "
                    "the master's")
            .fix_hint = "replica-ignore-maxmemory yes";
    if (c.integer("min-replicas-to-write").value_or(0) > 0 && !c.live)
        sink.report(Severity::note, at(c, "min-replicas-to-write"),
                    shown(c, "min-replicas-to-write") + ": writes fail with NOREPLICAS whenever fewer replicas are "
                    "connected with lag under " + c.value("min-replicas-max-lag") + "s, e.g. during a replica restart")
            .fix_hint = "make sure the clients handle NOREPLICAS, or keep it at 0";
    if (replication_on(c) && !is_replica(c) && !persistence_on(c))
        sink.report(Severity::note, c.save_lines.empty() ? file_start(c) : c.save_lines.back()->args_span(),
                    replication_phrase(c) + " with snapshots and AOF off: if it restarts automatically it comes back "
                    "empty and its replicas sync the empty dataset, wiping their copies")
            .fix_hint = "turn on persistence on the master, or disable automatic restarts of the master";
}

CACHELINT_RULE(Config, ids::RC501, backlog_undersized);
CACHELINT_RULE(Config, ids::RC502, missing_masterauth);
CACHELINT_RULE(Config, ids::RC503, topology_hazards);

}  // namespace
}  // namespace cachelint::redis::rules
