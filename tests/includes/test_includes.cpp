// Includes of deploy paths resolved inside the repository (core/include_resolver.hpp), and each file
// read once per job (SourceLoader). The trees are beside this file.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/dialect.hpp"
#include "core/include_resolver.hpp"
#include "core/lint_job.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::test;

namespace {

const std::string kTrees = std::string(CACHELINT_SOURCE_DIR) + "/tests/includes";

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("includes: a canonical path is read once per job, however often it is included", "[includes]") {
    const std::string dir = make_temp_dir("incl-once");
    std::filesystem::create_directories(dir + "/sub");
    write_file(dir + "/snip.conf", "proxy_cache_valid 200 1m;\n");
    write_file(dir + "/nginx.conf",
               "events {}\nhttp {\n    server { listen 8080; location /a { include snip.conf; } }\n"
               "    server { listen 8081; location /b { include snip.conf; } }\n"
               "    server { listen 8082; location /c { include sub/../snip.conf; } }\n}\n");

    SECTION("the loader hands out the first read for every spelling of the path") {
        LintOptions options;
        SourceLoader loader(options);
        auto a = loader.load(dir + "/snip.conf");
        auto b = loader.load(dir + "/sub/../snip.conf");
        auto c = loader.load(dir + "//snip.conf");
        REQUIRE(a.file);
        CHECK(a.file == b.file);
        CHECK(a.file == c.file);
        CHECK(loader.reads() == 1);
        CHECK(loader.files().size() == 1);
    }
    SECTION("three includes of snip.conf in an nginx job open it once") {
        LintOptions options;
        SourceLoader loader(options);
        LintJob job;
        job.path = dir + "/nginx.conf";
        job.dialect = "nginx";
        job.options = &options;
        job.loader = &loader;
        job.main = loader.load(job.path).file;
        REQUIRE(job.main);
        find_dialect("nginx")->lint(job);
        CHECK(loader.reads() == 2);  // nginx.conf and snip.conf
        for (const auto& f : job.sink.findings()) CHECK(f.rule_id != "NGX905");
    }
}

TEST_CASE("includes: the guard refuses cycles with an enum and leaves on scope exit", "[includes]") {
    const std::string dir = make_temp_dir("incl-guard");
    write_file(dir + "/a.conf", "");
    IncludeGuard guard;
    const auto outer = guard.enter(dir + "/a.conf");
    REQUIRE(outer);
    {
        const auto again = guard.enter(dir + "/./a.conf");
        CHECK(again.refusal() == IncludeRefusal::cycle);
        CHECK(guard.depth() == 1);
        write_file(dir + "/b.conf", "");
        const auto inner = guard.enter(dir + "/b.conf");
        CHECK(inner);
        CHECK(guard.depth() == 2);
    }
    CHECK(guard.depth() == 1);  // the inner scope left b.conf; the refused one left nothing
}

TEST_CASE("includes: a Dockerfile's COPY lines map image paths to repository files", "[includes]") {
    const auto copies = docker_copies({kTrees + "/redis-docker"});
    std::vector<std::string> dests;
    for (const auto& c : copies) dests.push_back(c.dest);
    CHECK(dests == std::vector<std::string>{"/etc/redis/", "/etc/redis/policy.conf", "/usr/local/etc/redis/redis.conf"});
    REQUIRE(copies.size() == 3);
    CHECK(copies[1].line == 3);  // a continued instruction is reported at its first line
}

TEST_CASE("includes: /etc/redis/conf.d/*.conf reads the repository's conf.d/ beside redis.conf", "[includes][redis]") {
    const auto r = run_cachelint("check --color never redis-suffix/cache/redis.conf", kTrees);
    INFO(r.out << r.err);
    // The override's eviction policy is what the server runs with: its finding is reported at the override file,
    // with the include it was reached through.
    CHECK(contains(r.out, "redis-suffix/cache/conf.d/override.conf:2:18: error[RC102"));
    CHECK(contains(r.out, "resolved to \"redis-suffix/cache/conf.d/*.conf\" by the longest part of the path"));
    CHECK(!contains(r.out, "RC011"));
}

TEST_CASE("includes: the [paths] table maps a deploy prefix, the longest prefix winning", "[includes][redis]") {
    const auto r = run_cachelint("check --color never redis-paths/config/redis.conf", kTrees);
    INFO(r.out << r.err);
    CHECK(contains(r.out, "redis-paths/deploy/redis-etc/local.conf:1:18: error[RC102"));
    CHECK(contains(r.out, "by the [paths] entry \"/etc/redis\""));
    CHECK(!contains(r.out, "RC011"));
}

TEST_CASE("includes: [paths] must name absolute deploy prefixes", "[includes]") {
    const std::string dir = make_temp_dir("incl-paths");
    write_file(dir + "/.cachelint.toml", "[paths]\n\"etc/nginx\" = \"nginx\"\n");
    write_file(dir + "/redis.conf", "port 6379\n");
    const auto r = run_cachelint("check redis.conf", dir);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "the deploy prefix must be an absolute path"));
}

TEST_CASE("includes: a Dockerfile COPY to /etc/redis/ makes the include read the copied file", "[includes][redis]") {
    const auto r = run_cachelint("check --color never redis-docker/redis.conf", kTrees);
    INFO(r.out << r.err);
    // `COPY redis-common.conf /etc/redis/`: read (its maxmemory reaches the policy finding), no RC011.
    CHECK(!contains(r.out, "redis-common.conf' is not in the checked tree"));
    CHECK(contains(r.out, "at 512 MiB"));
    CHECK(contains(r.out, "redis-docker/config/cache-policy.conf:1:18: note[RC102"));
    CHECK(contains(r.out, "by the COPY at redis-docker/Dockerfile:3"));
    // COPY --from copies out of another stage: that include stays a note, never an error.
    CHECK(contains(r.out, "note[RC011 include-failed]: included file '/etc/redis/ignored.conf' is not in the checked tree"));
    CHECK(!contains(r.out, "error[RC011"));
}

TEST_CASE("includes: nginx include /etc/nginx/snippets/cache.conf resolves by suffix", "[includes][nginx]") {
    const auto r = run_cachelint("check --color never nginx-suffix/nginx.conf", kTrees);
    INFO(r.out << r.err);
    CHECK(contains(r.out, "nginx-suffix/snippets/cache.conf:3:1: note[NGX902"));
    CHECK(contains(r.out, "resolved to \"nginx-suffix/snippets/cache.conf\""));
    CHECK(!contains(r.out, "NGX906"));
}

TEST_CASE("includes: an unresolvable deploy path stays a note in every dialect", "[includes]") {
    const std::string dir = make_temp_dir("incl-missing");
    write_file(dir + "/redis.conf", "port 6379\ninclude /etc/redis/nowhere-cachelint.conf\n");
    write_file(dir + "/nginx.conf", "events {}\nhttp { include /etc/nginx/nowhere-cachelint.conf; }\n");
    const auto r = run_cachelint("check --color never redis.conf nginx.conf", dir);
    INFO(r.out << r.err);
    CHECK(contains(r.out, "note[RC011"));
    CHECK(contains(r.out, "note[NGX906"));
    CHECK(!contains(r.out, "error["));
}
