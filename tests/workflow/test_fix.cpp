// `check --fix` and `check --diff` (README "Fixes"): the only way cachelint writes to the files it
// checks. Each test runs the binary on real files and looks at the bytes on disk afterwards.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <sys/stat.h>

#include "fix/fix.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

namespace {
const std::string kAliases = kCleanRedis + "slaveof 10.0.0.1 6379\nSlave-Read-Only yes\n";
const std::string kApache =
    "<VirtualHost *:80>\n    ServerName shop.example.com\n    CacheQuickHandler off\n    CacheEnable disk /\n"
    "    CacheIgnoreHeaders Set-Cookie\n    CacheLock on\n    CacheDefaultExpire 1h\n    CacheMaxExpire 86400\n"
    "</VirtualHost>";  // no final newline: httpd does not mind

std::string replace(std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
}
}  // namespace

TEST_CASE("fix: --diff shows the fixes as a patch that applies, and writes nothing", "[workflow][fix]") {
    Project p;
    p.file("redis.conf", kAliases);
    p.file("haproxy.cfg", kHaproxyMaxAge10m);
    p.file("apache2.conf", kApache);
    // The HAProxy and Apache fixes change what the server does (10m is read as 10 seconds): opt-in.
    auto safe = p.run("check --diff redis.conf haproxy.cfg apache2.conf");
    CHECK(safe.exit_code == 1);
    CHECK(safe.err.find("would fix 1 finding in 1 file\n") != std::string::npos);
    CHECK(safe.err.find("2 more findings have fixes that change what the server does; add --unsafe-fixes to apply them") !=
          std::string::npos);
    CHECK(safe.out.find("+++ redis.conf") != std::string::npos);
    CHECK(safe.out.find("haproxy.cfg") == std::string::npos);
    CHECK(safe.out.find("apache2.conf") == std::string::npos);

    auto diff = p.run("check --diff --unsafe-fixes redis.conf haproxy.cfg apache2.conf");
    CHECK(diff.exit_code == 1);  // there is something to fix
    CHECK(diff.err.find("would fix 3 findings in 3 files") != std::string::npos);
    CHECK(diff.out.find("--- redis.conf\n+++ redis.conf\n@@ -2,5 +2,5 @@\n") != std::string::npos);
    CHECK(diff.out.find("-slaveof 10.0.0.1 6379\n-Slave-Read-Only yes\n+replicaof 10.0.0.1 6379\n+replica-read-only yes\n") !=
          std::string::npos);
    CHECK(diff.out.find("-  max-age 10m\n+  max-age 600\n") != std::string::npos);
    // The Apache file has no final newline: the context line says so, as diff -u does.
    CHECK(diff.out.find("-    CacheDefaultExpire 1h\n+    CacheDefaultExpire 3600\n     CacheMaxExpire 86400\n"
                        " </VirtualHost>\n\\ No newline at end of file\n") != std::string::npos);
    CHECK(p.read("redis.conf") == kAliases);  // nothing written
    CHECK(p.read("haproxy.cfg") == kHaproxyMaxAge10m);

    // The diff is a real patch: git applies it, and the result is what --fix writes.
    p.file("fixes.patch", diff.out);
    const std::string in_dir = "cd " + shell_quote(p.path) + " && ";
    REQUIRE(run_shell(in_dir + "rm -rf .git && git init -q . && git apply -p0 fixes.patch").exit_code == 0);
    const std::string patched_redis = p.read("redis.conf"), patched_haproxy = p.read("haproxy.cfg");
    p.file("redis.conf", kAliases);
    p.file("haproxy.cfg", kHaproxyMaxAge10m);
    p.file("apache2.conf", kApache);
    auto fix = p.run("check --fix --unsafe-fixes --format concise redis.conf haproxy.cfg apache2.conf");
    CHECK(fix.err.find("fixed 3 findings in 3 files") != std::string::npos);
    CHECK(p.read("redis.conf") == patched_redis);
    CHECK(p.read("haproxy.cfg") == patched_haproxy);
    CHECK(patched_redis == replace(replace(kAliases, "slaveof", "replicaof"), "Slave-Read-Only", "replica-read-only"));
    CHECK(patched_haproxy == replace(kHaproxyMaxAge10m, "max-age 10m", "max-age 600"));
    CHECK(p.read("apache2.conf") == replace(kApache, "CacheDefaultExpire 1h", "CacheDefaultExpire 3600"));
    // Nothing left to fix: --diff is empty and exits 0.
    auto again = p.run("check --diff --unsafe-fixes redis.conf haproxy.cfg apache2.conf");
    CHECK(again.exit_code == 0);
    CHECK(again.out.empty());
}

TEST_CASE("fix: --fix reports what remains, checked again after the rewrite", "[workflow][fix]") {
    Project p;
    p.file("redis.conf", kAliases + "maxmemory-samples 1\n");
    auto r = p.run("check --fix --format concise redis.conf");
    CHECK(r.out.find("[RC005]") == std::string::npos);           // fixed, so not reported
    CHECK(r.out.find("[RC109]") != std::string::npos);           // no mechanical fix: still reported
    CHECK(r.out.find("'replicaof 10.0.0.1 6379'") != std::string::npos);  // messages quote the fixed file
    CHECK(r.out.find("redis.conf:5:11: warning[RC501]") != std::string::npos);  // positions too (was 5:9)
    CHECK(r.exit_code == 1);
    // Text output says which findings are fixable.
    p.file("b/redis.conf", kAliases);
    auto text = p.run("check --color never b/redis.conf");
    CHECK(text.out.find("[fixable: --fix]") != std::string::npos);
    CHECK(text.out.find("1 finding has a mechanical fix: --diff shows it, --fix applies it.") != std::string::npos);
    // An unsafe fix says how to apply it, and --fix alone leaves it.
    p.file("c/haproxy.cfg", kHaproxyMaxAge10m);
    auto unsafe = p.run("check --color never c/haproxy.cfg");
    CHECK(unsafe.out.find("[unsafe fix: --fix --unsafe-fixes]") != std::string::npos);
    CHECK(unsafe.out.find("1 finding has a fix that changes what the server does: --diff --unsafe-fixes shows, "
                          "--fix --unsafe-fixes applies.") != std::string::npos);
    CHECK(unsafe.out.find("a mechanical fix: --diff shows it") == std::string::npos);
    CHECK(p.run("check --fix c/haproxy.cfg").exit_code == 1);
    CHECK(p.read("c/haproxy.cfg") == kHaproxyMaxAge10m);
}

TEST_CASE("fix: files keep their permissions and symlinks stay links", "[workflow][fix]") {
    Project p;
    const std::string target = p.file("real/redis.conf", kAliases);
    ::chmod(target.c_str(), 0600);
    std::filesystem::create_symlink("real/redis.conf", p.path + "/redis.conf");
    REQUIRE(p.run("check --fix redis.conf").err.find("fixed 1 finding in 1 file") != std::string::npos);
    CHECK(std::filesystem::is_symlink(p.path + "/redis.conf"));
    CHECK(p.read("real/redis.conf").starts_with(kCleanRedis + "replicaof"));
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
}

TEST_CASE("fix: no fix where the bytes are not the value, or the file was not asked for", "[workflow][fix]") {
    Project p;
    // Quoted (HAProxy), from a variable (Apache), in an included file (redis): the finding stays, no fix.
    p.file("haproxy.cfg", replace(kHaproxyMaxAge10m, "max-age 10m", "max-age \"10m\""));
    p.file("apache2.conf", "Define EXPIRY 1h\n" + replace(kApache, "CacheDefaultExpire 1h", "CacheDefaultExpire ${EXPIRY}"));
    p.file("common.conf", "slaveof 10.0.0.1 6379\n");
    p.file("redis.conf", kCleanRedis + "include " + p.path + "/common.conf\n");
    auto json = p.run("check --format json haproxy.cfg apache2.conf redis.conf");
    CHECK(count(json.out, "\"rule\": \"HAP001\"") == 1);
    CHECK(count(json.out, "\"rule\": \"APC006\"") == 1);
    CHECK(count(json.out, "\"rule\": \"RC005\"") == 1);
    CHECK(count(json.out, "\"edits\": []") == count(json.out, "\"rule\": "));
    auto diff = p.run("check --diff haproxy.cfg apache2.conf redis.conf");
    CHECK(diff.exit_code == 0);
    CHECK(diff.out.empty());
    CHECK(p.read("common.conf") == "slaveof 10.0.0.1 6379\n");

    // A suppressed finding is not fixed either.
    p.file("s/redis.conf", kCleanRedis + "# cachelint: disable-next-line=RC005 -- legacy name kept for old tooling\nslaveof 10.0.0.1 6379\n");
    CHECK(p.run("check --diff s/redis.conf").out.empty());
}

TEST_CASE("fix: usage errors", "[workflow][fix]") {
    Project p;
    p.file("redis.conf", kAliases);
    auto stdin_fix = p.run("check --fix -", kAliases);
    CHECK(stdin_fix.exit_code == 2);
    CHECK(stdin_fix.err.find("standard input cannot be fixed in place") != std::string::npos);
    CHECK(p.run("check --fix --diff redis.conf").exit_code == 2);
    CHECK(p.run("check --fix --write-baseline b.json redis.conf").exit_code == 2);
    auto unsafe_alone = p.run("check --unsafe-fixes redis.conf");
    CHECK(unsafe_alone.exit_code == 2);
    CHECK(unsafe_alone.err.find("use it with one of them") != std::string::npos);
    CHECK(p.read("redis.conf") == kAliases);
}

TEST_CASE("fix: SARIF carries each fix as replacements", "[workflow][fix][sarif]") {
    Project p;
    p.file("haproxy.cfg", kHaproxyMaxAge10m);
    auto sarif = p.run("check --format sarif haproxy.cfg");
    const std::string script =
        "import json,sys; r=json.load(sys.stdin)['runs'][0]['results']; "
        "print(json.dumps([x['fixes'] for x in r if x['ruleId']=='HAP001'], sort_keys=True))";
    CHECK(run_shell("python3 -c " + shell_quote(script), sarif.out).out ==
          "[[{\"artifactChanges\": [{\"artifactLocation\": {\"uri\": \"haproxy.cfg\", \"uriBaseId\": \"%SRCROOT%\"}, "
          "\"replacements\": [{\"deletedRegion\": {\"endColumn\": 14, \"endLine\": 16, \"startColumn\": 11, \"startLine\": 16}, "
          "\"insertedContent\": {\"text\": \"600\"}}]}], \"description\": {\"text\": \"write 'max-age 600'\"}, "
          "\"properties\": {\"applicability\": \"unsafe\"}}]]\n");
    // JSON says the same; a safe fix (RC005's alias rename) says safe.
    p.file("redis.conf", kAliases);
    auto json = p.run("check --format json haproxy.cfg redis.conf");
    CHECK(count(json.out, "\"fix_applicability\": \"unsafe\"") == 1);
    CHECK(count(json.out, "\"fix_applicability\": \"safe\"") == 1);
}

// The apply step on its own: what a file edited between the check and the fix, and two fixes of the
// same bytes, do. These cannot be produced reliably through the binary.
TEST_CASE("fix: a file changed since the check is left alone; overlapping fixes wait", "[unit][fix]") {
    using namespace cachelint;
    Project p;
    const std::string path = p.file("x.conf", "aaa bbb\n");
    auto diag = [&](uint32_t begin, uint32_t end, std::string original, std::string replacement) {
        Diagnostic d;
        d.rule_id = "RC005";
        ResolvedEdit e;
        e.location = {path, 1, begin + 1, 1, end + 1, "aaa bbb"};
        e.begin = begin;
        e.end = end;
        e.original = std::move(original);
        e.replacement = std::move(replacement);
        d.fix.push_back(e);
        return d;
    };
    LintResult overlapping;
    overlapping.diagnostics = {diag(0, 3, "aaa", "x"), diag(1, 5, "aa b", "y"), diag(4, 7, "bbb", "zz")};
    std::ostringstream diff;
    const LintOptions options;
    FixOutcome o = apply_fixes(overlapping, options, true, &diff);
    CHECK(o.findings == 2);
    CHECK(o.errors.empty());
    CHECK(read_file(path) == "x zz\n");
    REQUIRE(overlapping.diagnostics.size() == 1);  // the fix that waits is still reported
    CHECK(overlapping.diagnostics[0].fix.front().original == "aa b");
    CHECK(diff.str() == "--- " + path + "\n+++ " + path + "\n@@ -1,1 +1,1 @@\n-aaa bbb\n+x zz\n");

    LintResult stale;  // the file now says "x zz": the recorded original no longer matches
    stale.diagnostics = {diag(0, 3, "aaa", "q")};
    o = apply_fixes(stale, options, true, nullptr);
    CHECK(o.findings == 0);
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].message.find("changed since it was checked") != std::string::npos);
    CHECK(read_file(path) == "x zz\n");
}
