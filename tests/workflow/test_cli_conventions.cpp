// The command-line conventions users bring from ruff, ShellCheck and hadolint (README "Commands"): exit-code
// and severity knobs, statistics, file listing, argument files, environment mirrors, rule listing as
// JSON, Checkstyle XML and the in-file dialect pragma.
#include <catch2/catch.hpp>

#include "filter/changed_lines.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

namespace {
// kWarnLine gives one RC005 warning, kErrorLine one RC002 error; kCleanRedis nothing.
Project redis_with_warning_and_error() {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    return p;
}

std::string python_json(const std::string& script, const std::string& json) {
    return run_shell("python3 -c " + shell_quote("import json,sys; d=json.load(sys.stdin); " + script), json).out;
}
}  // namespace

TEST_CASE("cli: --exit-zero and --min-severity", "[workflow][cli]") {
    Project p = redis_with_warning_and_error();
    auto zero = p.run("check --format concise --exit-zero redis.conf");
    CHECK(zero.exit_code == 0);
    CHECK(count(zero.out, "\n") == 2);  // still reported
    // Input errors still exit 2: --exit-zero is about findings only.
    CHECK(p.run("check --exit-zero missing.conf").exit_code == 2);
    auto errors_only = p.run("check --format concise --min-severity error redis.conf");
    CHECK(errors_only.exit_code == 1);
    CHECK(errors_only.out.find("[RC002]") != std::string::npos);
    CHECK(errors_only.out.find("[RC005]") == std::string::npos);
    // Hidden findings do not fail the run either.
    p.file("warn.redis.conf", kCleanRedis + kWarnLine);
    CHECK(p.run("check --min-severity error warn.redis.conf").exit_code == 0);
    CHECK(p.run("check --min-severity note --fail-on note warn.redis.conf").exit_code == 1);  // kWarnLine is a note
    auto bad = p.run("check --min-severity loud redis.conf");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("unknown --min-severity 'loud'") != std::string::npos);
    // With a baseline, entries of hidden severities are not reported stale.
    REQUIRE(p.run("check --write-baseline b.json redis.conf").exit_code == 0);
    auto base = p.run("check --baseline b.json --min-severity error redis.conf");
    CHECK(base.exit_code == 0);
    CHECK(base.err.find("stale") == std::string::npos);
    CHECK(base.err.find("no finding any more") == std::string::npos);
}

TEST_CASE("cli: --statistics counts findings per rule, in text or JSON", "[workflow][cli]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kWarnLine + kWarnLine + kErrorLine);
    auto text = p.run("check --statistics redis.conf");
    CHECK(text.exit_code == 1);  // the exit code is the same as without --statistics
    CHECK(text.out == "     2  RC005     ineffective-directive\n     1  RC002     inline-comment-or-arity\n");
    auto json = p.run("check --statistics --format json redis.conf");
    CHECK(python_json("print([(r['rule'], r['count']) for r in d])", json.out) == "[('RC005', 2), ('RC002', 1)]\n");
    // Reports written to files are unaffected.
    p.run("check --statistics --report json:full.json redis.conf");
    CHECK(python_json("print(len(d['findings']))", p.read("full.json")) == "3\n");
    CHECK(p.run("check --statistics --format sarif redis.conf").exit_code == 2);
}

TEST_CASE("cli: --show-files lists what would be checked, with the dialect", "[workflow][cli]") {
    Project p;
    p.file("redis.conf", kCleanRedis);
    p.file("web/nginx.conf", "events {}\n");
    p.file("vendor/redis.conf", kCleanRedis);
    p.file(".gitignore", "vendor/\n");
    p.file("notes.txt", "nothing to check\n");
    auto r = p.run("check --show-files .");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "redis.conf\tredis\nweb/nginx.conf\tnginx\n");
    CHECK(p.run("check --show-files missing.conf").exit_code == 2);
}

TEST_CASE("cli: @FILE reads arguments one per line", "[workflow][cli]") {
    Project p = redis_with_warning_and_error();
    p.file("with space.redis.conf", kCleanRedis + kWarnLine);
    p.file("args.txt", "--format\nconcise\r\n\nredis.conf\nwith space.redis.conf\n");
    auto r = p.run("check @args.txt");
    CHECK(r.exit_code == 1);
    CHECK(count(r.out, "\n") == 3);
    CHECK(r.out.find("with space.redis.conf:5:1: note[RC005]") != std::string::npos);
    auto missing = p.run("check @nope.txt");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "cachelint: cannot read the argument file nope.txt: No such file or directory\n");
    // Hostile argument files end in one line, not in a hang or memory exhaustion.
    auto zero = p.run("check @/dev/zero");
    CHECK(zero.exit_code == 2);
    CHECK(zero.err == "cachelint: the argument file /dev/zero is larger than 4 MB\n");
    p.file("binary.txt", std::string("redis.conf\n\0\x01\x02\n", 15));
    CHECK(p.run("check @binary.txt").err == "cachelint: the argument file binary.txt holds NUL bytes: not a list of arguments\n");
    p.file("huge.txt", std::string(5u << 20, 'a'));
    auto huge = p.run("check @huge.txt");
    CHECK(huge.exit_code == 2);
    CHECK(huge.err == "cachelint: the argument file huge.txt is larger than 4 MB\n");
    CHECK(p.run("check @.").err == "cachelint: cannot read the argument file .: Is a directory\n");
}

TEST_CASE("cli: CACHELINT_FORMAT, CACHELINT_FAIL_ON and CACHELINT_CONFIG mirror the options", "[workflow][cli]") {
    Project p = redis_with_warning_and_error();
    p.file("strict.toml", "ignore = [\"RC005\"]\n");
    const std::string bin = shell_quote(CACHELINT_BINARY);
    const std::string cd = "cd " + shell_quote(p.path) + " && ";
    auto env = run_shell(cd + "CACHELINT_FORMAT=concise CACHELINT_CONFIG=strict.toml " + bin + " check redis.conf");
    CHECK(env.out.find("redis.conf:6:17: error[RC002]") != std::string::npos);
    CHECK(env.out.find("[RC005]") == std::string::npos);
    CHECK(count(env.out, "\n") == 1);
    // The command line wins over the environment.
    auto flag = run_shell(cd + "CACHELINT_FORMAT=concise " + bin + " check --format json redis.conf");
    CHECK(flag.out.rfind("{", 0) == 0);
    CHECK(run_shell(cd + "CACHELINT_FAIL_ON=never " + bin + " check redis.conf").exit_code == 0);
    // The environment wins over .cachelint.toml.
    p.file(".cachelint.toml", "format = \"json\"\n");
    CHECK(run_shell(cd + "CACHELINT_FORMAT=concise " + bin + " check redis.conf").out.rfind("redis.conf:", 0) == 0);
}

TEST_CASE("cli: --ignore-baseline reports everything the configured baseline hides", "[workflow][cli][baseline]") {
    Project p = redis_with_warning_and_error();
    REQUIRE(p.run("check --write-baseline b.json redis.conf").exit_code == 0);
    p.file(".cachelint.toml", "baseline = \"b.json\"\n");
    CHECK(p.run("check redis.conf").exit_code == 0);
    auto all = p.run("check --format concise --ignore-baseline redis.conf");
    CHECK(all.exit_code == 1);
    CHECK(count(all.out, "\n") == 2);
    CHECK(p.run("check --ignore-baseline --update-baseline redis.conf").exit_code == 2);
}

TEST_CASE("cli: rules --format json lists every rule with its metadata", "[workflow][cli]") {
    auto r = run_cachelint("rules --format json");
    REQUIRE(r.exit_code == 0);
    const std::string n_text = std::to_string(count(run_cachelint("rules").out, "\n"));
    CHECK(python_json("print(len(d))", r.out) == n_text + "\n");
    CHECK(python_json("r=[x for x in d if x['id']=='RC002'][0]; print(r['name'], r['dialect'], r['severity'], 'fatal' in r['tags'], "
                      "r['help_uri'].endswith('/docs/rules/RC002.md'))",
                      r.out) == "inline-comment-or-arity redis error True True\n");
    CHECK(python_json("print(sorted({x['dialect'] for x in d}))", run_cachelint("rules --dialect haproxy -f json").out) ==
          "['haproxy']\n");
    CHECK(run_cachelint("rules --format yaml").exit_code == 2);
}

TEST_CASE("formats: checkstyle is well-formed XML with one error element per finding", "[workflow][formats]") {
    Project p;
    p.file("a/redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    p.file("b/redis.conf", kCleanRedis + "requirepass \"<&>\" # x\n");
    auto r = p.run("check --format checkstyle a b missing.conf");
    CHECK(r.exit_code == 2);
    p.file("report.xml", r.out);
    auto facts = run_shell("python3 -c " +
                           shell_quote("import sys, xml.etree.ElementTree as ET; root = ET.parse(sys.argv[1]).getroot(); "
                                       "print(root.tag, [(f.get('name'), [(e.get('severity'), e.get('source')) for e in f]) "
                                       "for f in root])") +
                           " " + shell_quote(p.path + "/report.xml"));
    INFO(r.out);
    CHECK(facts.out ==
          "checkstyle [('a/redis.conf', [('info', 'cachelint.RC005'), ('error', 'cachelint.RC002')]), "
          "('b/redis.conf', [('error', 'cachelint.RC002')]), ('missing.conf', [('error', 'cachelint.input')])]\n");
}

TEST_CASE("discovery: '# cachelint: dialect=NAME' names the dialect of a file whose name does not", "[workflow][cli]") {
    Project p;
    p.file("edge.settings", "# cachelint: dialect=nginx\nevents {}\nhttp {\n  proxy_cache_path /tmp/c keys_zone=z:10m;\n}\n");
    p.file("other.settings", "# cachelint: dialect=nosuch\nevents {}\n");
    auto files = p.run("check --show-files .");
    CHECK(files.out == "edge.settings\tnginx\n");
    auto r = p.run("check --format concise edge.settings");
    CHECK(r.out.find("edge.settings:4:3: note[NGX004]") != std::string::npos);
    // VCL's // comments carry it too.
    p.file("backend.inc", "// cachelint: dialect=varnish\nvcl 4.1;\nbackend b { .host = \"127.0.0.1\"; }\n");
    CHECK(p.run("check --show-files backend.inc").out == "backend.inc\tvarnish\n");
}

TEST_CASE("cli: unified diffs as git prints them give the changed lines of each file", "[workflow][cli][unit]") {
    cachelint::ChangedLines c;
    cachelint::parse_unified_diff("diff --git a/redis.conf b/redis.conf\n"
                                  "--- a/redis.conf\n+++ b/redis.conf\n"
                                  "@@ -5,0 +6 @@ maxmemory 2gb\n+list-max-ziplist-value 64\n"
                                  "@@ -9,2 +10,3 @@\n-a\n-b\n+c\n+d\n+e\n"
                                  "@@ -20 +22,0 @@\n-removed\n"  // a pure deletion adds no line
                                  "--- a/sub dir/x.conf\t\n+++ b/sub dir/x.conf\t\n@@ -1 +1 @@\n-a\n+b\n"
                                  "--- \"a/caf\\303\\251.conf\"\n+++ \"b/caf\\303\\251.conf\"\n@@ -0,0 +1,2 @@\n+a\n+b\n"
                                  "--- a/gone.conf\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n",
                                  "/repo", c);
    using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;
    CHECK(c.ranges["/repo/redis.conf"] == Ranges{{6, 6}, {10, 12}});
    CHECK(c.ranges["/repo/sub dir/x.conf"] == Ranges{{1, 1}});
    CHECK(c.ranges["/repo/caf\xc3\xa9.conf"] == Ranges{{1, 2}});
    CHECK(c.ranges.size() == 3);
}

TEST_CASE("cli: --new-from-rev reports only findings on lines changed since a revision", "[workflow][cli]") {
    if (run_shell("git --version").exit_code != 0) {
        WARN("SKIPPED: git is not installed");
        return;
    }
    Project p;
    std::filesystem::remove_all(p.path + "/.git");
    const std::string git = "cd " + shell_quote(p.path) + " && git -c user.name=t -c user.email=t@example.com ";
    REQUIRE(run_shell(git + "init -q").exit_code == 0);
    p.file("redis.conf", kCleanRedis + kWarnLine);              // an old finding on line 5
    p.file("team dir/redis.conf", kCleanRedis + kWarnLine);     // another, in a folder with a blank
    REQUIRE(run_shell(git + "add -A && " + git + "commit -qm base").exit_code == 0);
    p.file("redis.conf", kCleanRedis + kWarnLine + kErrorLine);  // a new one on line 6 (not committed)
    p.file("team dir/redis.conf", kCleanRedis + kWarnLine + "list-max-ziplist-value 64\n");
    p.file("new.redis.conf", kCleanRedis + kWarnLine);          // untracked: all of it is new
    auto r = p.run("check --format concise --new-from-rev HEAD .");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out == "new.redis.conf:5:1: note[RC005]: 'list-max-ziplist-entries' is accepted but silently ignored by "
                   "redis-7.4; it has no effect\n"
                   "redis.conf:6:17: error[RC002]: redis.conf has no trailing comments: '# cache size' is read as more "
                   "arguments to 'maxmemory', and redis-server refuses the line (\"wrong number of arguments\")\n"
                   "team dir/redis.conf:6:1: note[RC005]: 'list-max-ziplist-value' is accepted but silently ignored by "
                   "redis-7.4; it has no effect\n");
    CHECK(r.err.find("2 findings on lines unchanged since HEAD left out") != std::string::npos);
    // Committed changes count too; nothing changed since the newest commit means nothing to report.
    REQUIRE(run_shell(git + "add -A && " + git + "commit -qm more").exit_code == 0);
    CHECK(p.run("check --format concise --new-from-rev HEAD~1 .").out == r.out);
    auto none = p.run("check --new-from-rev HEAD .");
    CHECK(none.exit_code == 0);
    // Errors: not a commit, an option in disguise, outside a repository, mixed with --write-baseline.
    auto bad = p.run("check --new-from-rev no-such-branch .");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "cachelint: --new-from-rev: 'no-such-branch' is no commit in this repository\n");
    CHECK(p.run("check --new-from-rev=--output=x .").exit_code == 2);
    CHECK(p.run("check --new-from-rev HEAD --write-baseline b.json .").exit_code == 2);
    const std::string outside = make_temp_dir("norepo");
    auto norepo = run_cachelint("check --new-from-rev HEAD " + shell_quote(p.path), outside);
    CHECK(norepo.exit_code == 2);
    CHECK(norepo.err.find("--new-from-rev needs a git repository") != std::string::npos);
}
