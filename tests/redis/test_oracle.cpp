// The redis.conf edge cases of ../shared/data/redis-parse-edgecases.tsv, each run through the real
// servers (6.2.16, 7.0.15, 7.2.6, Valkey 8.0.1). cachelint's verdict (refused or loaded, and the loaded
// value) must match every column: 7.0, 6.2, 7.2 and Valkey 8.0, each under its --redis-version.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/lint_job.hpp"
#include "parse/redis/config.hpp"
#include "parse/redis/loader.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::test;

namespace {

// The table writes inputs with Python-style escapes: \n \r \t \\ \xHH \uHHHH.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        if (c == 'n') out += '\n';
        else if (c == 'r') out += '\r';
        else if (c == 't') out += '\t';
        else if (c == '\\') out += '\\';
        else if (c == 'x') {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else if (c == 'u') {
            unsigned cp = static_cast<unsigned>(std::stoi(s.substr(i + 1, 4), nullptr, 16));
            i += 4;
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += '\\';
            out += c;
        }
    }
    return out;
}

// Values as the table prints them: control characters escaped, backslashes as they are.
std::string shown(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else out += c;
    }
    return out;
}

struct Outcome {
    bool refused;
    std::string value;
};

Outcome run_case(const std::string& input, const std::string& version, const std::string& key, const std::string& dir) {
    // The table's prefix, as every case was run: port, bind, save "", dir.
    const std::string text = "port 7000\nbind 127.0.0.1\nsave \"\"\ndir " + dir + "\n" + input;
    LintOptions options;
    options.redis_version = version;
    SourceLoader loader(options);
    LintJob job;
    job.options = &options;
    job.loader = &loader;
    job.main = loader.adopt(dir + "/case.conf", text);
    redis::Config config;
    config.main = job.main;
    redis::choose_target(config, *job.main, options);
    redis::load_config(config, *job.main, job);
    // The table was recorded on builds without the bundled jemalloc and without the include targets it
    // does not ship: host-dependent refusals (config.refused_if) hold there.
    return {config.refused || !config.refused_if.empty(), key.empty() ? "" : config.config_get(key)};
}

}  // namespace

TEST_CASE("redis.conf edge cases match the real servers", "[redis][oracle]") {
    const std::string shared = shared_dir();
    if (shared.empty()) {
        WARN("SKIPPED: ../shared/data/redis-parse-edgecases.tsv is not beside the project");
        return;
    }
    // The include fixtures the table was recorded with: 01.conf without a trailing newline.
    const std::string root = make_temp_dir("oracle");
    REQUIRE(std::system(("mkdir -p " + root + "/inc/conf.d").c_str()) == 0);
    write_file(root + "/inc/conf.d/01.conf", "maxmemory-policy allkeys-lru");
    write_file(root + "/inc/conf.d/02.conf", "maxmemory-samples 7\n");

    std::istringstream in(read_file(shared + "/data/redis-parse-edgecases.tsv"));
    std::string line;
    int cases = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line.rfind("case\t", 0) == 0) continue;
        std::vector<std::string> cols;
        std::istringstream ls(line);
        std::string col;
        while (std::getline(ls, col, '\t')) cols.push_back(col);
        REQUIRE(cols.size() >= 4);
        std::string input = unescape(cols[1]);
        for (size_t p; (p = input.find("/srv/scratch/rt")) != std::string::npos;) input.replace(p, 15, root);
        for (auto [version, column] : {std::pair{"7.0", 3}, std::pair{"6.2", 2}, std::pair{"7.2", 4}, std::pair{"valkey-8.0", 5}}) {
            const std::string& expected = cols[static_cast<size_t>(column)];
            const bool expect_fail = expected.rfind("FAIL", 0) == 0;
            std::string key, value;
            if (!expect_fail) {
                auto eq = expected.find('=');
                key = expected.substr(3, eq - 3);
                value = expected.substr(eq + 1);
                if (value == "\"\"") value.clear();
            }
            Outcome got = run_case(input, version, key, root);
            INFO("case '" << cols[0] << "' on redis " << version << ": expected " << expected);
            CHECK(got.refused == expect_fail);
            if (!expect_fail) CHECK(shown(got.value) == value);
        }
        ++cases;
    }
    // The table holds 87 cases (its documentation says 89; the rows were counted). A parse of the
    // table that drops rows must not pass silently.
    CHECK(cases == 87);
    std::system(("rm -rf " + shell_quote(root)).c_str());
}
