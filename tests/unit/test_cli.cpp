// The command line as users and CI call it: exit codes, formats, errors, and the reports' shape.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint::test;

namespace {
const std::string kBad = "maxmemory 100mb # cache size\n";             // one error
const std::string kWarn = "maxmemory 100\n";                          // one warning (RC004: 100 bytes)
const std::string kClean = "maxmemory 100mb\nmaxmemory-policy allkeys-lru\n";

struct TempDir {
    std::string path = make_temp_dir("cli");
    ~TempDir() { std::system(("rm -rf " + shell_quote(path)).c_str()); }
    std::string file(const std::string& name, const std::string& content) {
        fs::create_directories(fs::path(path + "/" + name).parent_path());
        write_file(path + "/" + name, content);
        return path + "/" + name;
    }
};

bool valid_json(const std::string& text) {
    return run_shell("python3 -c 'import json,sys; json.load(sys.stdin)'", text).exit_code == 0;
}
}  // namespace

TEST_CASE("exit codes follow --fail-on", "[cli]") {
    TempDir t;
    const auto bad = t.file("bad/redis.conf", kBad), warn = t.file("warn/redis.conf", kWarn);
    t.file("clean/redis.conf", kClean);
    CHECK(run_cachelint("check " + shell_quote(bad)).exit_code == 1);
    CHECK(run_cachelint("check --fail-on never " + shell_quote(bad)).exit_code == 0);
    CHECK(run_cachelint("check " + shell_quote(warn)).exit_code == 1);
    CHECK(run_cachelint("check --fail-on error " + shell_quote(warn)).exit_code == 0);
    CHECK(run_cachelint("check --fail-on note " + shell_quote(warn)).exit_code == 1);
    // A clean config: only notes at most, so the default gate passes.
    auto clean = run_cachelint("check --fail-on warning " + shell_quote(t.path + "/clean"));
    CHECK(clean.out.find("error[") == std::string::npos);
}

TEST_CASE("unreadable input and usage errors exit 2 with a one-line message naming the file", "[cli]") {
    TempDir t;
    auto missing = run_cachelint("check " + shell_quote(t.path + "/nope.conf"));
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "cachelint: " + t.path + "/nope.conf: No such file or directory\n");
    CHECK(run_cachelint("check --format xml .").exit_code == 2);
    CHECK(run_cachelint("check --fail-on sometimes .").exit_code == 2);
    CHECK(run_cachelint("frobnicate").exit_code == 2);
    const auto unknown = t.file("mystery.txt", "hello world\n");
    // A named file whose kind cannot be told: one line on stderr naming --dialect, and a skip (exit 0) ...
    auto r = run_cachelint("check " + shell_quote(unknown));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("--dialect") != std::string::npos);
    // ... an input error with --strict.
    CHECK(run_cachelint("check --strict " + shell_quote(unknown)).exit_code == 2);
    // Findings in one file and an error on another: the error wins (2), and findings are still shown.
    const auto bad = t.file("bad/redis.conf", kBad);
    auto both = run_cachelint("check " + shell_quote(bad) + " " + shell_quote(t.path + "/nope.conf"));
    CHECK(both.exit_code == 2);
    CHECK(both.out.find("[RC002") != std::string::npos);
}

TEST_CASE("text output: location, rule, message, source line and caret", "[cli][text]") {
    TempDir t;
    const auto bad = t.file("redis.conf", kBad);
    auto r = run_cachelint("check " + shell_quote(bad));
    CHECK(r.out.find(bad + ":1:17: error[RC002 inline-comment-or-arity]: ") != std::string::npos);
    CHECK(r.out.find("1 | maxmemory 100mb # cache size\n") != std::string::npos);
    CHECK(r.out.find("  |                 ^^^^^^^^^^^^\n") != std::string::npos);
    CHECK(r.out.find("\x1b[") == std::string::npos);  // NO_COLOR=1 is set by run_cachelint
    auto colored = run_cachelint("check --color always " + shell_quote(bad));
    CHECK(colored.out.find("\x1b[") != std::string::npos);
    CHECK(r.out.find("Found 1 problem (1 error, 0 warnings, 0 notes) in 1 file.") != std::string::npos);
}

TEST_CASE("concise and github formats put one finding per line", "[cli]") {
    TempDir t;
    const auto bad = t.file("redis.conf", kBad + kWarn);
    auto c = run_cachelint("check --format concise " + shell_quote(bad));
    CHECK(std::count(c.out.begin(), c.out.end(), '\n') == 2);
    CHECK(c.out.rfind(bad + ":1:17: error[RC002]: ", 0) == 0);
    auto g = run_cachelint("check --format github " + shell_quote(bad));
    CHECK(g.out.find("::error file=") == 0);
    CHECK(g.out.find("::warning file=") != std::string::npos);
    CHECK(g.out.find(",line=1,col=17,endLine=1,endColumn=29,title=RC002 inline-comment-or-arity::") != std::string::npos);
}

TEST_CASE("json output is valid, stable and escapes bytes that are not UTF-8", "[cli][json]") {
    TempDir t;
    const auto bad = t.file("redis.conf", "requirepass \"\\xff\\xfe\"\nmaxmem\xff 1\n");
    auto r = run_cachelint("check --format json " + shell_quote(bad));
    REQUIRE(valid_json(r.out));
    auto fields = run_shell(
        "python3 -c 'import json,sys; d=json.load(sys.stdin); f=[x for x in d[\"findings\"] if x[\"rule\"] == \"RC001\"][0]; "
        "print(sorted(d.keys())); print(sorted(f.keys())); print(f[\"rule\"], f[\"line\"], f[\"column\"])'",
        r.out);
    CHECK(fields.out ==
          "['baseline', 'findings', 'input_errors', 'schema_version', 'summary', 'tool']\n"
          "['column', 'edits', 'end_column', 'end_line', 'fingerprint', 'fix', 'fix_applicability', 'line', 'message', 'name', "
          "'path', 'related', "
          "'rule', 'severity', 'suppressed']\nRC001 2 1\n");
}

TEST_CASE("the report goes to the --output file and nothing to standard output", "[cli]") {
    TempDir t;
    const auto bad = t.file("redis.conf", kBad);
    auto r = run_cachelint("check --format json --output " + shell_quote(t.path + "/report.json") + " " + shell_quote(bad));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(valid_json(read_file(t.path + "/report.json")));
    // The checked file is never modified.
    CHECK(read_file(bad) == kBad);
    // No temporary file is left beside the report.
    int entries = 0;
    for (auto& e : fs::directory_iterator(t.path)) entries += e.is_regular_file();
    CHECK(entries == 2);
}

TEST_CASE("standard input with --stdin-filename", "[cli]") {
    auto r = run_cachelint("check --format concise --stdin-filename cache/redis.conf -", "", kBad);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("cache/redis.conf:1:17: error[RC002]") != std::string::npos);
    auto unnamed = run_cachelint("check -", "", "hello\n");
    CHECK(unnamed.exit_code == 2);
}

TEST_CASE("directories are walked, dialects detected, and output order is deterministic", "[cli]") {
    TempDir t;
    t.file("a/redis.conf", kBad);
    t.file("b/cache.conf", "maxmemory 1gb\nmaxmemory-policy allkeys-lru\nappendonly no\nmaxmemmory 1\n");
    t.file("b/notes.txt", "not a config\n");
    t.file(".git/redis.conf", kBad);  // VCS metadata is never linted
    auto r1 = run_cachelint("check --format concise --jobs 1 " + shell_quote(t.path));
    auto r4 = run_cachelint("check --format concise --jobs 4 " + shell_quote(t.path));
    CHECK(r1.out == r4.out);
    CHECK(r1.out.find("/a/redis.conf:1:17") != std::string::npos);
    CHECK(r1.out.find("/b/cache.conf:4:1: error[RC001]") != std::string::npos);
    CHECK(r1.out.find(".git") == std::string::npos);
    CHECK(r1.out.find(t.path + "/a/") < r1.out.find(t.path + "/b/"));
}

TEST_CASE("rules, explain and version", "[cli]") {
    auto rules = run_cachelint("rules");
    CHECK(rules.exit_code == 0);
    CHECK(rules.out.find("RC001     unknown-directive") != std::string::npos);
    auto explain = run_cachelint("explain RC002");
    CHECK(explain.exit_code == 0);
    CHECK(explain.out.find("Why it matters") != std::string::npos);
    CHECK(explain.out.find("maxmemory 100mb # cache size") != std::string::npos);
    CHECK(run_cachelint("explain inline-comment-or-arity").out == explain.out);
    auto typo = run_cachelint("explain RC0002");
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("did you mean") != std::string::npos);
    CHECK(run_cachelint("--version").out.rfind("cachelint ", 0) == 0);
}
