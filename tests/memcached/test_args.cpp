// memcached command lines: getopt_long forms, --memcached-args, and the Debian wrapper's line rules.
#include <catch2/catch.hpp>

#include "support/run.hpp"

using namespace cachelint::test;

namespace {
std::string lint_args(const std::string& args) {
    return run_cachelint("check --format concise --fail-on never --memcached-args " + shell_quote(args)).out;
}
std::string lint_conf(const std::string& text) {
    return run_cachelint("check --format concise --fail-on never --dialect memcached -", "", text).out;
}
}  // namespace

TEST_CASE("memcached --memcached-args is linted as <memcached-args>", "[memcached][cli]") {
    const std::string out = lint_args("-m 2g -l 127.0.0.1");
    CHECK(out.find("<memcached-args>:1:4: error[MC001]") != std::string::npos);
    CHECK(lint_args("-m 2048 -l 127.0.0.1").empty());
}

TEST_CASE("memcached getopt forms: attached values, clusters, long options", "[memcached][getopt]") {
    CHECK(lint_args("-m2g -l127.0.0.1").find("[MC001]") != std::string::npos);
    CHECK(lint_args("--memory-limit=2g --listen 127.0.0.1").find("[MC001]") != std::string::npos);
    CHECK(lint_args("--memory-l=2g --listen 127.0.0.1").find("[MC001]") != std::string::npos);  // unique prefix
    CHECK(lint_args("--mem=2g --listen 127.0.0.1").find("ambiguous") != std::string::npos);  // memory-limit or memory-file
    CHECK(lint_args("-Mvv -l 127.0.0.1").find("[MC005]") != std::string::npos);
    CHECK(lint_args("-Mvv -l 127.0.0.1").find("verbosity level 2") != std::string::npos);
    CHECK(lint_args("-l 127.0.0.1 -q").find("error[MC008]") != std::string::npos);
    CHECK(lint_args("-l 127.0.0.1 --bogus").find("error[MC008]") != std::string::npos);
    CHECK(lint_args("-l 127.0.0.1 -m").find("needs a value") != std::string::npos);
    // A quoted -o list with a space reaches memcached as one argument: "Illegal suboption".
    CHECK(lint_args("-l 127.0.0.1 -o 'idle_timeout=600, lru_crawler'").find("error[MC008]") != std::string::npos);
    CHECK(lint_args("-l 127.0.0.1 -o idle_timeout=600,lru_crawler,").empty());
    // -l accumulates: one non-loopback address is enough to expose the cache.
    CHECK(lint_args("-l 127.0.0.1 -l 0.0.0.0").find("[MC004]") != std::string::npos);
    // A private address: a note (who shares that network is not in the command line).
    CHECK(lint_args("-l 127.0.0.1,10.1.2.3").find("note[MC004]") != std::string::npos);
}

TEST_CASE("memcached command-line files start with the binary", "[memcached][format]") {
    const std::string out = lint_conf("ExecStart=/usr/bin/memcached -m 64 -U 11211 -l 0.0.0.0\n");
    CHECK(out.find("[MC003]") != std::string::npos);
    CHECK(out.find("[MC009]") == std::string::npos);
}

TEST_CASE("Debian wrapper comment stripping and dropped lines", "[memcached][debian]") {
    CHECK(lint_conf("-l 127.0.0.1 # listen on loopback only\n-m 1024\n").empty());
    CHECK(lint_conf("-l 127.0.0.1\nport 11211\n").find("error[MC009]") != std::string::npos);
    CHECK(lint_conf("-l 127.0.0.1\nlogfile /var/log/memcached.log\n").empty());
    CHECK(lint_conf("-l 127.0.0.1\n-d\n").empty());
    CHECK(lint_conf("-l 127.0.0.1\n-dv\n").find("note[MC009]") != std::string::npos);
}
