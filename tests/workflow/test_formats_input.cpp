// Report formats for CI (junit, gitlab, several reports in one run) and what gets checked
// (.gitignore, excludes, --force-exclude, standard input).
#include <catch2/catch.hpp>

#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

TEST_CASE("formats: --report writes several formats in one run", "[workflow][formats]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    auto r = p.run("check --format concise --report sarif:out/cachelint.sarif --report junit:junit.xml "
                   "--report gitlab:gl-code-quality.json --report json:r.json redis.conf");
    CHECK(r.exit_code == 1);
    CHECK(count(r.out, "\n") == 2);
    CHECK(run_shell("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d[\"runs\"][0][\"results\"]) == 2' " +
                    shell_quote(p.path + "/out/cachelint.sarif")).exit_code == 0);
    CHECK(run_shell("python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))[\"findings\"]) == 2' " +
                    shell_quote(p.path + "/r.json")).exit_code == 0);
    auto bad = p.run("check --report xml:x.xml redis.conf");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("expected FORMAT:FILE") != std::string::npos);
    CHECK(p.run("check --report sarif redis.conf").exit_code == 2);
}

TEST_CASE("formats: junit is well-formed XML with one failure per finding", "[workflow][formats]") {
    Project p;
    p.file("a/redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    p.file("b/redis.conf", kCleanRedis + "requirepass \"<&>\" # x\n");
    auto r = p.run("check --format junit .");
    auto facts = run_shell("python3 -c 'import sys, xml.etree.ElementTree as ET; t=ET.fromstring(sys.stdin.read()); "
                           "print(t.tag, t.get(\"failures\"), sorted(s.get(\"name\") for s in t), "
                           "[f.get(\"type\") for f in t.iter(\"failure\")])'",
                           r.out);
    CHECK(facts.out == "testsuites 3 ['a/redis.conf', 'b/redis.conf'] ['note', 'error', 'error']\n");
    p.file("a/redis.conf", kCleanRedis);
    p.file("b/redis.conf", kCleanRedis);
    auto clean = p.run("check --format junit .");
    CHECK(clean.exit_code == 0);
    CHECK(run_shell("python3 -c 'import sys, xml.etree.ElementTree as ET; t=ET.fromstring(sys.stdin.read()); "
                    "assert t.get(\"failures\") == \"0\" and len(list(t.iter(\"testcase\"))) == 1'",
                    clean.out)
              .exit_code == 0);
}

TEST_CASE("formats: gitlab Code Quality has unique fingerprints and repo-relative paths", "[workflow][formats]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine + kWarnLine + kErrorLine);
    auto r = p.run("check --format gitlab " + shell_quote(p.path + "/redis.conf"));
    auto facts = run_shell("python3 -c 'import json,sys; d=json.load(sys.stdin); "
                           "print(len(d), len({x[\"fingerprint\"] for x in d}), {x[\"location\"][\"path\"] for x in d}, "
                           "sorted(x[\"severity\"] for x in d), d[0][\"location\"][\"lines\"][\"begin\"])'",
                           r.out);
    CHECK(facts.out == "3 3 {'redis.conf'} ['blocker', 'info', 'info'] 5\n");
    CHECK(p.run("check --format gitlab --isolated --ignore ALL redis.conf").out == "[]\n");
}

TEST_CASE("input: .gitignore is respected when walking (negation, dir-only, anchored, **, nested)", "[workflow][input]") {
    Project p;
    const std::string bad = kCleanRedis + kErrorLine;
    for (const char* f : {"keep/redis.conf", "build/redis.conf", "gen/x/redis.conf", "gen/keep-redis.conf", "top-redis.conf",
                          "sub/top-redis.conf", "deep/a/b/tmp/redis.conf", "nested/local/redis.conf", "nested/redis.conf",
                          "dironly/redis.conf", "file/dironly"})
        p.file(f, bad);
    p.file(".gitignore",
           "# comment\n/build/\ngen/**\n!gen/keep-redis.conf\n/top-redis.conf\n**/tmp/\ndironly/\n");
    p.file("nested/.gitignore", "local\n");
    auto r = p.run("check --format concise --fail-on never .");
    INFO(r.out << r.err);
    CHECK(r.out.find("keep/redis.conf") != std::string::npos);
    CHECK(r.out.find("build/") == std::string::npos);
    CHECK(r.out.find("gen/x/") == std::string::npos);
    CHECK(r.out.find("gen/keep-redis.conf") != std::string::npos);
    CHECK(r.out.find("\ntop-redis.conf") == std::string::npos);
    CHECK(r.out.rfind("top-redis.conf", 0) == std::string::npos);
    CHECK(r.out.find("sub/top-redis.conf") != std::string::npos);  // anchored: only at the root
    CHECK(r.out.find("tmp/") == std::string::npos);
    CHECK(r.out.find("nested/local") == std::string::npos);
    CHECK(r.out.find("nested/redis.conf") != std::string::npos);
    CHECK(r.out.find("dironly/redis.conf") == std::string::npos);
    // Walking a subdirectory still applies the root .gitignore; --no-respect-gitignore turns it off.
    CHECK(p.run("check --format concise --fail-on never gen").out.find("gen/x/") == std::string::npos);
    CHECK(p.run("check --format concise --fail-on never --no-respect-gitignore .").out.find("build/") != std::string::npos);
    // A file named explicitly is checked anyway, unless --force-exclude.
    CHECK(p.run("check --format concise build/redis.conf").exit_code == 1);
    auto forced = p.run("check --format concise --force-exclude build/redis.conf keep/redis.conf");
    CHECK(forced.out.find("build/") == std::string::npos);
    CHECK(forced.out.find("keep/redis.conf") != std::string::npos);
}

TEST_CASE("input: exclude, extend-exclude and --force-exclude for pre-commit file lists", "[workflow][input]") {
    Project p;
    const std::string bad = kCleanRedis + kErrorLine;
    p.file("prod/redis.conf", bad);
    p.file("vendor/redis.conf", bad);
    p.file("legacy/old/redis.conf", bad);
    p.file("node_modules/pkg/redis.conf", bad);
    auto all = p.run("check --format concise .");
    CHECK(all.out.find("node_modules") == std::string::npos);  // default exclude
    CHECK(all.out.find("vendor/") != std::string::npos);
    p.file(".cachelint.toml", "extend-exclude = [\"vendor\", \"legacy/**\"]\n");
    auto cfg = p.run("check --format concise .");
    CHECK(cfg.out.find("vendor/") == std::string::npos);
    CHECK(cfg.out.find("legacy/") == std::string::npos);
    CHECK(cfg.out.find("prod/") != std::string::npos);
    CHECK(p.run("check --format concise --extend-exclude prod .").out.empty());
    // --exclude replaces the list, default excludes included.
    CHECK(p.run("check --format concise --exclude vendor .").out.find("node_modules") != std::string::npos);
    // pre-commit passes names: excluded ones are skipped only with --force-exclude.
    CHECK(p.run("check --format concise vendor/redis.conf").exit_code == 1);
    auto forced = p.run("check --format concise --force-exclude vendor/redis.conf legacy/old/redis.conf prod/redis.conf");
    CHECK(forced.exit_code == 1);
    CHECK(forced.out.find("prod/redis.conf") != std::string::npos);
    CHECK(count(forced.out, "\n") == 1);
    CHECK(p.run("check --force-exclude vendor/redis.conf").exit_code == 0);
}

TEST_CASE("input: standard input uses --stdin-filename for dialect, configuration and the reported path", "[workflow][input]") {
    Project p;
    p.file("team/.cachelint.toml", "ignore = [\"RC005\"]\n[dialects]\n\"*.tmpl\" = \"redis\"\n");
    auto r = p.run("check --format concise --stdin-filename team/cache.tmpl -", kCleanRedis + kWarnLine + kErrorLine);
    CHECK(r.exit_code == 1);
    CHECK(r.out == "team/cache.tmpl:6:17: error[RC002]: redis.conf has no trailing comments: '# cache size' is read as "
                   "more arguments to 'maxmemory', and redis-server refuses the line (\"wrong number of arguments\")\n");
}
