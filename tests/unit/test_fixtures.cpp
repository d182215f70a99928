// The fixture runner. Layout:
//   fixtures/<dialect>/<RULE-ID>/<case>.<ext>            an input, checked on its own
//   fixtures/<dialect>/<RULE-ID>/<case>.<ext>.expected   every finding it must produce, `concise` format
//   fixtures/<dialect>/<RULE-ID>/<case>.<ext>.args       optional extra command-line arguments
// Names starting with '_' are not cases (included files, helpers). A missing or unexpected finding
// fails the test. CACHELINT_UPDATE_FIXTURES=1 rewrites the .expected files (review the diff!).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

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
};

std::vector<Case> all_cases() {
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

std::string trim_lines(const std::string& s) {
    std::istringstream in(s);
    std::string line, out;
    while (std::getline(in, line))
        if (!line.empty()) out += line + "\n";
    return out;
}

std::string run_case(const Case& c) {
    std::string args = trim_lines(read_file(c.input.string() + ".args"));
    if (!args.empty() && args.back() == '\n') args.pop_back();
    // Rules of no particular dialect (fixtures/core: suppressions, ...) run on files named for their dialect.
    const std::string dialect_arg = find_dialect(c.dialect) ? "--dialect " + c.dialect + " " : std::string();
    auto r = run_cachelint("check --format concise --fail-on never " + dialect_arg + args + " " +
                               shell_quote(c.input.filename().string()),
                           c.input.parent_path().string());
    INFO("stderr: " << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 2));
    return r.out;
}

}  // namespace

TEST_CASE("every fixture produces exactly its expected findings", "[fixtures]") {
    const bool update = std::getenv("CACHELINT_UPDATE_FIXTURES") != nullptr;
    auto cases = all_cases();
    REQUIRE(!cases.empty());
    for (const auto& c : cases) {
        const std::string expected_path = c.input.string() + ".expected";
        const std::string actual = run_case(c);
        if (update) {
            write_file(expected_path, actual);
            continue;
        }
        INFO("fixture " << c.input.string());
        REQUIRE(fs::exists(expected_path));
        CHECK(actual == read_file(expected_path));
    }
}

TEST_CASE("every rule has a firing fixture and a quiet fixture", "[fixtures][meta]") {
    std::map<std::string, std::pair<int, int>> fire_quiet;  // rule id -> (cases firing, cases quiet)
    for (const auto& c : all_cases()) {
        const std::string expected = read_file(c.input.string() + ".expected");
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
        // A rule of no particular dialect ("core") names the file its examples are, in its example args.
        const std::string dialect_arg =
            find_dialect(rule.dialect) ? "--dialect " + std::string(rule.dialect) + " " : std::string();
        const std::string base = "check --format concise --fail-on never " + dialect_arg + std::string(rule.example_args) + " -";
        auto bad = run_cachelint(base, "", std::string(rule.bad_example));
        auto good = run_cachelint(base, "", std::string(rule.good_example));
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
    const std::string scratch = make_temp_dir("fixfx");
    for (const auto& c : all_cases()) {
        std::string args = trim_lines(read_file(c.input.string() + ".args"));
        if (!args.empty() && args.back() == '\n') args.pop_back();
        const std::string dialect_arg = find_dialect(c.dialect) ? "--dialect " + c.dialect + " " : std::string();
        const std::string name = shell_quote(c.input.filename().string());
        auto diff = run_cachelint("check --diff --unsafe-fixes " + dialect_arg + args + " " + name, c.input.parent_path().string());
        if (diff.out.empty()) continue;
        INFO("fixture " << c.input.string() << "\n" << diff.out << diff.err);
        CHECK(diff.exit_code == 1);
        // Which rules offered the edits.
        auto json = run_cachelint("check --format json --fail-on never " + dialect_arg + args + " " + name,
                                  c.input.parent_path().string());
        auto ids = run_shell("python3 -c " + shell_quote("import json,sys; print(' '.join(sorted({f['rule'] + ' ' + "
                                                         "f['fix_applicability'] for f in json.load(sys.stdin)['findings'] if f['edits']})))"),
                             json.out);
        std::istringstream words(ids.out);
        for (std::string id, applicability; words >> id >> applicability;) {
            const RuleMeta* meta = find_rule(id);
            INFO("rule " << id);
            REQUIRE(meta);
            CHECK(!meta->fix.empty());
            CHECK(applicability == (meta->fix_unsafe ? "unsafe" : "safe"));  // as its metadata says
            fixed_rules.insert(id);
        }
        // Fix a copy (with its neighbours, which includes may name); afterwards nothing is left to fix.
        REQUIRE(run_shell("rm -rf " + shell_quote(scratch) + "/case && cp -r " + shell_quote(c.input.parent_path().string()) + " " +
                          shell_quote(scratch + "/case")).exit_code == 0);
        auto fix = run_cachelint("check --fix --unsafe-fixes --fail-on never " + dialect_arg + args + " " + name, scratch + "/case");
        CHECK(fix.exit_code == 0);
        auto again = run_cachelint("check --diff --unsafe-fixes " + dialect_arg + args + " " + name, scratch + "/case");
        CHECK(again.exit_code == 0);
        CHECK(again.out.empty());
        CHECK(read_file(c.input.string()) != read_file(scratch + "/case/" + c.input.filename().string()));
    }
    for (const auto& rule : all_rules()) {
        INFO("rule " << rule.id << " declares a fix: " << rule.fix);
        CHECK(rule.fix.empty() != (fixed_rules.count(std::string(rule.id)) > 0));
    }
    run_shell("rm -rf " + shell_quote(scratch));
}
