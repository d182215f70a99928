// One golden report per output format (as ruff's output_format_* snapshots): tests/formats/input/ holds a small
// Redis file with an error, a warning and a note (one with a mechanical fix), checked with every --format;
// tests/formats/<format>.golden is what the run prints (standard output, then "--- stderr" and standard error
// when there is any, then "--- exit N"). CACHELINT_UPDATE_FORMATS=1 rewrites the goldens (review the diff!).
// SARIF lists the whole rule catalog and an absolute base URI: its golden keeps the results and the run, with
// the catalog and the rule indexes checked here and then left out, so a rule added elsewhere changes no golden.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "report/report.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

std::vector<std::string> all_format_names() {
    std::vector<std::string> names;
    std::istringstream in{std::string(format_names())};
    for (std::string name; std::getline(in, name, '|');) names.push_back(name);
    return names;
}

// The run's output with what depends on the machine or on the rest of the catalog taken out (SARIF).
std::string stable(const std::string& format, std::string out, const std::string& cwd) {
    if (format != "sarif") return out;
    auto doc = nlohmann::ordered_json::parse(out);  // ordered: the golden keeps the report's key order
    CHECK(doc.dump(2) + "\n" == out);                // so the golden shows the report's own layout
    for (auto& run : doc.at("runs")) {
        auto& rules = run.at("tool").at("driver").at("rules");
        for (auto& result : run.at("results")) {
            const auto index = result.at("ruleIndex").get<size_t>();
            INFO("result of " << result.at("ruleId"));
            REQUIRE(index < rules.size());
            CHECK(rules[index].at("id") == result.at("ruleId"));
            result["ruleIndex"] = "<checked: rules[ruleIndex].id == ruleId>";
        }
        rules = "<the rule catalog, checked against each ruleIndex>";
        auto& root = run.at("originalUriBaseIds").at("%SRCROOT%").at("uri");
        CHECK(root == "file://" + cwd + "/");
        root = "file://<working directory>/";
    }
    return doc.dump(2) + "\n";
}

}  // namespace

TEST_CASE("output formats: each --format prints its golden report", "[formats]") {
    const bool update = std::getenv("CACHELINT_UPDATE_FORMATS") != nullptr;
    const fs::path dir = fs::path(CACHELINT_SOURCE_DIR) / "tests" / "formats";
    const std::string cwd = fs::canonical(dir / "input").string();
    const auto formats = all_format_names();
    REQUIRE(formats.size() >= 8);
    for (const auto& format : formats) {
        DYNAMIC_SECTION("--format " << format) {
            auto r = run_in_process({"check", "--format", format, "--color", "never", "redis-cache.conf"}, cwd);
            std::string actual = stable(format, r.out, cwd);
            if (!r.err.empty()) actual += "--- stderr\n" + r.err;
            if (r.exit_code != 0) actual += "--- exit " + std::to_string(r.exit_code) + "\n";
            const fs::path golden = dir / (format + ".golden");
            if (update) {
                write_file(golden.string(), actual);
            } else {
                INFO("golden " << golden.string() << " (CACHELINT_UPDATE_FORMATS=1 rewrites it)");
                REQUIRE(fs::exists(golden));
                CHECK(actual == read_file(golden.string()));
            }
        }
    }
    // Every golden belongs to a format the CLI offers (a removed format leaves no stale golden behind).
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".golden") {
            INFO("golden " << e.path().string());
            CHECK(std::find(formats.begin(), formats.end(), e.path().stem().string()) != formats.end());
        }
}
