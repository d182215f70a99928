// Renamed rules (rules/redirects.toml, as ruff's rule redirects): the old ids keep working wherever users
// wrote them: --select/--ignore, .cachelint.toml, suppression comments, baselines and explain.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/rule_catalog.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;

TEST_CASE("redirects: every old id names an existing rule, and no current one", "[workflow][redirects]") {
    REQUIRE(!cachelint::rule_redirects().empty());
    for (const auto& r : cachelint::rule_redirects()) {
        INFO(r.from << " -> " << r.to);
        const cachelint::RuleMeta* to = cachelint::find_rule(r.to);
        REQUIRE(to);
        CHECK(to->id == r.to);
        const auto pieces = cachelint::find_rules(r.from);
        CHECK(std::count(pieces.begin(), pieces.end(), to) == 1);
        if (cachelint::split_into(r.from).empty()) {
            REQUIRE(pieces.size() == 1);
            CHECK(cachelint::find_rule(r.from) == to);
        } else {
            CHECK(cachelint::find_rule(r.from) == nullptr);  // a split id names no one rule
        }
        for (const auto& rule : cachelint::all_rules()) CHECK(rule.id != r.from);
    }
    // Fingerprints keep the first id: a renamed rule's old id, a split rule's first id for every piece,
    // through a rename followed by a split (NGX-019 -> NGX019 -> NGX028, NGX029, NGX030).
    CHECK(cachelint::find_rule("HAP001")->fingerprint_id == "HAP-001");
    for (auto id : {"NGX028", "NGX029", "NGX030"}) CHECK(cachelint::find_rule(id)->fingerprint_id == "NGX-019");
    for (auto id : {"RC109", "RC110", "RC111", "RC112", "RC113"}) CHECK(cachelint::find_rule(id)->fingerprint_id == "RC107");
    CHECK(cachelint::find_rule("RC101")->fingerprint_id == "RC101");
    CHECK(cachelint::split_into("RC107") == std::vector<std::string_view>{"RC109", "RC110", "RC111", "RC112", "RC113"});
    CHECK(cachelint::split_into("NGX-019") == std::vector<std::string_view>{"NGX028", "NGX029", "NGX030"});
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

namespace {
// Fires RC109 (samples), RC110 (tenacity) and RC112 (hz): three pieces of the old RC107.
const std::string kRedisTuning =
    "# cachelint: role=cache\nmaxmemory 2gb\nmaxmemory-policy allkeys-lru\nlazyfree-lazy-eviction yes\n"
    "lazyfree-lazy-expire yes\nsave \"\"\nmaxmemory-samples 1\nmaxmemory-eviction-tenacity 0\nhz 1000\n";
// What `check --write-baseline` wrote for kRedisTuning before RC107 was split.
const std::string kBaselineBeforeSplit = R"({
  "version": 1,
  "tool": "cachelint",
  "tool_version": "0.1.0",
  "entries": [
    {"rule": "RC107", "path": "redis.conf", "fingerprint": "b3751d2697d0f48f:1", "message": "'maxmemory-eviction-tenacity 0': eviction does the minimum per command and falls behind write bursts, so memory overshoots maxmemory"},
    {"rule": "RC107", "path": "redis.conf", "fingerprint": "ed955842d1871d6d:1", "message": "'maxmemory-samples 1': so few samples approximate LRU/LFU poorly, and hot keys get evicted"},
    {"rule": "RC107", "path": "redis.conf", "fingerprint": "fa1a98b67dd688fa:1", "message": "'hz 1000': background tasks run 500 times a second (clamped to 500); above 100 this costs CPU even when idle"}
  ]
})";
size_t pieces_of_rc107(const std::string& out) { return count(out, "[RC109]") + count(out, "[RC110]") + count(out, "[RC112]"); }
}  // namespace

TEST_CASE("redirects: a split rule's old id stands for every piece", "[workflow][redirects]") {
    Project p;
    p.file("redis.conf", kRedisTuning);
    CHECK(pieces_of_rc107(p.run("check --format concise --dialect redis redis.conf").out) == 3);
    // --select / --ignore with the old id: every piece, and only them.
    auto sel = p.run("check --format concise --dialect redis --select RC107 redis.conf").out;
    CHECK(pieces_of_rc107(sel) == 3);
    CHECK(count(sel, "[RC1") == 3);
    CHECK(pieces_of_rc107(p.run("check --format concise --dialect redis --ignore RC107 redis.conf").out) == 0);
    // [severity] with the old id sets every piece.
    p.file("cfg/.cachelint.toml", "[severity]\nRC107 = \"warning\"\n");
    p.file("cfg/redis.conf", kRedisTuning);
    auto sev = p.run("check --format concise --dialect redis cfg/redis.conf").out;
    CHECK(count(sev, "warning[RC109]") + count(sev, "warning[RC110]") + count(sev, "warning[RC112]") == 3);

    // Suppression comments naming the old id: one line, and the whole file.
    std::string one = kRedisTuning;
    one.insert(one.find("hz 1000"), "# cachelint: disable-next-line=RC107 -- measured\n");
    p.file("s/redis.conf", one);
    auto s = p.run("check --format concise --dialect redis s/redis.conf").out;
    CHECK(count(s, "[RC112]") == 0);
    CHECK(count(s, "[RC109]") == 1);
    CHECK(s.find("CL00") == std::string::npos);  // used, not reported as unused
    p.file("f/redis.conf", "# cachelint: disable-file=RC107 -- tuned on purpose\n" + kRedisTuning);
    auto f = p.run("check --format concise --dialect redis f/redis.conf").out;
    CHECK(pieces_of_rc107(f) == 0);
    CHECK(f.find("CL00") == std::string::npos);
    p.file("u/redis.conf", "# cachelint: disable-file=RC107 -- nothing to suppress\nmaxmemory 2gb\n");
    CHECK(p.run("check --format concise --dialect redis u/redis.conf").out.find("suppresses nothing") != std::string::npos);

    // A baseline written by cachelint before the split (verbatim): each RC107 entry matches its piece.
    p.file("bl.json", kBaselineBeforeSplit);
    auto b = p.run("check --format concise --dialect redis --baseline bl.json redis.conf");
    CHECK(pieces_of_rc107(b.out) == 0);
    CHECK(b.err.find("match no finding") == std::string::npos);

    // explain lists the pieces; docs write a page for the old id that links them.
    auto e = p.run("explain RC107");
    CHECK(e.exit_code == 0);
    CHECK(e.out.find("RC107 was split into RC109, RC110, RC111, RC112, RC113") != std::string::npos);
    CHECK(e.out.find("RC110 eviction-tenacity-extreme") != std::string::npos);
    auto n = p.run("explain NGX-019");
    CHECK(n.exit_code == 0);
    CHECK(n.out.find("NGX-019 was split into NGX028, NGX029, NGX030") != std::string::npos);
    REQUIRE(p.run("docs --output pages").exit_code == 0);
    const std::string page = p.read("pages/RC107.md");
    CHECK(page.find("# RC107 was split") != std::string::npos);
    CHECK(page.find("[RC113](RC113.md)") != std::string::npos);
    CHECK(p.read("pages/NGX-019.md").find("[NGX028](NGX028.md)") != std::string::npos);
}

TEST_CASE("redirects: the pieces of a split rule keep the fingerprints the old rule gave", "[workflow][redirects]") {
    Project p;
    p.file("redis.conf", kRedisTuning);
    REQUIRE(p.run("check --dialect redis --write-baseline bl.json redis.conf").exit_code == 0);
    const std::string baseline = p.read("bl.json");
    for (const char* fp : {"b3751d2697d0f48f:1", "ed955842d1871d6d:1", "fa1a98b67dd688fa:1"}) CHECK(count(baseline, fp) == 1);
    CHECK(count(baseline, "\"RC107\"") == 0);  // new entries name the pieces
}
