// The fixture runner. Layout:
//   fixtures/<dialect>/<RULE-ID>/<case>.<ext>            an input, checked on its own
//   fixtures/<dialect>/<RULE-ID>/<case>.<ext>.expected   the golden of `check --format concise --fail-on never`:
//                                                        standard output (every finding, one per line), then,
//                                                        only when there is any, "--- stderr" and standard
//                                                        error, then, only when it is not 0, "--- exit N"
//   fixtures/<dialect>/<RULE-ID>/<case>.<ext>.args       optional extra command-line arguments (blank-separated)
// Names starting with '_' are not cases (included files, helpers). Each case runs in process, through the
// entry point main() calls (run_cli), in its own section named after the file: a failure names the fixture,
// and `-c dialect/RULE/case.ext` runs one. CACHELINT_UPDATE_FIXTURES=1 rewrites the .expected files (review
// the diff!).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/dialect.hpp"
#include "core/rule_catalog.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

struct Case {
    fs::path input;
    std::string dialect, rule_dir;
    std::string name() const { return dialect + "/" + rule_dir + "/" + input.filename().string(); }
};

std::vector<Case> find_cases() {
    std::vector<Case> cases;
    const fs::path root = fs::path(CACHELINT_SOURCE_DIR) / "fixtures";
    for (auto& dialect : fs::directory_iterator(root)) {
        if (!dialect.is_directory()) continue;
        for (auto& rule : fs::directory_iterator(dialect)) {
            if (!rule.is_directory()) continue;
            for (auto& f : fs::directory_iterator(rule)) {
                const std::string name = f.path().filename().string();
                if (name[0] == '_' || name.ends_with(".expected") || name.ends_with(".args")) continue;
                if (!f.is_regular_file()) continue;
                cases.push_back({f.path(), dialect.path().filename().string(), rule.path().filename().string()});
            }
        }
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.input < b.input; });
    return cases;
}

// Walked once per test binary: a test case with one section per fixture runs once per section.
const std::vector<Case>& all_cases() {
    static const std::vector<Case> cases = find_cases();
    return cases;
}

// The case's command line after `cachelint`: `check`, OPTIONS (`--format concise --fail-on never`, the
// dialect, the .args words), the file name (the case runs in its folder).
std::vector<std::string> case_args(const Case& c, std::vector<std::string> options) {
    std::vector<std::string> args{"check"};
    args.insert(args.end(), options.begin(), options.end());
    // Rules of no particular dialect (fixtures/core: suppressions, ...) run on files named for their dialect.
    if (find_dialect(c.dialect)) args.insert(args.end(), {"--dialect", c.dialect});
    std::istringstream words(read_file(c.input.string() + ".args"));
    for (std::string w; words >> w;) {
        INFO(c.input.string() << ".args: blank-separated words only, no quoting");
        REQUIRE(w.find_first_of("'\"\\") == std::string::npos);
        args.push_back(w);
    }
    args.push_back(c.input.filename().string());
    return args;
}

// What a .expected file holds for a run (see the layout above).
std::string golden(const RunResult& r) {
    std::string g = r.out;
    if (!r.err.empty()) g += "--- stderr\n" + r.err + (r.err.ends_with('\n') ? "" : "\n");
    if (r.exit_code != 0) g += "--- exit " + std::to_string(r.exit_code) + "\n";
    return g;
}

// The findings part of a golden (standard output).
std::string golden_findings(const std::string& g) {
    const size_t at = g.starts_with("--- ") ? 0 : g.find("\n--- ");
    return at == std::string::npos ? g : g.substr(0, at == 0 ? 0 : at + 1);
}

}  // namespace

TEST_CASE("every fixture produces exactly its expected findings", "[fixtures]") {
    const bool update = std::getenv("CACHELINT_UPDATE_FIXTURES") != nullptr;
    REQUIRE(!all_cases().empty());
    for (const auto& c : all_cases()) {
        DYNAMIC_SECTION(c.name()) {
            const std::string expected_path = c.input.string() + ".expected";
            const std::string actual = golden(run_in_process(case_args(c, {"--format", "concise", "--fail-on", "never"}),
                                                             c.input.parent_path().string()));
            if (update) {
                write_file(expected_path, actual);
            } else {
                REQUIRE(fs::exists(expected_path));
                CHECK(actual == read_file(expected_path));
            }
        }
    }
}

TEST_CASE("every rule has a firing fixture and a quiet fixture", "[fixtures][meta]") {
    std::map<std::string, std::pair<int, int>> fire_quiet;  // rule id -> (cases firing, cases quiet)
    for (const auto& c : all_cases()) {
        const std::string expected = golden_findings(read_file(c.input.string() + ".expected"));
        const bool fires = expected.find("[" + c.rule_dir + "]") != std::string::npos;
        auto& fq = fire_quiet[c.rule_dir];
        (fires ? fq.first : fq.second)++;
    }
    for (const auto& rule : all_rules()) {
        INFO("rule " << rule.id << " (fixtures/" << rule.dialect << "/" << rule.id << "/)");
        CHECK(fire_quiet[std::string(rule.id)].first > 0);
        CHECK(fire_quiet[std::string(rule.id)].second > 0);
    }
}

TEST_CASE("every rule's bad example fires it and its good example does not", "[rules][meta]") {
    for (const auto& rule : all_rules()) {
        INFO("rule " << rule.id);
        std::vector<std::string> args{"check", "--format", "concise", "--fail-on", "never"};
        // A rule of no particular dialect ("core") names the file its examples are, in its example args.
        if (find_dialect(rule.dialect)) args.insert(args.end(), {"--dialect", std::string(rule.dialect)});
        std::istringstream words{std::string(rule.example_args)};
        for (std::string w; words >> w;) {
            REQUIRE(w.find_first_of("'\"\\") == std::string::npos);  // blank-separated words, no shell quoting
            args.push_back(w);
        }
        args.push_back("-");
        auto bad = run_in_process(args, "", std::string(rule.bad_example));
        auto good = run_in_process(args, "", std::string(rule.good_example));
        INFO("bad example output:\n" << bad.out << bad.err);
        CHECK(bad.out.find("[" + std::string(rule.id) + "]") != std::string::npos);
        INFO("good example output:\n" << good.out << good.err);
        CHECK(good.out.find("[" + std::string(rule.id) + "]") == std::string::npos);
    }
}

// `check --fix` on every fixture (in a scratch copy): only rules whose metadata declares a fix offer one,
// every rule that declares one shows it on some fixture, and a fixed file has nothing left to fix.
TEST_CASE("fixes: declared in the metadata, shown on fixtures, and complete", "[fixtures][fix]") {
    std::set<std::string> fixed_rules;
    const fs::path scratch = make_temp_dir("fixfx");
    for (const auto& c : all_cases()) {
        const std::string dir = c.input.parent_path().string();
        auto diff = run_in_process(case_args(c, {"--diff", "--unsafe-fixes"}), dir);
        if (diff.out.empty()) continue;
        INFO("fixture " << c.input.string() << "\n" << diff.out << diff.err);
        CHECK(diff.exit_code == 1);
        // Which rules offered the edits, and how safe the JSON report says they are.
        auto json = run_in_process(case_args(c, {"--format", "json", "--fail-on", "never"}), dir);
        std::set<std::pair<std::string, std::string>> offered;
        const auto report = nlohmann::json::parse(json.out);
        for (const auto& f : report.at("findings"))
            if (!f.at("edits").empty()) offered.emplace(f.at("rule").get<std::string>(), f.at("fix_applicability").get<std::string>());
        for (const auto& [id, applicability] : offered) {
            const RuleMeta* meta = find_rule(id);
            INFO("rule " << id);
            REQUIRE(meta);
            CHECK(!meta->fix.empty());
            CHECK(applicability == (meta->fix_unsafe ? "unsafe" : "safe"));  // as its metadata says
            fixed_rules.insert(id);
        }
        // Fix a copy (with its neighbours, which includes may name); afterwards nothing is left to fix.
        const fs::path copy = scratch / "case";
        fs::remove_all(copy);
        fs::copy(dir, copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        auto fix = run_in_process(case_args(c, {"--fix", "--unsafe-fixes", "--fail-on", "never"}), copy.string());
        CHECK(fix.exit_code == 0);
        auto again = run_in_process(case_args(c, {"--diff", "--unsafe-fixes"}), copy.string());
        CHECK(again.exit_code == 0);
        CHECK(again.out.empty());
        CHECK(read_file(c.input.string()) != read_file((copy / c.input.filename()).string()));
    }
    for (const auto& rule : all_rules()) {
        INFO("rule " << rule.id << " declares a fix: " << rule.fix);
        CHECK(rule.fix.empty() != (fixed_rules.count(std::string(rule.id)) > 0));
    }
    fs::remove_all(scratch);
}
