// The HAProxy release setting: --haproxy-version and `[haproxy] version` in .cachelint.toml select what
// the parser refuses (keywords removed or added between releases).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "parse/haproxy/version.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::test;

namespace {
// nbproc: accepted by 2.4, refused since 2.5; http-request in a named defaults section: the reverse.
const std::string kCfg =
    "global\n  nbproc 2\n"
    "defaults web\n  mode http\n  timeout client 5s\n  timeout server 5s\n  timeout connect 5s\n"
    "  http-request set-header X-Via haproxy\n"
    "frontend fe from web\n  bind 127.0.0.1:8080\n  default_backend app\n"
    "backend app from web\n  server s1 127.0.0.1:9000\n";

struct Dir {
    std::string path = make_temp_dir("hapver");
    ~Dir() { std::system(("rm -rf " + shell_quote(path)).c_str()); }
};
}  // namespace

TEST_CASE("haproxy version: names", "[haproxy][version]") {
    CHECK(haproxy::parse_version("2.4"));
    CHECK(haproxy::parse_version("2.6.12")->name() == "2.6");
    CHECK(haproxy::parse_version("3.2")->at_least(3, 0));
    CHECK_FALSE(haproxy::parse_version("2.6.x"));
    CHECK_FALSE(haproxy::parse_version("1.8"));
    CHECK_FALSE(haproxy::parse_version(""));
    CHECK(haproxy::newest_version().name() == std::string(haproxy::version_names().back()));
}

TEST_CASE("haproxy version: --haproxy-version and [haproxy] version select the refusals", "[haproxy][version]") {
    Dir d;
    write_file(d.path + "/haproxy.cfg", kCfg);
    auto at = [&](const std::string& extra) {
        return run_cachelint("check --format concise --fail-on never " + extra + " haproxy.cfg", d.path).out;
    };
    const std::string newest = at("");
    CHECK(newest.find("'nbproc' is not supported any more since HAProxy 2.5") != std::string::npos);
    CHECK(newest.find("before HAProxy 2.5") == std::string::npos);
    const std::string v24 = at("--haproxy-version 2.4");
    CHECK(v24.find("nbproc") == std::string::npos);
    CHECK(v24.find("'http-request' is not allowed in a 'defaults' section before HAProxy 2.5; HAProxy 2.4 refuses") != std::string::npos);
    CHECK(at("--haproxy-version 2.6").find("HAProxy 2.6 refuses the file") != std::string::npos);
    // An unknown release is a usage error, not a silent fallback.
    auto bad = run_cachelint("check --haproxy-version 2.5 haproxy.cfg", d.path);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("2.4, 2.6, 2.8") != std::string::npos);
    // The project configuration, overridden by the command line.
    write_file(d.path + "/.cachelint.toml", "[haproxy]\nversion = \"2.4\"\n");
    std::filesystem::create_directories(d.path + "/.git");
    CHECK(at("").find("nbproc") == std::string::npos);
    CHECK(at("--haproxy-version 3.2").find("nbproc") != std::string::npos);
    write_file(d.path + "/.cachelint.toml", "[haproxy]\nversion = \"9.9\"\n");
    auto wrong = run_cachelint("check haproxy.cfg", d.path);
    CHECK(wrong.exit_code == 2);
}
