// CTR003: the official redis and valkey images build the server with protected mode off (their Dockerfiles patch the
// default in config.c), so a container published on every host interface with no password answers anyone who reaches
// the host. The file shows the mapping, the image and the missing password; RC401 cannot, since redis.conf's own
// default (protected mode on) is not what the image runs.
#include "core/dialect.hpp"
#include "parse/embedded/container.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::embedded {
namespace {

bool official_redis_image(const std::string& flavor) {
    return flavor == "redis" || flavor == "valkey/valkey" || flavor == "valkey";
}

void published_without_password(const Container& c, RuleSink& sink) {
    if (!c.redis || !c.published_all.valid() || c.config_unseen || !official_redis_image(c.image)) return;
    const redis::Config& r = *c.redis;
    namespace rr = redis::rules;
    if (r.any_rejected({"bind", "port", "protected-mode", "requirepass", "user", "aclfile"})) return;
    // Set on the command line either way: RC401 speaks about 'no', and 'yes' protects the server.
    if (r.is_set("protected-mode") || r.is_set("aclfile")) return;
    // A bind that disables protected mode on 6.2 is RC401's; a loopback bind is not reachable through the mapping.
    if (!rr::exposed(r) || !rr::protected_mode_effective(r) || rr::default_user_auth(r) != rr::Auth::open) return;
    const std::string server = c.image.find("valkey") != std::string::npos ? "Valkey" : "Redis";
    sink.report(Severity::warning, c.published_all,
                c.published_text + " publishes " + server + " on every interface of the host, and the official '" + c.image +
                    "' image builds it with protected mode off, while the command sets no password (no --requirepass, no ACL "
                    "user) and loads no configuration file: anyone who reaches the host's port can read, flush or reconfigure "
                    "the data (CONFIG SET, REPLICAOF, MODULE LOAD); whether untrusted hosts reach it is not in the file")
        .fix_hint = c.published_text == "'network_mode: host'"
                        ? "run it on the compose network (other services reach it by its service name), or set --requirepass"
                        : "publish on loopback only ('127.0.0.1:HOST:CONTAINER'), drop the mapping (other services reach it by its "
                          "service name), or set --requirepass";
}
CACHELINT_RULE(Container, ids::CTR003, published_without_password);

}  // namespace
}  // namespace cachelint::embedded
