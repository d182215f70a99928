// A rule's id is written once: its TOML. Rules register and report through the generated constants
// (ids::RC101), so the registry, the catalog and the sources cannot disagree; these tests say so.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/dialect.hpp"
#include "core/rule_catalog.hpp"
#include "core/rule_ids.hpp"

namespace fs = std::filesystem;
using namespace cachelint;

namespace {

// Ids that src/<folder> reports through the generated constants (a text scan of the sources).
std::set<std::string> ids_used_under(const std::string& folder) {
    static const std::regex use(R"(\bids::([A-Z]+[0-9]{3})\b)");
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "src" / folder)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string s = text.str();
        for (std::sregex_iterator it(s.begin(), s.end(), use), end; it != end; ++it) out.insert((*it)[1].str());
    }
    return out;
}

}  // namespace

TEST_CASE("rule ids: every registered rule is in the catalog, once", "[rules][meta]") {
    std::map<std::string_view, int> count;
    for (auto id : registered_rule_ids()) ++count[id];
    REQUIRE(count.size() > 50);  // the registry is filled: the rules linked into the tests
    for (const auto& [id, n] : count) {
        INFO(id);
        CHECK(find_rule(id) != nullptr);
        CHECK(find_rule(id)->id == id);  // a current id, not an old one a redirect still accepts
        CHECK(n == 1);
    }
}

TEST_CASE("rule ids: every catalog rule has logic: a registered check, or a report in a parser or the filter",
          "[rules][meta]") {
    std::set<std::string> reported = ids_used_under("parse");
    for (const auto& id : ids_used_under("filter")) reported.insert(id);
    std::set<std::string_view> registered(registered_rule_ids().begin(), registered_rule_ids().end());
    for (const auto& r : all_rules()) {
        INFO(r.id);
        CHECK((registered.count(r.id) || reported.count(std::string(r.id))));
    }
}

TEST_CASE("rule ids: the generated constants carry the TOML's levels, and report() refuses any other",
          "[rules][meta]") {
    // RC101's TOML gives one level; NGX014's lists graded ones.
    const RuleMeta* one = find_rule("RC101");
    REQUIRE(one);
    CHECK(ids::RC101.id == "RC101");
    CHECK(ids::RC101.severity == one->severity);
    CHECK(ids::NGX014.allows(Severity::note));
    CHECK(ids::NGX014.allows(Severity::error));

    FindingSink sink;
    const Severity other = one->severity == Severity::note ? Severity::error : Severity::note;
    CHECK_FALSE(ids::RC101.allows(other));
    CHECK_THROWS_AS(sink.report(ids::RC101, other, Span{}, "x"), std::logic_error);
    CHECK(sink.findings().empty());
    sink.report(ids::RC101, Span{}, "y");
    REQUIRE(sink.findings().size() == 1);
    CHECK(sink.findings()[0].rule_id == "RC101");
    CHECK(sink.findings()[0].severity == one->severity);
}
