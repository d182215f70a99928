// Inputs that are not what they seem: an empty --memcached-args, binary files named like configurations,
// paths that hold no configuration, unreadable files. The summary line and the exit code must agree.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

namespace {
// An ELF header and a git-crypt header: NUL bytes within the first 8 KiB.
const std::string kElf = std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) + std::string(200, '\x01') + "\n";
const std::string kGitCrypt = std::string("\0GITCRYPT\0", 10) + std::string("\x8a\x91\xfe\x03\x00\x10", 6) + "port 6379\n";
}  // namespace

TEST_CASE("input: an empty --memcached-args is a usage error, not a walk of '.'", "[workflow][input]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kErrorLine);  // would make the run exit 1 if '.' were walked
    for (const std::string& empty : {"''", "' '", "=''"}) {
        INFO(empty);
        auto r = p.run(empty[0] == '=' ? "check --memcached-args" + empty : "check --memcached-args " + empty);
        CHECK(r.exit_code == 2);
        if (empty[0] != '=') CHECK(r.err.find("--memcached-args is empty") != std::string::npos);  // '=': CLI11's own message
        CHECK(r.out.find("RC002") == std::string::npos);
    }
    // A real command line is still checked on its own.
    auto ok = p.run("check --format concise --fail-on never --memcached-args '-m 64'");
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("redis.conf") == std::string::npos);
}

TEST_CASE("input: a binary file named like a configuration is one line, not pages of errors", "[workflow][input]") {
    Project p;
    p.file("redis.conf", kCleanRedis);
    p.file("secret/redis.conf", kGitCrypt);
    p.file("bin/nginx.conf", kElf);
    // In a walk: one line each on stderr, the exit code unaffected.
    auto walk = p.run("check .");
    INFO(walk.err);
    CHECK(walk.exit_code == 0);
    CHECK(walk.err == "cachelint: bin/nginx.conf: binary file, not checked\n"
                      "cachelint: secret/redis.conf: binary file, not checked\n");
    CHECK(walk.out == "No problems found in 1 file.\n");
    // Named explicitly: an input error (exit 2), still one line.
    auto named = p.run("check secret/redis.conf");
    CHECK(named.exit_code == 2);
    CHECK(named.err == "cachelint: secret/redis.conf: binary file, not checked\n");
    auto forced = p.run("check --dialect nginx bin/nginx.conf");
    CHECK(forced.exit_code == 2);
    CHECK(count(forced.err, "\n") == 1);
    // A text file with a stray NUL is still checked: HAProxy refuses it, and HAP901 says where.
    p.file("lb/haproxy.cfg", std::string("global\n    maxconn 100\0\n", 24));
    auto stray = p.run("check --format concise lb/haproxy.cfg");
    CHECK(stray.out.find("HAP901") != std::string::npos);
    CHECK(stray.err.find("binary") == std::string::npos);
    // A file that merely contains high bytes (UTF-8 comments) is not binary.
    p.file("utf8/redis.conf", kCleanRedis + "# caf\xc3\xa9 \xe2\x9c\x93\n");
    CHECK(p.run("check utf8/redis.conf").exit_code == 0);
}

TEST_CASE("input: the summary agrees with exit code 2 when a file could not be read", "[workflow][input]") {
    Project p;
    p.file("redis.conf", kCleanRedis);
    auto missing = p.run("check nope.conf");
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.find("No problems found") == std::string::npos);
    CHECK(missing.out == "Nothing checked; 1 input could not be checked (see standard error).\n");
    auto both = p.run("check redis.conf nope.conf");
    CHECK(both.exit_code == 2);
    CHECK(both.out == "No problems found in 1 file; 1 input could not be checked (see standard error).\n");
    // Unreadable (root reads everything: a directory named like a file is unreadable for everyone).
    p.file("locked/redis.conf", kCleanRedis);
    const std::string locked = p.path + "/locked/redis.conf";
    REQUIRE(::chmod(locked.c_str(), 0) == 0);
    if (::geteuid() != 0) {
        auto r = p.run("check locked/redis.conf");
        CHECK(r.exit_code == 2);
        CHECK(r.out == "Nothing checked; 1 input could not be checked (see standard error).\n");
        auto j = p.run("check --format json locked/redis.conf");
        CHECK(j.out.find("\"files\": 0") != std::string::npos);
    } else {
        // Root: an oversized file is the unreadable input the engine reports.
        p.file("big/redis.conf", kCleanRedis + std::string(2000, '#') + "\n");
        auto r = p.run("check --max-file-size 1kb big/redis.conf");
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out == "Nothing checked; 1 input could not be checked (see standard error).\n");
        auto j = p.run("check --format json --max-file-size 1kb big/redis.conf redis.conf");
        CHECK(j.out.find("\"files\": 1") != std::string::npos);
    }
    // With findings too.
    p.file("warn/redis.conf", kCleanRedis + kWarnLine);
    auto found = p.run("check warn/redis.conf nope.conf");
    CHECK(found.exit_code == 2);
    CHECK(found.out.find("Found 1 problem (0 errors, 0 warnings, 1 note) in 1 file; 1 input could not be checked") !=
          std::string::npos);
}

TEST_CASE("input: a directory with no configuration warns, and fails with --strict", "[workflow][input]") {
    Project p;
    p.file("redis.conf", kCleanRedis);
    p.file("docs/README.md", "# nothing to check\n");
    auto r = p.run("check docs");
    CHECK(r.exit_code == 0);
    CHECK(r.err == "cachelint: warning: docs: no configuration file found here; nothing checked\n");
    CHECK(r.out == "No problems found in 0 files.\n");
    auto trailing = p.run("check docs/");
    CHECK(trailing.err.find("docs/: no configuration file found here") != std::string::npos);
    auto strict = p.run("check --strict docs");
    CHECK(strict.exit_code == 2);
    CHECK(strict.err.find("docs: no configuration file found here (--strict)") != std::string::npos);
    CHECK(strict.out == "Nothing checked; 1 input could not be checked (see standard error).\n");
    // A directory that does hold a configuration: no warning, also with --strict.
    auto fine = p.run("check --strict .");
    CHECK(fine.exit_code == 0);
    CHECK(fine.err.empty());
    // Only the empty one of two is named.
    auto mixed = p.run("check . docs");
    CHECK(mixed.exit_code == 0);
    CHECK(mixed.err == "cachelint: warning: docs: no configuration file found here; nothing checked\n");
    // --help documents it.
    CHECK(p.run("check --help").out.find("a directory with no configuration file, or a named file whose kind cannot be told, is an input error") != std::string::npos);
}
