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
    const auto r = run_cachelint("check --no-cache-dir-check " + shell_quote(kTrees + "/redis-suffix/cache/redis.conf"));
    (void)r;
}
