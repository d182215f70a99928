#include "parse/redis/role.hpp"

#include "core/text.hpp"

namespace cachelint::redis {
namespace {
std::optional<Role> parse_role(std::string_view s) {
    if (s == "cache") return Role::cache;
    if (s == "store") return Role::store;
    if (s == "queue") return Role::queue;
    if (s == "session") return Role::session;
    if (s == "unknown") return Role::unknown;
    return std::nullopt;
}
}  // namespace

void assign_role(Config& c, const LintOptions& options) {
    if (auto r = parse_role(options.role); r && !options.role.empty()) {
        c.role = *r;
        c.role_reason = "--role " + options.role;
        return;
    }
    if (auto it = options.settings.find("redis.role"); it != options.settings.end())
        if (auto r = parse_role(it->second)) {
            c.role = *r;
            c.role_reason = "role = \"" + it->second + "\" in the project configuration";
            return;
        }
    if (auto it = c.pragmas.find("role"); it != c.pragmas.end())
        if (auto r = parse_role(it->second)) {
            c.role = *r;
            c.role_reason = "'# cachelint: role=" + it->second + "' in the file";
            return;
        }
    const std::string policy = c.value("maxmemory-policy");
    const uint64_t maxmemory = c.memory("maxmemory").value_or(0);
    const bool persistence_off = c.save_explicit && c.save.empty() && !c.boolean("appendonly").value_or(false);
    if (maxmemory > 0 && policy.rfind("allkeys-", 0) == 0) {
        c.role = Role::cache;
        c.role_reason = "inferred from 'maxmemory-policy " + policy + "' with a memory limit";
        return;
    }
    if (maxmemory > 0 && persistence_off) {
        c.role = Role::cache;
        c.role_reason = "inferred from a memory limit with persistence turned off";
        return;
    }
    const std::string path = to_lower(c.main ? c.main->path() : "");
    if (path.find("cache") != std::string::npos) {
        c.role = Role::cache;
        c.role_reason = "inferred from the file path '" + (c.main ? c.main->path() : "") + "'";
        return;
    }
    if (path.find("sidekiq") != std::string::npos || path.find("queue") != std::string::npos ||
        path.find("celery") != std::string::npos || path.find("bull") != std::string::npos) {
        c.role = Role::queue;
        c.role_reason = "inferred from the file path '" + c.main->path() + "'";
        return;
    }
    c.role = Role::unknown;
    c.role_reason = "no role given (pass --role or add '# cachelint: role=cache|store|queue|session')";
}

}  // namespace cachelint::redis
