// Differential test: cachelint's fatal verdict on Apache configurations must equal what the real
// `apache2 -t` says. Every apache fixture and every main corpus file is checked.
//
// How the real server is run: `apache2 -t -d DIR -f FILE` (no -D), with the variables of
// /etc/apache2/envvars pointed at a temporary directory, in the file's folder, under `timeout 20`.
//  * Main files (a line starting with LoadModule or ServerRoot) are checked as they are.
//  * Fragments are checked inside a wrapper: ServerRoot = the fragment's folder, a fixed set of stock
//    modules loaded, then `Include FRAGMENT` (as httpd would read a vhost file).
//  * Corpus main files whose ServerRoot does not exist here (h5bp's /usr/local/apache2) get that
//    environment supplied: a temporary ServerRoot holding links to the file's folder, `modules` ->
//    /usr/lib/apache2/modules, `conf/mime.types`, `logs/`, `htdocs/`, and a copy of the main file with
//    the old ServerRoot path replaced by the temporary one and the LoadModule lines of modules Debian
//    compiles in (log_config, logio, version, unixd, watchdog) commented out (Debian refuses to load them).
// Exclusions (printed with WARN when they occur), where the difference is by design:
//  * fragments on which cachelint reports APC908 or APC906: a fragment cannot tell which modules the
//    real server loads, so an unknown directive or an unclosed conditional is never fatal there;
//  * files with APC905: an Include relative to a ServerRoot that is not on this machine was not read;
//  * files with APC907: cachelint stopped reading at its nesting limit.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "core/rule_catalog.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;

namespace {

const char* kApache = "/usr/sbin/apache2";

bool is_main(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string::npos) continue;
        std::string head = line.substr(b, 11);
        for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (head == "loadmodule " || head == "loadmodule\t" || head == "serverroot " || head == "serverroot\t") return true;
    }
    return false;
}

struct Verdict {
    bool fatal = false;
    std::string detail;
    std::set<std::string> rules;
};

Verdict cachelint_verdict(const fs::path& file) {
    auto r = run_cachelint("check --format concise --fail-on never --dialect apache " + shell_quote(file.filename().string()),
                           file.parent_path().string());
    Verdict v;
    v.detail = r.out + r.err;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        auto open = line.find("["), close = line.find("]:", open);
        if (open == std::string::npos || close == std::string::npos) continue;
        std::string id = line.substr(open + 1, close - open - 1);
        v.rules.insert(id);
        const RuleMeta* rule = find_rule(id);
        if (rule && rule->has_tag("fatal") && line.find(" error[") != std::string::npos) v.fatal = true;
    }
    return v;
}

std::string env_prefix(const std::string& tmp) {
    return "env APACHE_RUN_DIR=" + tmp + "/run APACHE_LOCK_DIR=" + tmp + "/lock APACHE_LOG_DIR=" + tmp +
           "/log APACHE_PID_FILE=" + tmp + "/run/apache2.pid APACHE_RUN_USER=www-data APACHE_RUN_GROUP=www-data LANG=C ";
}

const char* kWrapperModules[] = {"mpm_event", "authz_core", "authz_host", "authz_user", "authn_core", "authn_file",
                                 "auth_basic", "access_compat", "alias", "mime", "dir", "env", "headers", "expires",
                                 "setenvif", "rewrite", "proxy", "proxy_http", "cache", "cache_disk", "cache_socache",
                                 "socache_shmcb", "deflate", "filter"};

Verdict apache_verdict(const fs::path& file, const std::string& tmp) {
    fs::create_directories(tmp + "/run");
    fs::create_directories(tmp + "/lock");
    fs::create_directories(tmp + "/log");
    const std::string text = read_file(file.string());
    std::string conf = file.string();
    std::string root = file.parent_path().string();
    if (!is_main(text)) {
        std::string w = "ServerRoot " + shell_quote(root) + "\nServerName localhost\nListen 127.0.0.1:18099\nErrorLog " + tmp +
                        "/log/error.log\nPidFile " + tmp + "/run/p.pid\n";
        for (auto m : kWrapperModules)
            w += std::string("LoadModule ") + m + "_module /usr/lib/apache2/modules/mod_" + m + ".so\n";
        w += "Include " + shell_quote(file.string()) + "\n";
        conf = tmp + "/wrapper.conf";
        write_file(conf, w);
    } else {
        // ServerRoot of another machine: supply the environment (see the header comment).
        std::istringstream in(text);
        std::string line, old_root;
        while (std::getline(in, line)) {
            size_t b = line.find_first_not_of(" \t");
            if (b == std::string::npos || line.compare(b, 10, "ServerRoot") != 0) continue;
            std::string v = line.substr(b + 10);
            v.erase(0, v.find_first_not_of(" \t\""));
            v.erase(v.find_last_not_of(" \t\"\r") + 1);
            old_root = v;
        }
        if (!old_root.empty() && old_root[0] == '/' && !fs::is_directory(old_root)) {
            const std::string t = tmp + "/root";
            fs::create_directories(t + "/conf");
            fs::create_directories(t + "/logs");
            fs::create_directories(t + "/htdocs");
            for (auto& e : fs::directory_iterator(file.parent_path()))
                if (!fs::exists(t + "/" + e.path().filename().string()))
                    fs::create_symlink(fs::absolute(e.path()), t + "/" + e.path().filename().string());
            if (!fs::exists(t + "/modules")) fs::create_symlink("/usr/lib/apache2/modules", t + "/modules");
            if (!fs::exists(t + "/conf/mime.types")) fs::create_symlink("/etc/mime.types", t + "/conf/mime.types");
            std::string copy = text;
            // Debian compiles these in (apache2 -l) and refuses to LoadModule them; upstream builds load them.
            for (const char* builtin : {"log_config_module", "logio_module", "version_module", "unixd_module", "watchdog_module"}) {
                const std::string needle = std::string("LoadModule ") + builtin;
                for (size_t p = copy.find(needle); p != std::string::npos; p = copy.find(needle, p + 2)) copy.insert(p, "#");
            }
            for (size_t p = copy.find(old_root); p != std::string::npos; p = copy.find(old_root, p + t.size()))
                copy.replace(p, old_root.size(), t);
            conf = t + "/cachelint-main.conf";
            write_file(conf, copy);
            root = t;
        }
    }
    auto r = run_shell("cd " + shell_quote(file.parent_path().string()) + " && " + env_prefix(tmp) + "timeout 20 " + kApache +
                       " -t -d " + shell_quote(root) + " -f " + shell_quote(conf) + " -C " +
                       shell_quote("ErrorLog " + tmp + "/log/error.log") + " -C " + shell_quote("PidFile " + tmp + "/run/p.pid") +
                       " 2>&1");
    Verdict v;
    v.fatal = r.exit_code != 0;
    v.detail = r.out + r.err;
    return v;
}

}  // namespace

TEST_CASE("apache: cachelint's fatal verdict equals apache2 -t", "[apache][differential]") {
    if (!fs::exists(kApache)) {
        WARN("SKIPPED: /usr/sbin/apache2 is not installed, so the differential test cannot run");
        return;
    }
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "fixtures/apache")) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file() || name[0] == '_' || name.ends_with(".expected") || name.ends_with(".args")) continue;
        if (e.path().parent_path().filename().string()[0] == '_') continue;  // files inside _helper folders
        files.push_back(e.path());
    }
    size_t corpus_mains = 0;
    if (const std::string shared = shared_dir(); !shared.empty()) {
        for (const auto& e : corpus_entries("apache")) {
            if (e.kind != "main") continue;
            files.push_back(fs::path(shared) / "corpus" / e.path);
            ++corpus_mains;
        }
    } else {
        WARN("../shared/corpus is absent: only the fixtures are compared");
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 20);

    size_t agree = 0, excluded = 0;
    const std::string tmp_base = make_temp_dir("apache-diff");
    int n = 0;
    for (const auto& f : files) {
        const Verdict ours = cachelint_verdict(f);
        const Verdict real = apache_verdict(f, tmp_base + "/" + std::to_string(n++));
        if (ours.fatal == real.fatal) {
            ++agree;
            continue;
        }
        const bool fragment = !is_main(read_file(f.string()));
        const bool by_design = (fragment && (ours.rules.count("APC908") || ours.rules.count("APC906"))) ||
                               ours.rules.count("APC907") || ours.rules.count("APC905");
        if (!ours.fatal && by_design) {
            ++excluded;
            WARN("excluded (by design, fragment): " << f.string() << ": apache2 -t refuses it inside the wrapper, cachelint "
                                                                        "reports a non-fatal finding instead\n"
                                                     << real.detail);
            continue;
        }
        INFO("file: " << f.string() << "\ncachelint fatal=" << ours.fatal << "\n" << ours.detail << "\napache2 -t fatal="
                      << real.fatal << "\n" << real.detail);
        CHECK(ours.fatal == real.fatal);
    }
    WARN("apache differential: " << agree << " of " << files.size() << " files agree (" << corpus_mains
                                 << " corpus main files), " << excluded << " excluded by design");
    fs::remove_all(tmp_base);
}
