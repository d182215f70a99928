// RC3xx clients and buffers (redis-memcached.md §4.4).
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::redis::rules {
namespace {

// The client-output-buffer-limit value that set a class (its class word and three numbers).
Span class_span(const BufferLimit& b, std::string_view cls) {
    const Directive* d = b.set_by;
    for (size_t i = 0; i + 3 < d->args.size(); ++i)
        if (iequals(d->args[i].value, cls) || (cls == "replica" && iequals(d->args[i].value, "slave"))) {
            Span s = d->args[i].span;
            s.end = d->args[i + 3].span.end;
            return s;
        }
    return d->args_span();
}

std::string limits(const BufferLimit& b) {
    return std::to_string(b.hard) + " " + std::to_string(b.soft) + " " + std::to_string(b.soft_seconds);
}

// RC301 output-buffer-unbounded ---------------------------------------------------------------------
void output_buffer_unbounded(const Config& c, RuleSink& sink) {
    static const char* names[] = {"normal", "replica", "pubsub"};
    for (int cls : {1, 2}) {
        const BufferLimit& b = c.buffer_limits[cls];
        if (!b.set_by || b.hard != 0 || b.soft != 0) continue;
        const std::string who = cls == 1 ? "a slow or stuck replica" : "a slow subscriber";
        // A warning only when the file shows the class in use (replication); whether anything subscribes,
        // or replicas will attach, is not in the file.
        const bool in_use = cls == 1 && replication_on(c);
        const std::string unless = in_use ? "" : cls == 1 ? " (this matters once a replica attaches; the file sets up no replication)"
                                                           : " (this matters if clients use pub/sub)";
        sink.report(in_use ? Severity::warning : Severity::note, class_span(b, names[cls]),
                    "'client-output-buffer-limit " + std::string(names[cls]) + " 0 0 0' removes the limit: " + who +
                        " makes the server buffer without bound, outside maxmemory accounting, until it is OOM-killed" + unless)
            .fix_hint = cls == 1 ? "client-output-buffer-limit replica 256mb 64mb 60 (size it to write rate x full-sync time)"
                                 : "client-output-buffer-limit pubsub 32mb 8mb 60";
    }
}

// RC302 replica-output-buffer-undersized ----------------------------------------------------------
void replica_buffer_undersized(const Config& c, RuleSink& sink) {
    const BufferLimit& b = c.buffer_limits[1];
    if (!b.set_by || b.hard == 0) return;
    if (!replication_on(c) && c.live) return;  // a live server without replicas: nothing to drop
    std::string why;
    if (b.hard < (256ull << 20))
        why = "the hard limit " + format_bytes(b.hard) + " is below the 256 MiB default";
    else if (b.soft > b.hard)
        why = "the soft limit is above the hard limit";
    else if (b.soft > 0 && b.soft_seconds == 0)
        why = "a soft limit with 0 seconds acts as a second hard limit";
    else if (c.target.legacy_parser()) {
        const uint64_t backlog = c.memory("repl-backlog-size").value_or(1 << 20);
        if (b.hard < backlog) why = "the hard limit is below repl-backlog-size (" + format_bytes(backlog) + ")";
    }
    if (why.empty()) return;
    const Span where = class_span(b, "replica");
    sink.report(Severity::warning, where,
                "replica output buffer '" + (c.live ? "replica " + limits(b) : printable(where.text(), 60)) + "': " + why + "; during a full sync the master buffers "
                "every write for the replica, drops it when the limit is crossed, and the replica starts another full "
                "sync: an endless resync loop with a fork each time")
        .fix_hint = "client-output-buffer-limit replica 256mb 64mb 60 or more (write rate x full-sync duration)";
}

// RC303 idle-connection-accumulation -------------------------------------------------------------
void idle_connections(const Config& c, RuleSink& sink) {
    const long long timeout = c.integer("timeout").value_or(0), keepalive = c.integer("tcp-keepalive").value_or(300);
    const long long maxclients = c.integer("maxclients").value_or(10000);
    // Whether clients vanish without closing (NAT, load balancers, killed pods) depends on the network
    // between them and the server, which the file does not show: a note (the pre-3.2.1 stock default).
    if (timeout == 0 && keepalive == 0)
        sink.report(Severity::note, at(c, "tcp-keepalive"),
                    shown(c, "tcp-keepalive") + " with " + shown(c, "timeout") + ": if clients can vanish without "
                    "closing (NAT or load-balancer idle timeouts, killed pods), their connections are never reaped and "
                    "pile up until \"ERR max number of clients reached\" hits everyone")
            .fix_hint = "tcp-keepalive 300 (the default)";
    if (maxclients > 65000)
        sink.report(Severity::note, at(c, "maxclients"),
                    shown(c, "maxclients") + ": each client needs a file descriptor; Redis lowers the limit to the "
                    "process's 'ulimit -n' at startup and only logs a warning")
            .fix_hint = "raise LimitNOFILE / ulimit -n together with maxclients, or lower maxclients";
    else if (timeout == 0 && maxclients > 10000 && keepalive != 0)
        sink.report(Severity::note, at(c, "maxclients"),
                    shown(c, "maxclients") + " with " + shown(c, "timeout") + ": idle connections are never closed, so a "
                    "leaking connection pool fills the larger limit too")
            .fix_hint = "set 'timeout' (seconds) for idle clients if the applications reconnect on their own";
}

CACHELINT_RULE(Config, ids::RC301, output_buffer_unbounded);
CACHELINT_RULE(Config, ids::RC302, replica_buffer_undersized);
CACHELINT_RULE(Config, ids::RC303, idle_connections);

}  // namespace
}  // namespace cachelint::redis::rules
