// What the instance is for decides which advice is right: a cache must evict, a queue must never.
// The role comes from --role, the project config, a `# cachelint: role=...` line, or inference.
#pragma once
#include "core/options.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::redis {
void assign_role(Config& config, const LintOptions& options);
// The role a file's name or folder suggests (redis-cache.conf, sessions/redis.conf, sidekiq.conf).
std::optional<Role> role_from_path(std::string_view path);
// The role a service, container or workload name says when it names kept data (redis-queue, sessions, redis-cart);
// nullopt for cache names (a service called "cache" is often a broker too) and for names that mix roles.
std::optional<Role> role_from_name(std::string_view name);
// The single role a name says, cache included (redis-cache, REDIS_CACHE, CACHE_URL); nullopt for none or several.
// For names that other evidence corroborates: alone, a cache name does not rule out a broker on the same instance.
std::optional<Role> role_named(std::string_view name);
}
