// Shared helpers for the workflow tests: a temporary project directory with real files.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/run.hpp"

namespace cachelint::test {

struct Project {
    std::string path = make_temp_dir("wf");
    Project() { std::filesystem::create_directories(path + "/.git"); }  // a repository root
    ~Project() { std::system(("rm -rf " + shell_quote(path)).c_str()); }
    std::string file(const std::string& name, const std::string& content) const {
        std::filesystem::create_directories(std::filesystem::path(path + "/" + name).parent_path());
        write_file(path + "/" + name, content);
        return path + "/" + name;
    }
    RunResult run(const std::string& args, const std::string& input = "") const { return run_cachelint(args, path, input); }
    std::string read(const std::string& name) const { return read_file(path + "/" + name); }
};

// A cached HAProxy whose only finding is HAP001 on `max-age 10m` (read as 10 seconds), with an unsafe fix.
inline const std::string kHaproxyMaxAge10m =
    "defaults\n  mode http\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\n"
    "frontend www\n  bind 127.0.0.1:8080\n  default_backend app\n"
    "backend app\n  http-request cache-use web\n  http-response cache-store web if !{ res.hdr(set-cookie) -m found }\n"
    "  server app1 127.0.0.1:9000\n"
    "cache web\n  total-max-size 256\n  max-object-size 1048576\n  max-age 10m\n";

// A well-configured cache instance: no findings on the newest Redis.
// Quiet under every Redis rule: a sized cache, evicting, no persistence, frees evicted keys lazily.
inline const std::string kCleanRedis = "maxmemory 2gb\nmaxmemory-policy allkeys-lru\nsave \"\"\nlazyfree-lazy-eviction yes\n";
// One note (RC005: ignored by 7.4) and one error (RC002: trailing comment).
inline const std::string kWarnLine = "list-max-ziplist-entries 512\n";
inline const std::string kErrorLine = "maxmemory 100mb # cache size\n";

inline size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

}  // namespace cachelint::test
