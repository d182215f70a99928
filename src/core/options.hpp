// What the user told cachelint for this run: facts the configuration files do not contain.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cachelint {

struct LintJob;
struct Diagnostic;

// The filter stage (src/filter/): project configuration, inline suppressions. Called by the runner
// from worker threads, so implementations must be thread-safe.
class FindingFilter {
public:
    virtual ~FindingFilter() = default;
    // After every rule ran on the job, while all of the job's sources (main file and includes) are
    // still loaded: may drop, re-level, mark suppressed, or add diagnostics.
    virtual void after_job(const LintJob& job, std::vector<Diagnostic>& diagnostics) = 0;
    // Once, after every job, on the sorted and de-duplicated diagnostics (before fingerprints).
    virtual void after_all(std::vector<Diagnostic>& diagnostics) = 0;
};

struct LintOptions {
    std::optional<std::string> forced_dialect;  // --dialect
    std::string redis_version;                  // --redis-version: "" = newest supported
    std::string haproxy_version;                // --haproxy-version: "" = newest supported
    std::string varnish_version;                // --varnish-version: "" = newest supported
    std::string role;                           // --role cache|store|queue|session|unknown; "" = infer
    std::optional<uint64_t> memory_bytes;       // --memory: RAM or container limit of the host
    std::string nginx_prefix;                   // --nginx-prefix: where nginx would read its config
    std::string memcached_args;                 // --memcached-args: a memcached command line
    bool strict = false;                        // --strict: unknown directives are fatal
    uint64_t max_file_size = 64ull << 20;       // --max-file-size
    unsigned jobs = 0;                          // --jobs: 0 = one per core
    bool line_hashes = false;                   // a SARIF report is wanted: compute primaryLocationLineHash
    // Free-form per-dialect settings from the project config (key like "redis.role").
    std::map<std::string, std::string> settings;
    // [paths] of the project configuration: where a deploy path (an include of /etc/nginx/...) lives in
    // the repository, as absolute folders; the longest matching prefix wins (core/include_resolver.hpp).
    std::vector<std::pair<std::string, std::string>> include_paths;
    std::string repository_root;  // the folder of that configuration; "" = the folder holding .git
    FindingFilter* filter = nullptr;  // not owned; null = report every finding as the rules made it
};

}  // namespace cachelint
