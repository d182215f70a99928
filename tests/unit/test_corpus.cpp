// Real-world configurations (../shared/corpus): each one is accepted by its real server, so cachelint
// must parse it without a fatal finding, and every finding it does report is listed, with a
// justification, in tests/corpus/<dialect>.snapshot. A change in findings fails the test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "engine/dialect.hpp"
#include "engine/rule_catalog.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

// Files the corpus README lists as syntactically valid but refused by the stock server as they stand.
bool known_server_rejects(const std::string& path) {
    return path.find("varnish/magento2/") == 0 || path.find("varnish/varnish-cache-7.1.1/bin/varnishd/builtin.vcl") == 0 ||
           path.find("nginx/crossplane-tests/") == 0;
}

std::map<std::string, std::vector<std::string>> corpus_files() {
    std::map<std::string, std::vector<std::string>> by_dialect;
    for (auto& e : corpus_entries()) by_dialect[e.dialect].push_back(std::move(e.path));
    return by_dialect;
}

std::string strip_justification(const std::string& line) {
    auto pos = line.find("  -- ");
    return pos == std::string::npos ? line : line.substr(0, pos);
}

}  // namespace

TEST_CASE("corpus findings match the justified snapshot", "[corpus]") {
    const std::string shared = shared_dir();
    if (shared.empty()) {
        WARN("SKIPPED: ../shared/corpus is not beside the project, so the real-world corpus cannot be checked");
        return;
    }
    const bool update = std::getenv("CACHELINT_UPDATE_SNAPSHOTS") != nullptr;
    for (const auto& [dialect, files] : corpus_files()) {
        const fs::path snapshot = fs::path(CACHELINT_SOURCE_DIR) / "tests/corpus" / (dialect + ".snapshot");
        if (!find_dialect(dialect)) {
            // Say so instead of passing silently.
            WARN("SKIPPED: corpus dialect '" << dialect << "' is not supported by this build");
            continue;
        }
        if (!fs::exists(snapshot) && !update) FAIL("missing snapshot " << snapshot.string());
        std::string args;
        for (const auto& f : files) args += " " + shell_quote(f);
        auto r = run_cachelint("check --format concise --fail-on never --dialect " + dialect + args, shared + "/corpus");
        INFO("dialect " << dialect << "\nstderr:\n" << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());

        std::map<std::string, std::string> justified;  // finding -> justification
        std::string comments;                          // kept as they are by an update
        std::istringstream snap(read_file(snapshot.string()));
        std::string line;
        while (std::getline(snap, line)) {
            if (!line.empty() && line[0] == '#') comments += line + "\n";
            if (line.empty() || line[0] == '#') continue;
            auto pos = line.find("  -- ");
            justified[strip_justification(line)] = pos == std::string::npos ? "" : line.substr(pos + 5);
        }
        std::vector<std::string> actual;
        std::istringstream out(r.out);
        while (std::getline(out, line))
            if (!line.empty()) actual.push_back(line);

        if (update) {
            std::string text = comments.empty() ? "# Findings on ../shared/corpus/" + dialect + ", each with why it is right.\n" : comments;
            for (const auto& a : actual) {
                auto it = justified.find(a);
                text += a + "  -- " + (it != justified.end() && !it->second.empty() ? it->second : "TODO") + "\n";
            }
            write_file(snapshot.string(), text);
            continue;
        }
        std::set<std::string> actual_set(actual.begin(), actual.end());
        for (const auto& a : actual) {
            INFO("finding not in " << snapshot.filename().string() << ": " << a);
            CHECK(justified.count(a) == 1);
        }
        for (const auto& [finding, why] : justified) {
            INFO("snapshot finding no longer reported: " << finding);
            CHECK(actual_set.count(finding) == 1);
            INFO("snapshot finding without a justification: " << finding);
            CHECK((!why.empty() && why != "TODO"));
        }
        // No fatal finding, except on the files the corpus README lists as refused by the stock server.
        for (const auto& a : actual) {
            auto open = a.find("error["), close = a.find("]:", open);
            if (open == std::string::npos || close == std::string::npos) continue;
            const RuleMeta* rule = find_rule(a.substr(open + 6, close - open - 6));
            if (rule && rule->has_tag("fatal")) {
                INFO("fatal finding on a corpus file the real server accepts: " << a);
                CHECK(known_server_rejects(a));
            }
        }
    }
}
