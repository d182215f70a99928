// Differential test: cachelint's fatal verdict on every VCL fixture and corpus file agrees with
// `varnishd -C` (varnish 7.1, compile only: no listening socket, temp working dir, bounded time).
// varnishd sees a staged copy of the file's folder, the environment the corpus's CHECKS-2.tsv verdicts were
// made in: backend/ACL host names that do not resolve here mapped to 127.0.0.1, installer placeholders in
// ports filled in, absolute includes pointed at the copy (the same trailing-component lookup cachelint does),
// and includes found nowhere replaced by a stub defining the subs the tree calls but never defines.
// cachelint reads the original file. Documented exceptions are printed, never silently passed:
//  * varnishd verdicts that depend on this machine (VMODs not installed);
//  * files without `vcl 4.x;` and without a backend, which cachelint lints as include fragments
//    (varnishd refuses them alone: "VCL version declaration missing");
//  * VCL909 (nesting deeper than cachelint follows) is not a verdict on the file.
#include <catch2/catch.hpp>

#include <netdb.h>
#include <sys/socket.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "core/rule_catalog.hpp"
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

// The installed varnishd's release as --varnish-version takes it ("varnish-7.1.1" -> "7.1"): cachelint is
// compared with the server that is actually there, not with its default (the newest release).
std::string installed_release() {
    static const std::string v = [] {
        auto r = run_shell(std::string(kVarnishd) + " -V 2>&1");
        auto p = r.out.find("varnish-");
        if (p == std::string::npos || p + 11 > r.out.size()) return std::string();
        return r.out.substr(p + 8, 3);
    }();
    return v;
}

Verdict cachelint_verdict(const std::string& abs_path) {
    const std::string release = installed_release();
    auto r = run_cachelint("check --format concise --fail-on never --dialect varnish " +
                           (release.empty() ? std::string() : "--varnish-version " + release + " ") + shell_quote(abs_path));
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

bool resolves(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
    if (res) ::freeaddrinfo(res);
    return rc == 0;
}

// Every match of re in text, the capture `group` replaced by what fn returns for it.
template <class Fn>
std::string replace_group(const std::string& text, const std::regex& re, size_t group, Fn fn) {
    std::string out;
    size_t last = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        const size_t b = static_cast<size_t>(m.position(group)), e = b + static_cast<size_t>(m.length(group));
        out += text.substr(last, b - last) + fn(m.str(group));
        last = e;
    }
    return out + text.substr(last);
}

std::vector<fs::path> vcl_files(const fs::path& root) {
    std::vector<fs::path> out;
    for (auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".vcl") out.push_back(e.path());
    return out;
}

// Copies `origin` (the folder the file's repository keeps its VCL in) to `dir` and returns the staged path of
// `file`; `changes` lists what was changed.
std::string stage(const fs::path& file, const fs::path& origin, const fs::path& dir, std::vector<std::string>& changes) {
    fs::create_directories(dir);
    fs::copy(origin, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const fs::path main = dir / fs::relative(file, origin);
    const auto files = vcl_files(dir);
    // Subs the tree calls but defines nowhere: what a missing include would have declared.
    std::set<std::string> defined;
    static const std::regex call_re(R"(\bcall\s+([A-Za-z][A-Za-z0-9_-]*)\s*;)"), sub_re(R"(\bsub\s+([A-Za-z][A-Za-z0-9_-]*))");
    for (const auto& f : files) {
        const std::string t = read_file(f.string());
        for (auto it = std::sregex_iterator(t.begin(), t.end(), sub_re); it != std::sregex_iterator(); ++it) defined.insert((*it)[1]);
    }
    size_t stubs = 0;
    static const std::regex host_re(R"~(\.host\s*=\s*"([^"]*)")~"), port_re(R"~(\.port\s*=\s*"([^"]*\{\{[^"]*)")~"),
        acl_re(R"~(\bacl\s+[A-Za-z][A-Za-z0-9_-]*[^{]*\{[^}]*\})~"), acl_entry_re(R"~("([^"]*)")~"),
        include_re(R"~(\binclude\s+"([^"]+)"\s*;)~");
    for (const auto& f : files) {
        const std::string before = read_file(f.string());
        std::string t = replace_group(before, host_re, 1, [&](const std::string& h) {
            if (h.empty() || h[0] == '/' || resolves(h)) return h;
            changes.push_back(fs::relative(f, dir).string() + ": backend host '" + h + "' -> 127.0.0.1");
            return std::string("127.0.0.1");
        });
        t = replace_group(t, port_re, 1, [&](const std::string& p) {
            changes.push_back(fs::relative(f, dir).string() + ": port placeholder '" + p + "' -> 8080");
            return std::string("8080");
        });
        t = replace_group(t, acl_re, 0, [&](const std::string& block) {
            return replace_group(block, acl_entry_re, 1, [&](const std::string& h) {
                if (resolves(h)) return h;
                changes.push_back(fs::relative(f, dir).string() + ": ACL entry '" + h + "' -> 127.0.0.1");
                return std::string("127.0.0.1");
            });
        });
        // The first include of this file found nowhere gets the subs this file calls but the tree never defines.
        std::string stub_text = "# stub for an include that is not on this machine\n";
        for (auto it = std::sregex_iterator(before.begin(), before.end(), call_re); it != std::sregex_iterator(); ++it)
            if (!defined.count((*it)[1]) && (*it)[1].str().rfind("vcl_", 0) != 0) {
                stub_text += "sub " + (*it)[1].str() + " { }\n";
                defined.insert((*it)[1]);
            }
        t = replace_group(t, include_re, 1, [&](const std::string& inc) {
            if (inc.rfind("./", 0) == 0) return inc;
            if (inc[0] == '/' && fs::exists(inc)) return inc;
            if (inc[0] != '/') {
                for (const fs::path& beside : {f.parent_path() / inc, main.parent_path() / inc})
                    if (fs::exists(beside)) return inc;  // varnishd finds it through vcl_path
            } else {
                for (size_t slash = inc.find('/', 1); slash != std::string::npos; slash = inc.find('/', slash + 1)) {
                    const fs::path rebased = main.parent_path() / inc.substr(slash + 1);
                    if (fs::exists(rebased)) {
                        changes.push_back("include '" + inc + "' -> the copy's " + fs::relative(rebased, dir).string());
                        return rebased.string();
                    }
                }
            }
            changes.push_back("include '" + inc + "' stubbed");
            const fs::path stub = dir / ("_cachelint_stub" + std::to_string(stubs++) + ".vcl");
            write_file(stub.string(), stub_text);
            stub_text = "# stub for an include that is not on this machine\n";
            return stub.string();
        });
        if (t != before) write_file(f.string(), t);
    }
    return main.string();
}

bool environment_dependent(const std::string& varnishd_output) {
    return varnishd_output.find("Could not find VMOD") != std::string::npos;
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
    // The corpus README's files that varnishd 7.1 refuses as they stand (Magento templates, the built-in VCL
    // without a backend, Varnish 4/5 return actions): cachelint must refuse them too.
    const std::set<std::string> readme_refused = {
        "magento2/varnish6.vcl", "magento2/varnish7.vcl", "varnish-cache-7.1.1/bin/varnishd/builtin.vcl",
        "emakina-docker-magento2/default.vcl", "ezplatform-http-cache/varnish5.vcl",
        "ibm-varnish-operator/entrypoint.vcl", "sks-keyserver-clustering/default.vcl", "varnish-bites/drupal-base.vcl"};
    const fs::path corpus_root = shared.empty() ? fs::path() : fs::canonical(fs::path(shared) / "corpus/varnish");
    size_t n = 0;
    size_t agreed = 0, environment = 0, fragments = 0, deep = 0, readme_checked = 0;
    for (const auto& f : files) {
        // The folder a repository keeps its VCL in: a fixture's or example's own folder, a corpus origin.
        fs::path origin = fs::path(f).parent_path();
        std::string corpus_rel;
        if (!corpus_root.empty() && f.rfind(corpus_root.string() + "/", 0) == 0) {
            corpus_rel = fs::relative(f, corpus_root).string();
            origin = corpus_root / corpus_rel.substr(0, corpus_rel.find('/'));
        }
        std::vector<std::string> changes;
        const std::string staged = stage(f, origin, fs::path(workdir) / ("s" + std::to_string(n)), changes);
        std::string changed;
        for (const auto& c : changes) changed += "  " + c + "\n";
        const Verdict vd = varnishd_verdict(staged, workdir, n++);
        const Verdict cl = cachelint_verdict(f);
        INFO("file: " << f << "\nstaged for varnishd:\n"
                      << (changed.empty() ? std::string("  (unchanged)\n") : changed) << "varnishd ("
                      << (vd.rejected ? "refused" : "accepted") << "):\n"
                      << vd.output.substr(0, 1500) << "\ncachelint:\n"
                      << cl.output);
        if (readme_refused.count(corpus_rel)) {
            ++readme_checked;
            CHECK(cl.rejected);
        }
        if (vd.rejected && !cl.rejected && environment_dependent(vd.output)) {
            ++environment;
            WARN("exception (environment): varnishd refuses " << f
                                                              << " for a reason of this machine (a VMOD not installed); "
                                                                 "cachelint does not check those");
            continue;
        }
        if (vd.rejected && !cl.rejected && vd.output.find("VCL version declaration missing") != std::string::npos &&
            cl.output.find("[VCL902]") == std::string::npos) {
            ++fragments;
            WARN("exception (fragment): " << f << " has no 'vcl 4.x;' line and no backend (or a VCL beside it includes "
                                                  "it), so cachelint lints it as an include fragment; varnishd refuses "
                                                  "it alone");
            continue;
        }
        if (!vd.rejected && cl.output.find("[VCL909]") != std::string::npos) {
            ++deep;
            WARN("exception (depth limit): " << f << " nests deeper than cachelint follows (VCL909); varnishd accepts it");
            continue;
        }
        CHECK(vd.rejected == cl.rejected);
        if (vd.rejected == cl.rejected) ++agreed;
    }
    std::system(("rm -rf " + shell_quote(workdir)).c_str());
    WARN("varnish differential: " << agreed << " of " << files.size() << " files agree; exceptions: " << environment
                                  << " environment, " << fragments << " fragments, " << deep << " depth limit");
    CHECK(agreed + environment + fragments + deep == files.size());
    if (!corpus_root.empty()) CHECK(readme_checked == readme_refused.size());
    CHECK(agreed >= files.size() * 3 / 4);
}
