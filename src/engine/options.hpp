// What the user told cachelint for this run: facts the configuration files do not contain.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace cachelint {

struct LintOptions {
    std::optional<std::string> forced_dialect;  // --dialect
    std::string redis_version;                  // --redis-version: "" = newest supported
    std::string role;                           // --role cache|store|queue|session|unknown; "" = infer
    std::optional<uint64_t> memory_bytes;       // --memory: RAM or container limit of the host
    std::string nginx_prefix;                   // --nginx-prefix: where nginx would read its config
    std::string memcached_args;                 // --memcached-args: a memcached command line
    bool strict = false;                        // --strict: unknown directives are fatal
    uint64_t max_file_size = 64ull << 20;       // --max-file-size
    unsigned jobs = 0;                          // --jobs: 0 = one per core
    // Free-form per-dialect settings from the project config (key like "redis.role").
    std::map<std::string, std::string> settings;
};

}  // namespace cachelint
