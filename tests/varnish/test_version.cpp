// The Varnish target release (--varnish-version, `[varnish] version`): refusals that differ between the 6.0 LTS
// and 7.x follow it, the command line wins over the project file, and unknown values are usage errors.
#include <catch2/catch.hpp>

#include "core/lint_job.hpp"
#include "parse/varnish/parser.hpp"
#include "parse/varnish/version.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::test;

namespace {

// return (miss) in vcl_hit (removed in 6.2), and an ACL entry with host bits set (refused by pedantic ACLs, the
// default since 7.0): varnishd 7.x refuses each, 6.0 accepts both.
const std::string kOld =
    "vcl 4.1;\n"
    "backend default { .host = \"127.0.0.1\"; .port = \"8080\"; }\n"
    "sub vcl_hit { if (obj.ttl < 0s) { return (miss); } }\n";
const std::string kHostBits =
    "vcl 4.1;\n"
    "backend default { .host = \"127.0.0.1\"; .port = \"8080\"; }\n"
    "acl office { \"192.168.1.10\"/24; }\n"
    "sub vcl_recv { if (client.ip ~ office) { return (pass); } }\n";

// ACL flags (7.0) and include +glob (7.0): 6.0 refuses them.
const std::string kNew =
    "vcl 4.1;\n"
    "include +glob \"none-*.vcl\";\n"
    "backend default { .host = \"127.0.0.1\"; .port = \"8080\"; }\n"
    "acl office +log { \"192.168.1.0\"/24; }\n"
    "sub vcl_recv { if (client.ip ~ office) { return (pass); } }\n";

int count(const std::string& out, const std::string& what) {
    int n = 0;
    for (size_t p = out.find(what); p != std::string::npos; p = out.find(what, p + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("varnish version: parse and names", "[varnish][version]") {
    CHECK(varnish::parse_varnish_version("6.0"));
    CHECK(varnish::parse_varnish_version("7.6"));
    CHECK_FALSE(varnish::parse_varnish_version("6.6"));
    CHECK_FALSE(varnish::parse_varnish_version("7"));
    CHECK_FALSE(varnish::parse_varnish_version("8.0"));
    CHECK(varnish::newest_varnish_target().name() == "7.6");
    auto t = varnish::parse_varnish_version("7.1");
    REQUIRE(t);
    CHECK(t->at_least(7, 0));
    CHECK_FALSE(t->at_least(7, 5));
    CHECK_FALSE(varnish::parse_varnish_version("6.0")->at_least(6, 2));
}

TEST_CASE("varnish version: the target decides 6.0/7.x refusals, on the command line and in .cachelint.toml",
          "[varnish][version]") {
    const std::string dir = make_temp_dir("varnish-version");
    write_file(dir + "/old.vcl", kOld);
    write_file(dir + "/new.vcl", kNew);
    write_file(dir + "/bits.vcl", kHostBits);
    const std::string base = "check --format concise --fail-on never --dialect varnish ";

    // Default (the newest release): the 6.0-era constructs are refused, the 7.x ones accepted.
    auto d_old = run_cachelint(base + "old.vcl bits.vcl", dir);
    CHECK(count(d_old.out, "error[VCL904]") == 1);
    CHECK(count(d_old.out, "Non-zero bits in masked part") == 1);
    auto d_new = run_cachelint(base + "new.vcl", dir);
    CHECK(count(d_new.out, "error[VCL901]") == 0);

    for (const char* v : {"7.0", "7.1", "7.6"}) {
        INFO("--varnish-version " << v);
        auto r = run_cachelint(base + "--varnish-version " + v + " old.vcl bits.vcl", dir);
        CHECK(count(r.out, "error[VCL904]") == 1);
        CHECK(count(r.out, "error[VCL901]") == 1);
    }

    // 6.0: the reverse.
    auto s_old = run_cachelint(base + "--varnish-version 6.0 old.vcl bits.vcl", dir);
    INFO(s_old.out << s_old.err);
    CHECK(s_old.out.find("error[") == std::string::npos);
    auto s_new = run_cachelint(base + "--varnish-version 6.0 new.vcl", dir);
    CHECK(count(s_new.out, "error[VCL901]") == 1);
    CHECK(s_new.out.find("include +glob is a Varnish 7.0 feature") != std::string::npos);
    CHECK(s_new.out.find("(--varnish-version 6.0)") != std::string::npos);

    // The project file sets it; the command line wins.
    write_file(dir + "/.cachelint.toml", "[varnish]\nversion = \"6.0\"\n");
    auto f_old = run_cachelint(base + "old.vcl bits.vcl", dir);
    CHECK(f_old.out.find("error[") == std::string::npos);
    auto f_new = run_cachelint(base + "new.vcl", dir);
    CHECK(f_new.out.find("varnish.version = 6.0 in the project configuration") != std::string::npos);
    auto cli_wins = run_cachelint(base + "--varnish-version 7.1 old.vcl", dir);
    CHECK(count(cli_wins.out, "error[VCL904]") == 1);

    // Unknown values: a usage error on the command line, a configuration error in the file.
    auto bad_cli = run_cachelint(base + "--varnish-version 5.2 old.vcl", dir);
    CHECK(bad_cli.exit_code == 2);
    write_file(dir + "/.cachelint.toml", "[varnish]\nversion = \"6.6\"\n");
    auto bad_file = run_cachelint(base + "old.vcl", dir);
    CHECK(bad_file.exit_code == 2);
    CHECK((bad_file.out + bad_file.err).find("expected 6.0|7.0|7.1|7.2|7.3|7.4|7.5|7.6") != std::string::npos);
}

TEST_CASE("varnish version: 6.0 reads numbers beyond RFC 8941, 7.x refuses them", "[varnish][version]") {
    LintOptions options;
    SourceLoader loader{options};
    auto run = [&](const std::string& version) {
        options.varnish_version = version;
        LintJob job;
        job.main = loader.adopt("n" + version + ".vcl",
                                "vcl 4.1;\nbackend default { .host = \"127.0.0.1\"; .port = \"8080\"; }\n"
                                "sub vcl_backend_response { set beresp.ttl = 0.0001s; }\n");
        job.options = &options;
        job.loader = &loader;
        varnish::Program p;
        varnish::load_program(p, job);
        std::vector<std::string> ids;
        for (const auto& f : job.sink.findings()) ids.push_back(f.rule_id);
        return std::make_pair(p.target.name(), ids);
    };
    auto [v6, f6] = run("6.0");
    CHECK(v6 == "6.0");
    CHECK(f6.empty());
    auto [v7, f7] = run("7.1");
    CHECK(v7 == "7.1");
    CHECK(f7 == std::vector<std::string>{"VCL901"});
}
