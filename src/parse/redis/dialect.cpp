// redis.conf as a cachelint dialect: recognise the file, build the model, run the Redis rules.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/redis/config.hpp"
#include "parse/redis/live.hpp"
#include "parse/redis/loader.hpp"
#include "parse/redis/role.hpp"

namespace cachelint::redis {
namespace {

int name_score(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "redis.conf" || n == "valkey.conf" || n == "keydb.conf") return 100;
    if (n.ends_with(".conf") && (n.find("redis") != std::string::npos || n.find("valkey") != std::string::npos ||
                                 n.find("keydb") != std::string::npos))
        return 90;
    if (n.find("redis") != std::string::npos) return 40;
    return 0;
}

// Directives that only redis.conf has; a few of them at line starts make a file Redis.
int content_score(std::string_view head) {
    if (detect_live(head) != LiveFormat::none) return 95;  // `redis-cli CONFIG GET '*'` output
    static const std::string_view markers[] = {"maxmemory ", "maxmemory-policy ", "appendonly ", "appendfsync ",
                                               "requirepass ", "protected-mode ", "save ", "databases ",
                                               "dbfilename ", "tcp-keepalive ", "rdbcompression ", "replicaof ",
                                               "slaveof ", "notify-keyspace-events ", "lazyfree-lazy-eviction "};
    int hits = 0;
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        if (line.find('{') != std::string_view::npos || line.find(';') != std::string_view::npos) return 0;  // braces: nginx/VCL
        for (auto m : markers)
            if (line.rfind(m, 0) == 0) ++hits;
    }
    return hits >= 3 ? 90 : hits * 25;
}

void lint(LintJob& job) {
    Config config;
    config.main = job.main;
    config.memory_bytes = job.options->memory_bytes;
    if (const LiveFormat live = detect_live(job.main->text()); live != LiveFormat::none) {
        load_live(config, *job.main, job, live);
    } else {
        choose_target(config, *job.main, *job.options);
        load_config(config, *job.main, job);
    }
    assign_role(config, *job.options);
    RuleSet<Config>::run(config, job.sink);
}

const DialectInfo kRedis{"redis", "redis.conf for Redis 6.2-7.4, Valkey 8 and KeyDB 6.3, or redis-cli CONFIG GET '*' output", name_score, content_score, lint};
const RegisterDialect kRegister(kRedis);

}  // namespace
}  // namespace cachelint::redis
