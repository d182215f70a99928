// Differential test: for every redis fixture, example and corpus file, cachelint's verdict ("the server
// refuses this configuration") must equal what Debian's real redis-server 7.0 does with it.
//
// The server runs on loopback only, in a temporary directory, and is stopped by the test. Settings
// that depend on the deployment host rather than on the file (the data directory, log and pid files,
// listen addresses, the replication peer, the ACL file) are pointed at the temporary directory or at
// 127.0.0.1 in a copy of the file; the words around them are kept, so a trailing comment or a bad
// arity still reaches the server exactly as written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <unistd.h>

#include "core/text.hpp"
#include "core/lint_job.hpp"
#include "parse/redis/config.hpp"
#include "parse/redis/loader.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

bool cachelint_refuses(const std::string& path) {
    LintOptions options;
    options.redis_version = "7.0";
    SourceLoader loader(options);
    LintJob job;
    job.options = &options;
    job.loader = &loader;
    auto loaded = loader.load(path);
    REQUIRE(loaded.file);
    job.main = loaded.file;
    redis::Config config;
    config.main = job.main;
    redis::choose_target(config, *job.main, options);
    redis::load_config(config, *job.main, job);
    // This host's Debian server lacks the bundled jemalloc, the deploy-path includes and the installers
    // that fill placeholders: the host-dependent refusals (config.refused_if) hold here.
    return config.refused || !config.refused_if.empty();
}

// Replaces the first argument of `line` (a directive line) with `value`, keeping what follows.
std::string replace_first_arg(const std::string& line, const std::string& value) {
    size_t b = line.find_first_not_of(" \t");
    size_t name_end = line.find_first_of(" \t", b);
    if (name_end == std::string::npos) return line;
    size_t arg_b = line.find_first_not_of(" \t", name_end);
    if (arg_b == std::string::npos) return line;
    size_t arg_e = arg_b;
    if (line[arg_b] == '"' || line[arg_b] == '\'') {
        size_t close = line.find(line[arg_b], arg_b + 1);
        arg_e = close == std::string::npos ? line.size() : close + 1;
    } else {
        arg_e = line.find_first_of(" \t\r", arg_b);
        if (arg_e == std::string::npos) arg_e = line.size();
    }
    return line.substr(0, arg_b) + value + line.substr(arg_e);
}

std::string neutralize(const std::string& text, const std::string& tmp, int port, bool& has_port) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) {
        size_t b = line.find_first_not_of(" \t");
        std::string name;
        if (b != std::string::npos && line[b] != '#') name = to_lower(line.substr(b, line.find_first_of(" \t\r", b) - b));
        if (name == "dir") line = replace_first_arg(line, tmp);
        else if (name == "port") {
            // A free loopback port, except `port 0` (no TCP at all), which is kept as written.
            has_port = true;
            std::istringstream words(line.substr(b));
            std::string w, value;
            words >> w >> value;
            if (value != "0") line = replace_first_arg(line, std::to_string(port));
        }
        else if (name == "logfile") line = replace_first_arg(line, "\"\"");
        else if (name == "pidfile") line = replace_first_arg(line, tmp + "/redis.pid");
        else if (name == "unixsocket") line = replace_first_arg(line, tmp + "/redis.sock");
        else if (name == "daemonize") line = replace_first_arg(line, "no");
        else if (name == "aclfile") line = replace_first_arg(line, tmp + "/users.acl");
        else if (name == "replicaof" || name == "slaveof") line = replace_first_arg(line, "127.0.0.1");
        else if (name == "bind") {
            // Addresses before a '#' become 127.0.0.1, 127.0.0.2, ... (loopback only, no two alike, same
            // count); a trailing comment stays as written.
            std::istringstream words(line.substr(b));
            std::string w, rebuilt = line.substr(0, b) + "bind";
            bool comment = false, first = true;
            int n = 0;
            while (words >> w) {
                if (first) {
                    first = false;
                    continue;
                }
                if (w[0] == '#') comment = true;
                rebuilt += " " + (comment ? w : "127.0.0." + std::to_string(++n));
            }
            line = rebuilt;
        }
        out += line + "\n";
    }
    return out;
}

// "refused", "accepted", or "" when the server could not be judged (printed by the caller).
std::string server_verdict(const std::string& original, const std::string& tmp, int port) {
    const std::string conf = tmp + "/neutralized.conf";
    bool has_port = false;
    write_file(conf, neutralize(read_file(original), tmp, port, has_port));
    const std::string port_option = has_port ? "" : " --port " + std::to_string(port);
    write_file(tmp + "/users.acl", "");
    const std::string cwd = fs::path(original).parent_path().string();
    const std::string script =
        "cd " + shell_quote(cwd.empty() ? "." : cwd) + " && (redis-server " + shell_quote(conf) +
        port_option + " --daemonize no --protected-mode yes --dir " + shell_quote(tmp) + " > " + shell_quote(tmp + "/log") +
        " 2>&1 & pid=$!; for i in $(seq 1 100); do "
        "if grep -q 'Ready to accept connections' " + shell_quote(tmp + "/log") + "; then kill -9 $pid; wait $pid; echo accepted; exit 0; fi; "
        "if ! kill -0 $pid 2>/dev/null; then wait $pid; echo refused; exit 0; fi; sleep 0.05; done; "
        "kill -9 $pid; echo timeout)";
    auto r = run_shell(script);
    std::string v = r.out.substr(0, r.out.find('\n'));
    return v == "timeout" ? "" : v;
}

std::vector<std::string> redis_inputs(const std::string& shared) {
    std::vector<std::string> files;
    const fs::path root(CACHELINT_SOURCE_DIR);
    for (const char* dir : {"fixtures/redis", "examples/redis"}) {
        if (!fs::exists(root / dir)) continue;
        for (auto& e : fs::recursive_directory_iterator(root / dir)) {
            const std::string name = e.path().filename().string();
            if (!e.is_regular_file() || name[0] == '_' || e.path().parent_path().filename().string()[0] == '_') continue;
            if (name.ends_with(".expected") || name.ends_with(".args") || name.ends_with(".md")) continue;
            files.push_back(e.path().string());
        }
    }
    if (!shared.empty())
        for (auto& e : fs::recursive_directory_iterator(fs::path(shared) / "corpus/redis"))
            if (e.is_regular_file()) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("cachelint's refused verdict equals the real redis-server's", "[redis][differential]") {
    if (!have_command("redis-server")) {
        WARN("SKIPPED: redis-server is not installed (scripts/setup.sh --tests installs it)");
        return;
    }
    const std::string shared = shared_dir();
    if (shared.empty()) WARN("../shared is absent: checking fixtures and examples only, not the corpus");
    int compared = 0, port = 17000 + static_cast<int>(::getpid() % 2000);
    const auto inputs = redis_inputs(shared);
    for (const auto& file : inputs) {
        const std::string text = read_file(file);
        if (to_lower(text).find("\nloadmodule ") != std::string::npos || text.rfind("loadmodule ", 0) == 0) {
            WARN("not compared (loads a module this machine does not have): " << file);
            continue;
        }
        const std::string tmp = make_temp_dir("redis-diff");
        const std::string verdict = server_verdict(file, tmp, port++);
        const std::string log = read_file(tmp + "/log");
        std::system(("rm -rf " + shell_quote(tmp)).c_str());
        if (verdict.empty()) {
            WARN("not compared (redis-server neither started nor exited within 5 s): " << file);
            continue;
        }
        INFO(file << "\nredis-server said:\n" << log.substr(0, 1500));
        CHECK(cachelint_refuses(file) == (verdict == "refused"));
        ++compared;
    }
    CHECK(compared >= 20);
    // The server ran with its files pointed at a temporary directory: nothing appeared in the tree.
    CHECK(redis_inputs(shared) == inputs);
}
