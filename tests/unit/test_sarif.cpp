// SARIF 2.1.0 for every fixture, validated against the OASIS schema and GitHub's ingestion rules.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "core/line_hash.hpp"
#include "core/dialect.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint::test;

TEST_CASE("SARIF for every fixture validates against the SARIF 2.1.0 schema", "[sarif]") {
    if (run_shell("python3 -c 'import jsonschema'").exit_code != 0) {
        WARN("SKIPPED: python3-jsonschema is not installed (scripts/setup.sh --tests installs it)");
        return;
    }
    const fs::path root = fs::path(CACHELINT_SOURCE_DIR);
    std::map<std::string, std::string> files_by_dialect;
    for (auto& e : fs::recursive_directory_iterator(root / "fixtures")) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file() || name[0] == '_' || name.ends_with(".expected") || name.ends_with(".args")) continue;
        if (e.path().parent_path().filename().string()[0] == '_') continue;
        const std::string dialect = fs::relative(e.path(), root / "fixtures").begin()->string();
        files_by_dialect[dialect] += " " + shell_quote(fs::relative(e.path(), root).string());
    }
    REQUIRE(!files_by_dialect.empty());
    const std::string tmp = make_temp_dir("sarif");
    for (const auto& [dialect, files] : files_by_dialect) {
        const std::string out = tmp + "/" + dialect + ".sarif";
        const std::string dialect_arg = cachelint::find_dialect(dialect) ? " --dialect " + dialect : std::string();
        auto r = run_cachelint("check --format sarif --fail-on never" + dialect_arg + " --output " + shell_quote(out) + files,
                               root.string());
        INFO("dialect " << dialect << ": " << r.err);
        // Exit 2 is expected when a fixture includes a missing file; the SARIF must be valid anyway.
        CHECK((r.exit_code == 0 || r.exit_code == 2));
        auto v = run_shell("python3 " + shell_quote((root / "tests/sarif/validate_sarif.py").string()) + " " +
                           shell_quote((root / "tests/sarif/sarif-schema-2.1.0.json").string()) + " " + shell_quote(out));
        INFO(v.out << v.err);
        CHECK(v.exit_code == 0);
        // Results point at repo-relative files (with %SRCROOT%) or, for files outside the working directory such
        // as the original paths in an `nginx -T` dump, absolute file:// URIs; full regions; a fingerprint.
        auto facts = run_shell("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d[\"runs\"][0][\"results\"]; "
                               "print(len(r) > 0, all((a.get(\"uriBaseId\") == \"%SRCROOT%\") != a[\"uri\"].startswith(\"file:///\") for a in [x[\"locations\"][0][\"physicalLocation\"][\"artifactLocation\"] for x in r]), "
                               "all(\"endColumn\" in x[\"locations\"][0][\"physicalLocation\"][\"region\"] for x in r), "
                               "all(x[\"partialFingerprints\"][\"cachelintFingerprint/v1\"] for x in r))' " + shell_quote(out));
        CHECK(facts.out == "True True True True\n");
    }
    std::system(("rm -rf " + shell_quote(tmp)).c_str());
}

TEST_CASE("SARIF results carry GitHub's primaryLocationLineHash of the flagged line, also in included files", "[sarif]") {
    const std::string dir = make_temp_dir("linehash");
    const std::string shared = "# shared tuning\n\nlist-max-ziplist-entries 512\n# end of the shared part\n";
    write_file(dir + "/tuning.conf", shared);
    const std::string main_conf = "maxmemory 2gb\nmaxmemory-policy allkeys-lru\nsave \"\"\nlazyfree-lazy-eviction yes\n"
                                  "include " + dir + "/tuning.conf\nlist-max-ziplist-entries 512\n";
    write_file(dir + "/redis.conf", main_conf);
    auto r = run_cachelint("check --format sarif --fail-on never redis.conf", dir);
    REQUIRE(r.exit_code == 0);
    // (line, hash) of each result, by file.
    auto facts = run_shell("python3 -c " + shell_quote("import json,sys\n"
                                                       "rows = []\n"
                                                       "for x in json.load(sys.stdin)['runs'][0]['results']:\n"
                                                       "  l = x['locations'][0]['physicalLocation']\n"
                                                       "  rows.append((l['artifactLocation']['uri'], l['region']['startLine'], "
                                                       "x['partialFingerprints']['primaryLocationLineHash']))\n"
                                                       "for row in sorted(rows): print(*row)\n"),
                           r.out);
    const auto main_hashes = cachelint::primary_location_line_hashes(main_conf);
    const auto shared_hashes = cachelint::primary_location_line_hashes(shared);
    REQUIRE(main_hashes[5] != shared_hashes[2]);  // the 100 characters after the line differ
    CHECK(facts.out == "redis.conf 6 " + main_hashes[5] + "\ntuning.conf 3 " + shared_hashes[2] + "\n");
}

TEST_CASE("SARIF keeps at most 25,000 results, the most severe, and says how many it left out", "[sarif]") {
    // GitHub code scanning rejects a run with more; the findings cap (10,000 per file) does not prevent it.
    const std::string dir = make_temp_dir("sarifcap");
    const std::string clean = "maxmemory 2gb\nmaxmemory-policy allkeys-lru\nsave \"\"\nlazyfree-lazy-eviction yes\n";
    std::string warnings = clean;
    for (int i = 0; i < 9000; ++i) warnings += "list-max-ziplist-entries 512\n";
    for (const char* name : {"a.redis.conf", "b.redis.conf", "c.redis.conf"}) write_file(dir + "/" + name, warnings);
    std::string errors = clean;
    for (int i = 0; i < 10; ++i) errors += "maxmemory 100mb # x\n";
    write_file(dir + "/z.redis.conf", errors);  // last in report order, first in severity
    const std::string out = dir + "/out.sarif";
    auto r = run_cachelint("check --format sarif --fail-on never --output out.sarif .", dir);
    REQUIRE(r.exit_code == 0);
    auto facts = run_shell("python3 -c " + shell_quote("import json,sys\n"
                                                       "run = json.load(open(sys.argv[1]))['runs'][0]\n"
                                                       "res = run['results']\n"
                                                       "uris = [x['locations'][0]['physicalLocation']['artifactLocation']['uri'] for x in res]\n"
                                                       "print(len(res), sum(x['level'] == 'error' for x in res), uris == sorted(uris))\n"
                                                       "print(run['invocations'][0]['toolExecutionNotifications'][0]['message']['text'])\n") +
                           " " + shell_quote(out));
    CHECK(facts.out == "25000 10 True\n2010 less severe results were left out: GitHub code scanning accepts at most 25000 per "
                       "run (the json report has them all)\n");
    // Under the limit nothing is left out and nothing is said.
    auto small = run_cachelint("check --format sarif --fail-on never z.redis.conf", dir);
    CHECK(small.out.find("results were left out") == std::string::npos);
}

TEST_CASE("SARIF leaves runAutomationDetails to the upload's category (matrix jobs keep their own alerts)", "[sarif]") {
    const fs::path root = fs::path(CACHELINT_SOURCE_DIR);
    auto r = run_cachelint("check --format sarif --fail-on never examples/", root.string());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("\"runs\"") != std::string::npos);
    CHECK(r.out.find("automationDetails") == std::string::npos);
}
