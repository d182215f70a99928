// .cachelint.toml as users write it: discovery, selection, severity, overrides, settings, errors.
#include <catch2/catch.hpp>

#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

TEST_CASE("config: the closest .cachelint.toml applies, up to the repository root", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine);
    p.file("team/redis.conf", kCleanRedis + kWarnLine);
    p.file("team/.cachelint.toml", "ignore = [\"RC005\"]\n");
    auto r = p.run("check --format concise --fail-on note .");
    CHECK(r.exit_code == 1);
    CHECK(r.out == "redis.conf:5:1: note[RC005]: 'list-max-ziplist-entries' is accepted but silently ignored by "
                   "redis-7.4; it has no effect\n");
    // A configuration above the repository root belongs to someone else and is not read.
    Project outer;
    outer.file(".cachelint.toml", "ignore = [\"RC005\"]\n");
    outer.file("repo/.git/HEAD", "");
    outer.file("repo/redis.conf", kCleanRedis + kWarnLine);
    CHECK(run_cachelint("check --format concise repo", outer.path).out.find("[RC005]") != std::string::npos);
    // Without the .git marker the walk goes on up and finds it.
    outer.file("plain/redis.conf", kCleanRedis + kWarnLine);
    CHECK(run_cachelint("check --format concise plain", outer.path).out.find("[RC005]") == std::string::npos);
}

TEST_CASE("config: --config applies one file everywhere, --isolated ignores them all", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    p.file(".cachelint.toml", "ignore = [\"RC005\"]\n");
    p.file("ci/strict.toml", "select = [\"RC005\"]\n");
    CHECK(count(p.run("check --format concise redis.conf").out, "\n") == 1);  // RC002 only
    auto strict = p.run("check --format concise --config ci/strict.toml redis.conf");
    CHECK(strict.out.find("[RC005]") != std::string::npos);
    CHECK(strict.out.find("[RC002]") == std::string::npos);
    CHECK(count(p.run("check --format concise --isolated redis.conf").out, "\n") == 2);
    auto missing = p.run("check --config nope.toml redis.conf");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("nope.toml") != std::string::npos);
}

TEST_CASE("config: select and ignore take ids, names, dialects and tags", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    auto only = [&](const std::string& toml) {
        p.file(".cachelint.toml", toml);
        return p.run("check --format concise redis.conf").out;
    };
    CHECK(only("select = [\"inline-comment-or-arity\"]\n").find("[RC005]") == std::string::npos);
    CHECK(only("select = [\"inline-comment-or-arity\"]\n").find("[RC002]") != std::string::npos);
    CHECK(only("ignore = [\"fatal\"]\n").find("[RC002]") == std::string::npos);  // RC002 is tagged fatal
    CHECK(only("ignore = [\"tag:fatal\"]\n").find("[RC005]") != std::string::npos);
    CHECK(only("ignore = [\"redis\"]\n").empty());
    // At one level ignore has the last word; an [[overrides]] entry or the command line can re-enable.
    CHECK(only("select = [\"ALL\"]\nignore = [\"redis\"]\nextend-select = [\"RC005\"]\n").empty());
    CHECK(only("ignore = [\"redis\"]\n[[overrides]]\nfiles = [\"*.conf\"]\nextend-select = [\"RC005\"]\n").find("[RC005]") !=
          std::string::npos);
    // The command line has the last word.
    p.file(".cachelint.toml", "ignore = [\"RC005\"]\n");
    CHECK(p.run("check --format concise --extend-select RC005 redis.conf").out.find("[RC005]") != std::string::npos);
    CHECK(p.run("check --format concise --ignore RC002,RC005 redis.conf").out.empty());
    CHECK(p.run("check --format concise --select RC005 redis.conf").out.find("[RC002]") == std::string::npos);
}

TEST_CASE("config: [severity] re-levels a rule and fail-on follows the new level", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine);
    p.file(".cachelint.toml", "fail-on = \"error\"\n");
    CHECK(p.run("check redis.conf").exit_code == 0);
    p.file(".cachelint.toml", "fail-on = \"error\"\n[severity]\nRC005 = \"error\"\n");
    auto r = p.run("check --format concise redis.conf");
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("error[RC005]") != std::string::npos);
    CHECK(p.run("check --fail-on never redis.conf").exit_code == 0);  // the command line wins
}

TEST_CASE("config: [[overrides]] per path, with their own rules, severity and settings", "[workflow][config]") {
    Project p;
    p.file("prod/redis.conf", kCleanRedis + kWarnLine);
    p.file("legacy/redis.conf", kCleanRedis + kWarnLine);
    p.file("v62/redis.conf", kCleanRedis + kWarnLine);
    p.file(".cachelint.toml",
           "[severity]\nRC005 = \"error\"\n"
           "[[overrides]]\nfiles = [\"legacy/**\"]\nignore = [\"RC005\"]\n"
           "[[overrides]]\nfiles = [\"v62/*.conf\"]\n[overrides.redis]\nversion = \"6.2\"\n");
    auto r = p.run("check --format concise .");
    CHECK(r.out.find("prod/redis.conf:5:1: error[RC005]") != std::string::npos);
    CHECK(r.out.find("legacy/") == std::string::npos);
    // Redis 6.2 still reads list-max-ziplist-entries: the setting reached the dialect.
    CHECK(r.out.find("v62/") == std::string::npos);
}

TEST_CASE("config: dialect settings reach the dialect ([redis] version)", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine);
    CHECK(p.run("check --format concise redis.conf").out.find("[RC005]") != std::string::npos);
    p.file(".cachelint.toml", "[redis]\nversion = \"6.2\"\nrole = \"cache\"\nmemory = \"8gb\"\n");
    CHECK(p.run("check --format concise redis.conf").out.find("[RC005]") == std::string::npos);
    auto show = p.run("config --show redis.conf");
    CHECK(show.exit_code == 0);
    CHECK(show.out.find("redis.role = \"cache\"") != std::string::npos);
    CHECK(show.out.find("redis.version = \"6.2\"") != std::string::npos);
}

TEST_CASE("config: [dialects] maps unconventional file names, in walks and by name", "[workflow][config]") {
    Project p;
    p.file("deploy/cache.tmpl", kErrorLine);
    CHECK(p.run("check --format concise .").out.empty());  // neither name nor content tells: not walked
    p.file(".cachelint.toml", "[dialects]\n\"deploy/*.tmpl\" = \"redis\"\n");
    auto r = p.run("check --format concise .");
    CHECK(r.out.find("deploy/cache.tmpl:1:17: error[RC002]") != std::string::npos);
    CHECK(p.run("check --format concise deploy/cache.tmpl").out.find("[RC002]") != std::string::npos);
    CHECK(p.run("config --show deploy/cache.tmpl").out.find("dialect = \"redis\"  # from [dialects]") != std::string::npos);
}

TEST_CASE("config: format and fail-on defaults from the configuration", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine);
    p.file(".cachelint.toml", "format = \"concise\"\nfail-on = \"never\"\n");
    auto r = p.run("check redis.conf");
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("redis.conf:5:1: note[RC005]", 0) == 0);
    CHECK(p.run("check --format json redis.conf").out.find("\"findings\"") != std::string::npos);
}

TEST_CASE("config: unknown keys, rules, settings and values are errors with a did-you-mean", "[workflow][config]") {
    Project p;
    p.file("redis.conf", kCleanRedis);
    auto bad = [&](const std::string& toml) {
        p.file(".cachelint.toml", toml);
        auto r = p.run("check redis.conf");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        return r.err;
    };
    CHECK(bad("selct = [\"RC001\"]\n").find(".cachelint.toml:1: unknown key 'selct'; did you mean 'select'?") != std::string::npos);
    CHECK(bad("ignore = [\"RC0002\"]\n").find("did you mean 'RC002'?") != std::string::npos);
    CHECK(bad("[severity]\nRC0005 = \"error\"\n").find("did you mean 'RC005'?") != std::string::npos);
    CHECK(bad("[severity]\nRC005 = \"fatal\"\n").find("expected error, warning or note") != std::string::npos);
    CHECK(bad("[redis]\nrloe = \"cache\"\n").find("did you mean 'role'?") != std::string::npos);
    CHECK(bad("[redis]\nrole = \"db\"\n").find("expected cache|store|queue|session|unknown") != std::string::npos);
    CHECK(bad("[dialects]\n\"*.tmpl\" = \"rediss\"\n").find("did you mean 'redis'?") != std::string::npos);
    CHECK(bad("[[overrides]]\nfiles = [\"a/**\"]\nignroe = [\"RC001\"]\n").find("did you mean 'ignore'?") != std::string::npos);
    CHECK(bad("select = \"RC001\"\n").find("must be an array") != std::string::npos);
    CHECK(bad("select = [\n").find("invalid TOML") != std::string::npos);
    // Command-line selectors are checked the same way.
    p.file(".cachelint.toml", "");
    auto cli = p.run("check --ignore RC0002 redis.conf");
    CHECK(cli.exit_code == 2);
    CHECK(cli.err.find("did you mean 'RC002'?") != std::string::npos);
}

TEST_CASE("config --show prints the effective configuration", "[workflow][config]") {
    Project p;
    p.file("a/redis.conf", kCleanRedis);
    p.file(".cachelint.toml", "ignore = [\"RC005\"]\nfail-on = \"error\"\n[severity]\nRC007 = \"error\"\n"
                              "[[overrides]]\nfiles = [\"a/**\"]\nextend-select = [\"RC005\"]\n");
    auto r = p.run("config --show a/redis.conf");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("config-file = \"" + p.path + "/.cachelint.toml\"") != std::string::npos);
    CHECK(r.out.find("fail-on = \"error\"") != std::string::npos);
    CHECK(r.out.find("RC007 = \"error\"  # default") != std::string::npos);
    CHECK(r.out.find("overrides-matched = [\"a/**\"]") != std::string::npos);
    CHECK(r.out.find("disabled = []") != std::string::npos);  // RC005 re-enabled by the override
    auto iso = p.run("config --show --isolated a/redis.conf");
    CHECK(iso.out.find("config-file = \"\"  # none found") != std::string::npos);
    CHECK(p.run("config").exit_code == 0);
}

TEST_CASE("config: the documented example configuration is valid", "[workflow][config]") {
    auto r = run_cachelint("config --show --config " + shell_quote(std::string(CACHELINT_SOURCE_DIR) + "/docs/examples/cachelint.toml"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("fail-on = \"warning\"") != std::string::npos);
}

TEST_CASE("config: extend reads a base file first; this file's keys win and lists add up", "[workflow][config]") {
    Project p;
    // The base at the root: severities, an ignore, a dialect mapping, an exclude and an override, all with
    // globs relative to the root.
    p.file(".cachelint.toml", "ignore = [\"RC106\"]\nfail-on = \"error\"\nextend-exclude = [\"team/generated\"]\n"
                              "[severity]\nRC005 = \"error\"\n"
                              "[dialects]\n\"team/deploy/*.tmpl\" = \"redis\"\n"
                              "[[overrides]]\nfiles = [\"team/legacy/**\"]\nignore = [\"RC005\"]\n");
    // The team's file adds an ignore and replaces fail-on; its own globs are relative to team/.
    p.file("team/.cachelint.toml", "extend = \"../.cachelint.toml\"\nignore = [\"RC002\"]\nfail-on = \"warning\"\n"
                                   "[[overrides]]\nfiles = [\"legacy/**\", \"notes/**\"]\n[overrides.severity]\nRC005 = \"note\"\n");
    p.file("team/notes/redis.conf", kCleanRedis + kWarnLine);
    p.file("team/redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    p.file("team/deploy/cache.tmpl", kCleanRedis + kWarnLine);
    p.file("team/generated/redis.conf", kCleanRedis + kWarnLine);
    p.file("team/legacy/redis.conf", kCleanRedis + kWarnLine);
    auto r = p.run("check --format concise team");
    INFO(r.out << r.err);
    CHECK(r.out.find("team/redis.conf:5:1: error[RC005]") != std::string::npos);  // the base's severity
    CHECK(r.out.find("[RC002]") == std::string::npos);                             // the team's ignore
    CHECK(r.out.find("team/deploy/cache.tmpl:5:1: error[RC005]") != std::string::npos);  // the base's mapping
    CHECK(r.out.find("generated") == std::string::npos);                           // the base's exclude
    // Both overrides match team/legacy, the base's first: it ignores RC005, so the team's re-levelling has
    // nothing to act on.
    CHECK(r.out.find("legacy") == std::string::npos);
    // The team's override, with its glob relative to team/, re-levels RC005 there.
    CHECK(r.out.find("team/notes/redis.conf:5:1: note[RC005]") != std::string::npos);
    CHECK(r.exit_code == 1);
    auto show = p.run("config --show team/redis.conf");
    CHECK(show.out.find("extends = [\"" + p.path + "/.cachelint.toml\"]") != std::string::npos);
    CHECK(show.out.find("fail-on = \"warning\"") != std::string::npos);
    // Cycles and missing bases are configuration errors (exit 2) naming the files.
    p.file(".cachelint.toml", "extend = \"team/.cachelint.toml\"\n");
    auto cycle = p.run("check team/redis.conf");
    CHECK(cycle.exit_code == 2);
    CHECK(cycle.err.find("'extend' cycle: ") != std::string::npos);
    p.file(".cachelint.toml", "extend = \"nope.toml\"\n");
    auto missing = p.run("check team/redis.conf");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("nope.toml: No such file or directory") != std::string::npos);
}
