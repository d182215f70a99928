// Differential test: cachelint's fatal verdict (an error from a rule tagged `fatal`, HAP901..904)
// must match `haproxy -c -f FILE` (Debian haproxy 2.6) on every HAProxy fixture and corpus main file,
// with cachelint checking against the installed release (--haproxy-version from `haproxy -v`); fixtures
// written for another release (their .args name one) are left out. `haproxy -c` only checks the
// configuration: nothing is bound or started.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>

#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint::test;

namespace {

struct Verdict {
    bool refused = false;
    bool environment = false;  // refused for a reason outside the file (a missing certificate, ...)
    std::string detail;
};

// A self-signed certificate in a folder, made once: every `crt PATH` of a staged file points at it, so a
// certificate the deployment host has and this machine lacks does not decide the verdict.
const std::string& dummy_cert_dir() {
    static const std::string dir = [] {
        const std::string d = make_temp_dir("haproxy-certs");
        auto r = run_shell("cd " + shell_quote(d) +
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 2 -subj /CN=localhost "
                           ">/dev/null 2>&1 && cat c.pem k.pem > dummy.pem && rm c.pem k.pem");
        return r.exit_code == 0 ? d : std::string();
    }();
    return dir;
}

// A copy of the file beside the original (relative paths keep working) with `crt` pointing at the dummy.
std::string stage(const fs::path& file) {
    std::string text = read_file(file.string());
    if (!dummy_cert_dir().empty())
        text = std::regex_replace(text, std::regex(R"((\scrt\s+)[^\s#]+)"), "$1" + dummy_cert_dir() + "/");
    const std::string dir = make_temp_dir("haproxy-stage");
    const std::string staged = dir + "/" + file.filename().string();
    write_file(staged, text);
    return staged;
}

Verdict haproxy_verdict(const fs::path& file) {
    const fs::path staged = stage(file);
    auto r = run_shell("cd " + shell_quote(file.parent_path().string()) + " && timeout 20 /usr/sbin/haproxy -c -f " +
                       shell_quote(staged.string()) + " 2>&1");
    fs::remove_all(staged.parent_path());
    Verdict v;
    v.refused = r.exit_code != 0;
    v.detail = r.out;
    // haproxy -c also opens the files a configuration names; this machine has none of them.
    v.environment = r.out.find("unable to stat SSL certificate") != std::string::npos ||
                    r.out.find("No such file or directory") != std::string::npos;
    return v;
}

// "2.6" from "HAProxy version 2.6.12-1+deb12u4 ...".
const std::string& installed_version() {
    static const std::string v = [] {
        auto r = run_shell("/usr/sbin/haproxy -v 2>&1");
        std::smatch m;
        return std::regex_search(r.out, m, std::regex(R"(version (\d+\.\d+))")) ? m[1].str() : std::string("2.6");
    }();
    return v;
}

// A fixture whose .args target another release: the installed haproxy cannot judge it.
bool other_release(const fs::path& file) {
    const std::string args = read_file(file.string() + ".args");
    const auto p = args.find("--haproxy-version");
    return p != std::string::npos && args.find(installed_version(), p) == std::string::npos;
}

bool cachelint_refuses(const fs::path& file, std::string& out) {
    auto r = run_cachelint("check --format concise --fail-on never --dialect haproxy --haproxy-version " + installed_version() + " " +
                               shell_quote(file.filename().string()),
                           file.parent_path().string());
    out = r.out;
    return r.out.find("error[HAP90") != std::string::npos;
}

std::vector<fs::path> inputs() {
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "fixtures/haproxy"))
        if (e.is_regular_file() && e.path().extension() == ".cfg" && e.path().filename().string()[0] != '_' && !other_release(e.path()))
            files.push_back(e.path());
    for (const auto& e : corpus_entries("haproxy"))
        if (e.kind == "main") files.push_back(fs::path(shared_dir()) / "corpus" / e.path);
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("haproxy: fatal verdicts agree with haproxy -c", "[haproxy][differential]") {
    if (!fs::exists("/usr/sbin/haproxy")) {
        WARN("SKIPPED: /usr/sbin/haproxy is not installed, so the HAProxy differential test cannot run");
        return;
    }
    int agree = 0, excluded = 0, total = 0;
    for (const auto& f : inputs()) {
        ++total;
        const Verdict h = haproxy_verdict(f);
        std::string out;
        const bool c = cachelint_refuses(f, out);
        if (h.refused && h.environment && !c) {
            // Refused only because a file it names is missing here; cachelint does not check the file system.
            WARN("EXCLUDED (haproxy -c needs a file this machine lacks): " << f.string());
            ++excluded;
            continue;
        }
        INFO("file: " << f.string() << "\nhaproxy -c:\n" << h.detail << "\ncachelint:\n" << out);
        CHECK(h.refused == c);
        agree += h.refused == c;
    }
    WARN("haproxy differential: " << agree << " of " << (total - excluded) << " files agree, " << excluded << " excluded");
    CHECK(total - excluded >= 50);
    CHECK(excluded <= 1);
}
