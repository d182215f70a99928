// What the instance is for decides which advice is right: a cache must evict, a queue must never.
// The role comes from --role, the project config, a `# cachelint: role=...` line, or inference.
#pragma once
#include "core/options.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::redis {
void assign_role(Config& config, const LintOptions& options);
// The role a file's name or folder suggests (redis-cache.conf, sessions/redis.conf, sidekiq.conf).
std::optional<Role> role_from_path(std::string_view path);
}
