// The project's reference material (../shared: research notes, corpus) is not part of the product and is
// not published: no rule page, README, document, rule file or `explain` text may send a reader there.
// They cite the servers' public documentation and source files instead.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "core/rule_catalog.hpp"
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

TEST_CASE("cli: --color takes auto|always|never; FORCE_COLOR colours, NO_COLOR wins", "[workflow][cli]") {
    const std::string dir = make_temp_dir("color");
    write_file(dir + "/redis.conf", "maxmemory 100mb # cache size\n");
    auto bad = run_cachelint("check --color sometimes redis.conf", dir);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("unknown --color 'sometimes' (expected auto|always|never)") != std::string::npos);
    CHECK(bad.out.empty());
    const std::string bin = CACHELINT_BINARY;
    auto in_dir = [&](const std::string& env, const std::string& args) {
        return run_shell("cd " + shell_quote(dir) + " && env -u NO_COLOR -u FORCE_COLOR " + env + " " + shell_quote(bin) +
                         " check " + args + " redis.conf");
    };
    const std::string esc = "\x1b[";
    CHECK(in_dir("", "").out.find(esc) == std::string::npos);  // a pipe: no colour
    CHECK(in_dir("FORCE_COLOR=1", "").out.find(esc) != std::string::npos);
    CHECK(in_dir("FORCE_COLOR=", "").out.find(esc) == std::string::npos);  // empty: not set
    CHECK(in_dir("FORCE_COLOR=1 NO_COLOR=1", "").out.find(esc) == std::string::npos);
    CHECK(in_dir("FORCE_COLOR=1", "--color never").out.find(esc) == std::string::npos);
    CHECK(in_dir("NO_COLOR=1", "--color always").out.find(esc) != std::string::npos);
    // Report files are coloured only with --color always.
    in_dir("FORCE_COLOR=1", "--report text:report.txt");
    CHECK(read_file(dir + "/report.txt").find(esc) == std::string::npos);
    std::system(("rm -rf " + shell_quote(dir)).c_str());
}

TEST_CASE("docs: every JSON example in the README and docs/ is JSON", "[workflow][docs]") {
    const std::string root = CACHELINT_SOURCE_DIR;
    const std::string script =
        "import json, re, sys\n"
        "n = 0\n"
        "for path in sys.argv[1:]:\n"
        "    for block in re.findall(r'```json\\n(.*?)```', open(path).read(), re.S):\n"
        "        json.loads(block)\n"
        "        n += 1\n"
        "print(n)\n";
    std::string files = shell_quote(root + "/README.md");
    for (auto& e : fs::recursive_directory_iterator(root + "/docs"))
        if (e.path().extension() == ".md") files += " " + shell_quote(e.path().string());
    auto r = run_shell("python3 -c " + shell_quote(script) + " " + files);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(std::stoi("0" + r.out) >= 2);  // json-format.md and baseline.md hold one each
}
