// The project's reference material (../shared: research notes, corpus) is not part of the product and is
// not published: no rule page, README, document, rule file or `explain` text may send a reader there.
// They cite the servers' public documentation and source files instead.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "engine/rule_catalog.hpp"
#include "report/report.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint::test;

TEST_CASE("docs: no document, rule file or explain text cites the unpublished shared/ notes", "[workflow][docs]") {
    const std::string root = CACHELINT_SOURCE_DIR;
    std::vector<std::string> files{root + "/README.md"};
    for (const char* dir : {"/docs", "/rules"})
        for (auto& e : fs::recursive_directory_iterator(root + dir))
            if (e.is_regular_file()) files.push_back(e.path().string());
    REQUIRE(files.size() > 100);
    for (const auto& f : files) {
        INFO(f);
        CHECK(read_file(f).find("shared/") == std::string::npos);
    }
    for (const auto& rule : cachelint::all_rules()) {
        INFO(rule.id);
        std::ostringstream text;
        cachelint::write_explain(text, rule);
        CHECK(text.str().find("shared/") == std::string::npos);
        CHECK(cachelint::rule_doc_page(rule).find("shared/") == std::string::npos);
    }
}
