// Differential test: cachelint's fatal verdict on every VCL fixture and corpus file agrees with
// `varnishd -C` (varnish 7.1, compile only: no listening socket, temp working dir, bounded time).
// Documented exceptions are printed, never silently passed:
//  * varnishd verdicts that depend on this machine (backend/ACL DNS names, VMODs not installed);
//  * files without `vcl 4.x;` and without a backend, which cachelint lints as include fragments
//    (varnishd refuses them alone: "VCL version declaration missing");
//  * VCL-909 (nesting deeper than cachelint follows) is not a verdict on the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "engine/rule_catalog.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

const char* const kVarnishd = "/usr/sbin/varnishd";

struct Verdict {
    bool rejected = false;
    std::string output;
};

Verdict varnishd_verdict(const std::string& abs_path, const std::string& parent, size_t n) {
    // A fresh instance folder per file: varnishd creates it with the owner its compiler user needs.
    const std::string workdir = parent + "/n" + std::to_string(n);
    const std::string dir = fs::path(abs_path).parent_path().string();
    const std::string cmd = "timeout 60 " + std::string(kVarnishd) + " -C -n " + shell_quote(workdir) +
                            " -p vcl_path=" + shell_quote(dir + ":/etc/varnish:/usr/share/varnish/vcl") + " -f " +
                            shell_quote(abs_path) + " >/dev/null";
    auto r = run_shell(cmd);
    Verdict v;
    v.rejected = r.exit_code != 0;
    v.output = r.err;
    return v;
}

Verdict cachelint_verdict(const std::string& abs_path) {
    auto r = run_cachelint("check --format concise --fail-on never --dialect varnish " + shell_quote(abs_path));
    Verdict v;
    v.output = r.out + r.err;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        auto open = line.find("error["), close = line.find("]:", open);
        if (open == std::string::npos || close == std::string::npos) continue;
        const RuleMeta* rule = find_rule(line.substr(open + 6, close - open - 6));
        if (rule && rule->has_tag("fatal")) v.rejected = true;
    }
    return v;
}

bool environment_dependent(const std::string& varnishd_output) {
    return varnishd_output.find("could not be resolved to an IP address") != std::string::npos ||
           varnishd_output.find("DNS lookup(") != std::string::npos ||
           varnishd_output.find("Could not find VMOD") != std::string::npos;
}

}  // namespace

TEST_CASE("varnish: varnishd -C and cachelint agree on which VCL files are refused", "[varnish][differential]") {
    if (!fs::exists(kVarnishd)) {
        WARN("SKIPPED: " << kVarnishd << " is not installed, so the VCL verdicts cannot be compared");
        return;
    }
    std::vector<std::string> files;
    for (auto& e : fs::recursive_directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "fixtures/varnish")) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && e.path().extension() == ".vcl" && name[0] != '_') files.push_back(e.path().string());
    }
    for (auto& e : fs::recursive_directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "examples/varnish"))
        if (e.is_regular_file() && e.path().extension() == ".vcl") files.push_back(e.path().string());
    const std::string shared = shared_dir();
    std::vector<std::string> corpus;
    if (shared.empty()) {
        WARN("../shared/corpus is absent: only fixtures and examples are compared");
    } else {
        for (auto& e : fs::recursive_directory_iterator(fs::path(shared) / "corpus/varnish"))
            if (e.is_regular_file() && e.path().extension() == ".vcl") corpus.push_back(fs::canonical(e.path()).string());
    }
    std::sort(files.begin(), files.end());
    std::sort(corpus.begin(), corpus.end());
    files.insert(files.end(), corpus.begin(), corpus.end());
    REQUIRE(files.size() >= 40);

    const std::string workdir = make_temp_dir("varnishd");
    fs::permissions(workdir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
    size_t n = 0;
    size_t agreed = 0, environment = 0, fragments = 0, deep = 0;
    for (const auto& f : files) {
        const Verdict vd = varnishd_verdict(f, workdir, n++);
        const Verdict cl = cachelint_verdict(f);
        INFO("file: " << f << "\nvarnishd (" << (vd.rejected ? "refused" : "accepted") << "):\n"
                      << vd.output.substr(0, 1500) << "\ncachelint:\n"
                      << cl.output);
        if (vd.rejected && !cl.rejected && environment_dependent(vd.output)) {
            ++environment;
            WARN("exception (environment): varnishd refuses " << f
                                                              << " for a reason of this machine (DNS name or VMOD not "
                                                                 "installed); cachelint does not check those");
            continue;
        }
        if (vd.rejected && !cl.rejected && vd.output.find("VCL version declaration missing") != std::string::npos &&
            cl.output.find("[VCL-902]") == std::string::npos) {
            ++fragments;
            WARN("exception (fragment): " << f << " has no 'vcl 4.x;' line and no backend, so cachelint lints it as an "
                                                  "include fragment; varnishd refuses it alone");
            continue;
        }
        if (!vd.rejected && cl.output.find("[VCL-909]") != std::string::npos) {
            ++deep;
            WARN("exception (depth limit): " << f << " nests deeper than cachelint follows (VCL-909); varnishd accepts it");
            continue;
        }
        CHECK(vd.rejected == cl.rejected);
        if (vd.rejected == cl.rejected) ++agreed;
    }
    std::system(("rm -rf " + shell_quote(workdir)).c_str());
    WARN("varnish differential: " << agreed << " of " << files.size() << " files agree; exceptions: " << environment
                                  << " environment, " << fragments << " fragments, " << deep << " depth limit");
    CHECK(agreed + environment + fragments + deep == files.size());
    CHECK(agreed >= files.size() * 3 / 4);
}
