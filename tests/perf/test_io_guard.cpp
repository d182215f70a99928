// Cheap, non-timing guards for the performance design (docs/performance.md): what a run opens, and that
// parallel runs report exactly what a serial run does. Speed itself is measured by bench/, never here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "support/run.hpp"

using namespace cachelint::test;

namespace {

// Files a traced run opened successfully for reading (not directories), with how often, as named.
// `strace -ff` writes one log per thread (prefix.TID), so no call is split into "<unfinished ...>" and
// "<... resumed>" halves by another thread's line.
std::map<std::string, int> opened_files(const std::string& log_dir) {
    std::map<std::string, int> out;
    static const std::regex open_re(R"re(^open(?:at)?\((?:AT_FDCWD, )?"([^"]*)", ([A-Z_|]+)[^)]*\)\s*=\s*(-?\d+))re");
    for (const auto& entry : std::filesystem::directory_iterator(log_dir)) {
        std::istringstream in(read_file(entry.path().string()));
        for (std::string line; std::getline(in, line);) {
            std::smatch m;
            if (!std::regex_search(line, m, open_re)) continue;
            if (std::stol(m[3].str()) < 0 || m[2].str().find("O_DIRECTORY") != std::string::npos) continue;
            ++out[m[1].str()];
        }
    }
    return out;
}

// Runs cachelint under strace in `dir`; returns the folder of per-thread logs. LeakSanitizer cannot run
// under ptrace (sanitizer builds would exit 1 at the end), so it is switched off for this run only.
std::string traced(const std::string& dir, const std::string& args) {
    const std::string log_dir = dir + "/../strace";
    std::filesystem::create_directories(log_dir);
    run_shell("cd " + shell_quote(dir) + " && ASAN_OPTIONS=detect_leaks=0 strace -f -ff -e trace=open,openat -o " +
              shell_quote(log_dir + "/trace") + " " + shell_quote(CACHELINT_BINARY) + " " + args + " >/dev/null 2>&1");
    return log_dir;
}

const char* kRedis = "maxmemory 100mb\nmaxmemory-policy allkeys-lru\n";
const char* kNginx = "events {}\nhttp {\n    server {\n        listen 8080;\n    }\n}\n";

}  // namespace

TEST_CASE("perf guard: checking one file opens that file once and nothing else of the project", "[perf]") {
    if (!have_command("strace")) {
        WARN("SKIPPED: strace is not installed");
        return;
    }
    const std::string root = make_temp_dir("io-guard-one");
    const std::string dir = root + "/repo";
    std::filesystem::create_directories(dir + "/a");
    std::filesystem::create_directories(dir + "/b");
    std::filesystem::create_directories(dir + "/rules/redis");
    write_file(dir + "/a/redis.conf", kRedis);
    write_file(dir + "/b/nginx.conf", kNginx);
    write_file(dir + "/rules/redis/RC999.toml", "this is not TOML [[[\n");
    auto opened = opened_files(traced(dir, "check a/redis.conf"));
    REQUIRE(opened.count("a/redis.conf") == 1);
    CHECK(opened["a/redis.conf"] == 1);
    for (const auto& [path, n] : opened) {
        INFO(path);
        // Rule metadata is compiled in: start-up reads no rule file, here or in the source tree.
        CHECK(path.find(".toml") == std::string::npos);
        CHECK(path.find("/rules/") == std::string::npos);
        CHECK(path.rfind("rules/", 0) != 0);
        CHECK(path.find("nginx.conf") == std::string::npos);
    }
}

TEST_CASE("perf guard: a directory walk reads each config with a telling name exactly once", "[perf]") {
    if (!have_command("strace")) {
        WARN("SKIPPED: strace is not installed");
        return;
    }
    const std::string root = make_temp_dir("io-guard-walk");
    const std::string dir = root + "/repo";
    std::filesystem::create_directories(dir + "/a");
    std::filesystem::create_directories(dir + "/b");
    write_file(dir + "/a/redis.conf", kRedis);
    write_file(dir + "/b/nginx.conf", kNginx);
    auto opened = opened_files(traced(dir, "check --fail-on never ."));
    // Discovery decides these by name; the file is read once, by the job that checks it (no head sniff).
    CHECK(opened["a/redis.conf"] == 1);
    CHECK(opened["b/nginx.conf"] == 1);
}

TEST_CASE("perf guard: -j1 and -j2 give byte-identical reports on a generated repository", "[perf]") {
    if (!have_command("python3")) {
        WARN("SKIPPED: python3 is not installed");
        return;
    }
    const std::string root = make_temp_dir("io-guard-jobs");
    auto gen = run_shell("python3 " + shell_quote(std::string(CACHELINT_SOURCE_DIR) + "/bench/generate_repo.py") + " " +
                         shell_quote(root + "/repo") + " --total-mb 1 --seed 7");
    REQUIRE(gen.exit_code == 0);
    for (const char* format : {"concise", "json", "sarif"}) {
        INFO(format);
        auto one = run_cachelint(std::string("check -j1 --fail-on never -f ") + format + " repo", root);
        auto two = run_cachelint(std::string("check -j2 --fail-on never -f ") + format + " repo", root);
        REQUIRE(one.exit_code == 0);
        REQUIRE(two.exit_code == 0);
        CHECK(one.out.size() > 1000);  // the generated repository has findings: the comparison means something
        CHECK(one.out == two.out);
        CHECK(one.err == two.err);
    }
}
