// CTR002: a server setting put in an environment variable that only other images read. Bitnami's images turn
// REDIS_PASSWORD, REDIS_EXTRA_FLAGS, MEMCACHED_CACHE_SIZE... into the server's command line; the official redis and
// memcached images' entrypoints read none of them (the official valkey image reads VALKEY_EXTRA_FLAGS only), so the
// setting is silently not applied.
#include "core/dialect.hpp"
#include "parse/embedded/container.hpp"

namespace cachelint::embedded {
namespace {

void ignored_environment(const Container& c, RuleSink& sink) {
    const std::string server = c.redis ? "Redis" : "memcached";
    for (const auto& [name, span] : c.ignored_env) {
        // Advice: whether the application reads the variable for itself (a client's password, say) is not in the file.
        sink.report(Severity::note, span,
                    name + " configures nothing in the image '" + c.image + "': its entrypoint starts " + server +
                        " with the command's arguments and reads no such variable (Bitnami's images do), so the "
                        "setting is not applied unless the command uses it")
            .fix_hint = c.redis ? "give the setting as an argument (command: redis-server --maxmemory 256mb ...) or in a redis.conf"
                                : "give the setting as an argument (command: memcached -m 256 ...)";
    }
}
CACHELINT_RULE(Container, ids::CTR002, ignored_environment);

}  // namespace
}  // namespace cachelint::embedded
