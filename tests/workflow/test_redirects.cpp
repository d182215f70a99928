// Renamed rules (rules/redirects.toml, as ruff's rule redirects): the old ids keep working wherever users
// wrote them: --select/--ignore, .cachelint.toml, suppression comments, baselines and explain.
#include <catch2/catch.hpp>

#include "core/rule_catalog.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

TEST_CASE("redirects: every old id names an existing rule, and no current one", "[workflow][redirects]") {
    REQUIRE(!cachelint::rule_redirects().empty());
    for (const auto& r : cachelint::rule_redirects()) {
        INFO(r.from << " -> " << r.to);
        const cachelint::RuleMeta* meta = cachelint::find_rule(r.from);
        REQUIRE(meta);
        CHECK(meta->id == r.to);
        CHECK(meta->fingerprint_id == r.from);  // fingerprints keep the first id
        for (const auto& rule : cachelint::all_rules()) CHECK(rule.id != r.from);
    }
}

TEST_CASE("redirects: an old id works in selections, suppressions, baselines and explain", "[workflow][redirects]") {
    Project p;
    p.file("haproxy.cfg", kHaproxyMaxAge10m);
    CHECK(count(p.run("check --format concise --select HAP-001 haproxy.cfg").out, "[HAP001]") == 1);
    CHECK(count(p.run("check --format concise --ignore HAP-001 haproxy.cfg").out, "[HAP001]") == 0);
    p.file("cfg/.cachelint.toml", "[severity]\n\"HAP-001\" = \"note\"\n");
    p.file("cfg/haproxy.cfg", kHaproxyMaxAge10m);
    CHECK(p.run("check --format concise cfg/haproxy.cfg").out.find("note[HAP001]") != std::string::npos);

    // A suppression comment written with the old id.
    std::string suppressed = kHaproxyMaxAge10m;
    suppressed.insert(suppressed.find("  max-age 10m"), "  # cachelint: disable-next-line=HAP-001 -- seconds are intended here\n");
    p.file("s/haproxy.cfg", suppressed);
    auto s = p.run("check --format concise s/haproxy.cfg");
    CHECK(count(s.out, "[HAP001]") == 0);
    CHECK(s.out.find("CL00") == std::string::npos);  // the suppression is used, not reported as unused

    // A baseline written before the rename: its entry names the old id, its fingerprint still matches.
    REQUIRE(p.run("check --write-baseline bl.json haproxy.cfg").exit_code == 0);
    std::string baseline = p.read("bl.json");
    REQUIRE(count(baseline, "\"HAP001\"") == 1);
    baseline.replace(baseline.find("\"HAP001\""), 8, "\"HAP-001\"");
    p.file("bl.json", baseline);
    auto b = p.run("check --format concise --baseline bl.json haproxy.cfg");
    CHECK(count(b.out, "[HAP001]") == 0);
    CHECK(b.err.find("match no finding") == std::string::npos);

    auto e = p.run("explain HAP-001");
    CHECK(e.exit_code == 0);
    CHECK(e.out.find("HAP001 max-age-misuse") != std::string::npos);
    CHECK(e.err.find("HAP-001 was renamed HAP001") != std::string::npos);
}
