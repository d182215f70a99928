// The folders under src/ are the pipeline, and a layer only includes from itself and from the layers below
// (docs/architecture.md): core <- parse <- discover, rules <- engine <- filter, fix, report <- session <- cli.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Peers (same rank, different folders) do not include each other either: discover and rules are two
// consumers of the parsed models, filter/fix/report three consumers of the findings.
const std::map<std::string, int>& layer_rank() {
    static const std::map<std::string, int> rank{
        {"core", 0}, {"parse", 1}, {"discover", 2}, {"rules", 2}, {"engine", 3},
        {"filter", 4}, {"fix", 4},   {"report", 4},
        {"session", 5},  // one whole run: wires discovery and the engine to filter, fix and report
        {"cli", 6},
    };
    return rank;
}

std::vector<std::string> layer_violations(const fs::path& src) {
    static const std::regex include_line(R"re(^\s*#\s*include\s*"([a-z_]+)/)re");
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(src)) {
        if (!entry.is_regular_file()) continue;
        const auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp") continue;
        const std::string from = fs::relative(entry.path(), src).begin()->string();
        const auto from_rank = layer_rank().find(from);
        if (from_rank == layer_rank().end()) {
            out.push_back(entry.path().string() + ": folder " + from + " is no layer of the pipeline");
            continue;
        }
        std::ifstream in(entry.path());
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            std::smatch m;
            if (!std::regex_search(line, m, include_line)) continue;
            const std::string to = m[1].str();
            const auto to_rank = layer_rank().find(to);
            if (to_rank == layer_rank().end() || to == from) continue;
            if (to_rank->second >= from_rank->second)
                out.push_back(fs::relative(entry.path(), src).string() + ":" + std::to_string(number) + ": " +
                              from + "/ includes from " + to + "/");
        }
    }
    return out;
}

}  // namespace

TEST_CASE("layers: every src/ file includes only from its own layer and the layers below") {
    const auto violations = layer_violations(fs::path(CACHELINT_SOURCE_DIR) / "src");
    for (const auto& v : violations) UNSCOPED_INFO(v);
    CHECK(violations.empty());
}

TEST_CASE("layers: the check itself sees an upward include") {
    const fs::path dir = fs::temp_directory_path() / "cachelint-layer-test";
    fs::remove_all(dir);
    fs::create_directories(dir / "core");
    fs::create_directories(dir / "cli");
    std::ofstream(dir / "core" / "a.hpp") << "#include \"cli/main.hpp\"\n";
    std::ofstream(dir / "cli" / "main.hpp") << "#include \"core/a.hpp\"\n";
    const auto violations = layer_violations(dir);
    fs::remove_all(dir);
    REQUIRE(violations.size() == 1);
    CHECK(violations[0].find("core/ includes from cli/") != std::string::npos);
}
