// The fuzzers' checks (fuzz/fuzz_check.hpp), replayed in the normal build on every input the fuzzers
// start from or ever crashed on: every dialect's fixtures, examples and shared corpus, the recorded
// fuzz corpus (fuzz/corpus/<dialect>/) and every recorded crash (tests/hostile/crashes/<dialect>/).
// Iterates the dialect registry, so a dialect merged later is replayed with no change here.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../../fuzz/fuzz_check.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;

namespace {
std::vector<fs::path> inputs_for(std::string_view dialect) {
    std::vector<fs::path> out;
    const std::string d(dialect);
    std::vector<std::string> dirs = {std::string(CACHELINT_SOURCE_DIR) + "/fixtures/" + d,
                                     std::string(CACHELINT_SOURCE_DIR) + "/examples/" + d,
                                     std::string(CACHELINT_SOURCE_DIR) + "/fuzz/corpus/" + d,
                                     std::string(CACHELINT_SOURCE_DIR) + "/tests/hostile/crashes/" + d};
    if (auto shared = test::shared_dir(); !shared.empty()) dirs.push_back(shared + "/corpus/" + d);
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
            if (!e.is_regular_file()) continue;
            const std::string ext = e.path().extension().string();
            if (ext == ".expected" || ext == ".args" || e.path().filename() == "README.md") continue;
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("fuzz: the JSON validator accepts JSON and rejects what is not", "[fuzz][hostile]") {
    using fuzz::json_problem;
    for (const char* ok : {"{}", "[]", " {\"a\": [1, -2.5e+3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}\n", "\"\"",
                           "[[[[]]]]", "{\"k\":{\"k\":{}}}", "0", "\"\xc3\xa9\xf0\x9f\x98\x80\""})
        CHECK(json_problem(ok).empty());
    for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[01]", "\"\x01\"", "\"\\x41\"", "\"\xff\"",
                            "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\\ud800\"", "[1] [2]", "tru", "{1:2}", "[\"a\"\"b\"]",
                            "\"\xe2\x82\"", "-", "1.", "[}"})
        CHECK_FALSE(json_problem(bad).empty());
    // Deep nesting is scanned without recursion.
    CHECK(json_problem(std::string(200000, '[') + std::string(200000, ']')).empty());
}

TEST_CASE("fuzz: every seed and recorded crash passes the fuzzers' checks, for every dialect", "[fuzz][hostile]") {
    REQUIRE(!all_dialects().empty());
    for (const DialectInfo* d : all_dialects()) {
        const auto inputs = inputs_for(d->name);
        // Fixtures are required of every dialect, so an empty list means the paths are wrong.
        CHECK(!inputs.empty());
        for (const auto& p : inputs) {
            const std::string data = test::read_file(p.string());
            INFO("dialect " << d->name << ", input " << p.string());
            CHECK(fuzz::check_input(*d, data, true) == "");
        }
    }
}
