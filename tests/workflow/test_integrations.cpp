// pre-commit, the GitHub Action, rule docs, man page, completions and packaging, run as users run them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "core/rule_catalog.hpp"
#include "discover/classify.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;
namespace fs = std::filesystem;

namespace {
const std::string kRoot = CACHELINT_SOURCE_DIR;
std::string build_dir() { return fs::path(CACHELINT_BINARY).parent_path().string(); }
}  // namespace

TEST_CASE("pre-commit: both hooks exclude exactly the names the classifier never checks", "[workflow][precommit]") {
    // Printed so that the YAML can be updated by copying it when the classifier's tables change.
    const std::string expected = cachelint::never_checked_names_regex();
    INFO("never_checked_names_regex() = " << expected);
    const std::string script =
        "import sys, yaml\n"
        "hooks = {h['id']: h for h in yaml.safe_load(open(sys.argv[1]))}\n"
        "for id in ('cachelint', 'cachelint-docker'):\n"
        "    h = hooks[id]\n"
        "    assert '--only-configs' in h['entry'] and '--force-exclude' in h['entry'], h['entry']\n"
        "    assert h['require_serial'] is True and h.get('files', '') == '', h\n"
        "    assert sorted(h['types_or']) == ['symlink', 'text'] and 'types' not in h, h\n"
        "    print(h['exclude'])\n";
    auto r = run_shell("python3 -c " + shell_quote(script) + " " + shell_quote(kRoot + "/.pre-commit-hooks.yaml"));
    INFO(r.err);
    CHECK(r.out == expected + "\n" + expected + "\n");
}

TEST_CASE("pre-commit: the hook checks exactly the files `check .` checks", "[workflow][precommit]") {
    // What pre-commit does with the hook: every text file or symlink whose path the exclude does not match is
    // passed by name. The files cachelint then checks must be the files `check .` checks, no more, no fewer.
    auto compare = [](const std::string& dir) {
        const std::string select =
            "import os, re, sys, yaml\n"
            "h = {h['id']: h for h in yaml.safe_load(open(sys.argv[1]))}['cachelint']\n"
            "ex = re.compile(h['exclude'])\n"
            "for root, dirs, files in os.walk('.'):\n"
            "    dirs[:] = [d for d in dirs if d != '.git']\n"
            "    for f in files:\n"
            "        p = os.path.relpath(os.path.join(root, f))\n"
            "        text = os.path.islink(p) or b'\\0' not in open(p, 'rb').read(8192)\n"
            "        if text and not ex.search(p): print(p)\n";
        auto staged = run_shell("cd " + shell_quote(dir) + " && python3 -c " + shell_quote(select) + " " +
                                shell_quote(kRoot + "/.pre-commit-hooks.yaml"));
        REQUIRE(staged.exit_code == 0);
        std::istringstream in(staged.out);
        std::string names;
        for (std::string line; std::getline(in, line);) names += " " + shell_quote(line);
        auto walked = run_cachelint("check --show-files .", dir);
        auto hooked = run_cachelint("check --only-configs --force-exclude --show-files" + names, dir);
        INFO(dir << "\nhook passed:" << names << "\nhook stderr: " << hooked.err);
        CHECK(hooked.exit_code == 0);
        CHECK(!walked.out.empty());
        CHECK(hooked.out == walked.out);
    };
    Project p;
    // The shapes the old name patterns missed: a conf.d under docker/proxy/, templates, a sites-enabled link.
    p.file("docker/proxy/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n");
    p.file("docker/proxy/conf.d/default.conf",
           "proxy_cache_path /var/cache/nginx keys_zone=app:10m;\nserver {\n    listen 80;\n    location / {\n"
           "        proxy_pass http://app:8080;\n    }\n}\n");
    p.file("roles/cache/templates/redis.conf.j2", "maxmemory {{ redis_maxmemory }}\nmaxmemory-policy allkeys-lru\n");
    p.file("etc/nginx/sites-available/shop",
           "server {\n    listen 80;\n    server_name shop.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8080;\n    }\n}\n");
    std::filesystem::create_directories(p.path + "/etc/nginx/sites-enabled");
    std::filesystem::create_symlink("../sites-available/shop", p.path + "/etc/nginx/sites-enabled/shop");
    p.file("compose.yaml", "services:\n  cache:\n    image: redis:7\n    command: redis-server --maxmemory 100mb\n");
    p.file("README.md", "# redis.conf notes\nmaxmemory 1gb\n");
    p.file("app/settings.ini", "[cache]\nmaxmemory = 1gb\n");
    p.file("lb/haproxy.cfg.bak", "global\n");
    p.file("varnish/default.vcl", "vcl 4.1;\nbackend app { .host = \"127.0.0.1\"; .port = \"8080\"; }\n");
    compare(p.path);
    // The real-repository trees of tests/repos, as they are.
    for (const auto& e : fs::directory_iterator(kRoot + "/tests/repos")) {
        if (!fs::is_directory(e.path() / "tree")) continue;
        Project copy;
        fs::copy(e.path() / "tree", copy.path, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        compare(copy.path);
    }
}

TEST_CASE("pre-commit: the hook's entry on a staged file list honours excludes", "[workflow][precommit]") {
    Project p;
    p.file("redis.conf", kCleanRedis + kErrorLine);
    p.file("vendor/redis.conf", kCleanRedis + kErrorLine);
    p.file(".cachelint.toml", "extend-exclude = [\"vendor/**\"]\n");
    // What pre-commit runs: the entry plus the matching staged file names.
    auto r = p.run("check --force-exclude vendor/redis.conf");
    CHECK(r.exit_code == 0);
    CHECK(p.run("check --force-exclude vendor/redis.conf redis.conf").exit_code == 1);
}

TEST_CASE("GitHub Action: composite, inputs through env, SARIF uploaded, exit code surfaced", "[workflow][action]") {
    const std::string script =
        "import sys, yaml\n"
        "a = yaml.safe_load(open(sys.argv[1]))\n"
        "assert a['runs']['using'] == 'composite'\n"
        "steps = a['runs']['steps']\n"
        "assert all(s.get('shell') == 'bash' for s in steps if 'run' in s)\n"
        "assert all('${{ inputs' not in s['run'] for s in steps if 'run' in s), 'inputs interpolated into a script'\n"
        "up = [s for s in steps if s.get('uses', '').startswith('github/codeql-action/upload-sarif@')]\n"
        "assert len(up) == 1 and 'always()' in up[0]['if']\n"
        "assert all('value' in o for o in a['outputs'].values())\n"
        "print('ok')\n";
    auto r = run_shell("python3 -c " + shell_quote(script) + " " + shell_quote(kRoot + "/action.yml"));
    INFO(r.err);
    CHECK(r.out == "ok\n");

    // The run step itself, as the runner executes it.
    Project p;
    p.file("cache/redis.conf", kCleanRedis + kWarnLine + kErrorLine);
    const std::string env = "CACHELINT=" + shell_quote(CACHELINT_BINARY) + " CL_PATHS=cache CL_FAIL_ON=error " +
                            "CL_SARIF=cachelint.sarif CL_ANNOTATIONS=true GITHUB_OUTPUT=" + shell_quote(p.path + "/out") +
                            " GITHUB_STEP_SUMMARY=" + shell_quote(p.path + "/summary.md");
    auto run = run_shell("cd " + shell_quote(p.path) + " && " + env + " " + shell_quote(kRoot + "/contrib/github-action/run.sh"));
    INFO(run.err);
    CHECK(run.exit_code == 0);  // the action fails in a later step, after the upload
    CHECK(run.out.find("::error file=cache/redis.conf,line=6,col=17") != std::string::npos);
    CHECK(p.read("out") == "exit-code=1\nsarif-file=cachelint.sarif\n");
    CHECK(p.read("cachelint.sarif").find("\"version\": \"2.1.0\"") != std::string::npos);
    const std::string summary = p.read("summary.md");
    CHECK(summary.find("1 errors, 0 warnings, 1 notes in 1 files (exit code 1)") != std::string::npos);
    CHECK(summary.find("| RC002 | inline-comment-or-arity | 1 |") != std::string::npos);
    // The setup step uses the cachelint on PATH when there is one.
    auto setup = run_shell("PATH=" + shell_quote(build_dir()) + ":$PATH CL_BUILD=auto " +
                           shell_quote(kRoot + "/contrib/github-action/setup.sh"));
    CHECK(setup.exit_code == 0);
    CHECK(setup.out.find("using " + build_dir() + "/cachelint") != std::string::npos);
    CHECK(run_shell("CL_BUILD=sometimes " + shell_quote(kRoot + "/contrib/github-action/setup.sh")).exit_code == 2);
}

TEST_CASE("docs: the committed rule pages are what the catalog generates, and complete", "[workflow][docs]") {
    const std::string tmp = make_temp_dir("docs");
    auto r = run_cachelint("docs --output " + shell_quote(tmp));
    REQUIRE(r.exit_code == 0);
    std::set<std::string> generated, committed;
    for (auto& e : fs::directory_iterator(tmp)) generated.insert(e.path().filename().string());
    for (auto& e : fs::directory_iterator(kRoot + "/docs/rules")) committed.insert(e.path().filename().string());
    INFO("regenerate with: build/cachelint docs --output docs/rules");
    CHECK(generated == committed);
    for (const auto& name : generated) {
        INFO("docs/rules/" << name << " is stale");
        CHECK(read_file(tmp + "/" + name) == read_file(kRoot + "/docs/rules/" + name));
    }
    for (const auto& rule : cachelint::all_rules()) {
        const std::string page = read_file(tmp + "/" + std::string(rule.id) + ".md");
        INFO("rule " << rule.id);
        for (const char* part : {"## Why it matters", "## Problem", "## Fixed", "## Suppressing", "## References"})
            CHECK(page.find(part) != std::string::npos);
        CHECK(!rule.rationale.empty());
        CHECK(!rule.references.empty());
        CHECK(!rule.bad_example.empty());
        CHECK(!rule.good_example.empty());
        CHECK(read_file(tmp + "/README.md").find("[" + std::string(rule.id) + "](" + std::string(rule.id) + ".md)") !=
              std::string::npos);
        // helpUri points at the page.
        CHECK(run_cachelint("explain --markdown " + std::string(rule.id)).out == page);
    }
    std::system(("rm -rf " + shell_quote(tmp)).c_str());
    auto sarif = run_cachelint("check --format sarif --isolated -", "", "maxmemory 1gb\n");
    CHECK(sarif.out.find("\"helpUri\": \"https://github.com/cachelint/cachelint/blob/main/docs/rules/RC002.md\"") !=
          std::string::npos);
}

TEST_CASE("completions and man page cover every option of check", "[workflow][packaging]") {
    auto help = run_cachelint("check --help");
    std::set<std::string> options;
    std::istringstream in(help.out);
    std::string word;
    while (in >> word) {
        if (word.rfind("--", 0) != 0 || word.size() < 4) continue;
        std::string opt;
        for (char c : word) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) break;
            opt += c;
        }
        if (opt != "--help") options.insert(opt);
    }
    REQUIRE(options.size() > 20);
    const std::string bash = read_file(kRoot + "/completions/cachelint.bash");
    const std::string zsh = read_file(kRoot + "/completions/_cachelint");
    const std::string fish = read_file(kRoot + "/completions/cachelint.fish");
    const std::string man = read_file(kRoot + "/docs/cachelint.1");
    for (const auto& o : options) {
        INFO("option " << o);
        CHECK(bash.find(o) != std::string::npos);
        CHECK(zsh.find(o) != std::string::npos);
        CHECK(fish.find("-l " + o.substr(2) + " ") != std::string::npos);
        std::string roff;
        for (char c : o) roff += c == '-' ? std::string("\\-") : std::string(1, c);
        CHECK(man.find(roff) != std::string::npos);
    }
    auto loaded = run_shell("bash -c " + shell_quote("source " + kRoot + "/completions/cachelint.bash && complete -p cachelint"));
    CHECK(loaded.out.find("-F _cachelint cachelint") != std::string::npos);
    // The bash function completes subcommands and formats.
    auto comp = run_shell("bash -c " + shell_quote("source " + kRoot +
                                                   "/completions/cachelint.bash; COMP_WORDS=(cachelint check --format j); "
                                                   "COMP_CWORD=3; _cachelint; echo ${COMPREPLY[@]}"));
    CHECK(comp.out == "json junit\n");
    if (have_command("fish")) {
        // fish itself parses the file and completes from it, with the built binary on PATH for rule ids.
        auto fish_complete = [&](const std::string& line) {
            return run_shell("PATH=" + shell_quote(build_dir()) + ":$PATH fish --no-config -c " +
                             shell_quote("source " + kRoot + "/completions/cachelint.fish; complete -C" + shell_quote(line)));
        };
        CHECK(fish_complete("cachelint check --format j").out == "json\tOutput format\njunit\tOutput format\n");
        CHECK(fish_complete("cachelint check --update-b").out == "--update-baseline\tRemove stale baseline entries\n");
        CHECK(fish_complete("cachelint explain RC00").out.find("RC002\tinline-comment-or-arity\n") != std::string::npos);
    } else {
        WARN("SKIPPED: fish is absent (scripts/setup.sh --tests installs it); the fish completions were only searched");
    }
    if (have_command("man")) {
        auto rendered = run_shell("MANWIDTH=80 man -l " + shell_quote(kRoot + "/docs/cachelint.1") + " 2>&1");
        CHECK(rendered.out.find("EXIT STATUS") != std::string::npos);
        CHECK(rendered.out.find("warning:") == std::string::npos);
    }
}

TEST_CASE("packaging: cmake --install lays out binary, man page, completions and docs; cpack builds a .deb",
          "[workflow][packaging]") {
    Project p;
    auto inst = run_shell("cmake --install " + shell_quote(build_dir()) + " --prefix " + shell_quote(p.path + "/usr"));
    INFO(inst.out << inst.err);
    REQUIRE(inst.exit_code == 0);
    for (const char* f : {"usr/bin/cachelint", "usr/share/man/man1/cachelint.1.gz",
                          "usr/share/bash-completion/completions/cachelint", "usr/share/zsh/vendor-completions/_cachelint",
                          "usr/share/fish/vendor_completions.d/cachelint.fish",
                          "usr/share/doc/cachelint/adopting.md", "usr/share/doc/cachelint/rules/README.md",
                          "usr/share/doc/cachelint/rules/RC002.md"}) {
        INFO(f);
        CHECK(fs::exists(p.path + "/" + f));
    }
    CHECK(run_shell(shell_quote(p.path + "/usr/bin/cachelint") + " --version").out.rfind("cachelint ", 0) == 0);
    if (!have_command("dpkg-deb") || !have_command("cpack")) {
        WARN("SKIPPED: dpkg-deb or cpack is absent; the .deb was not built");
        return;
    }
    auto pack = run_shell("cpack -G DEB --config " + shell_quote(build_dir() + "/CPackConfig.cmake") + " -B " +
                          shell_quote(p.path + "/pkg"));
    INFO(pack.out << pack.err);
    REQUIRE(pack.exit_code == 0);
    std::string deb;
    for (auto& e : fs::directory_iterator(p.path + "/pkg"))
        if (e.path().extension() == ".deb") deb = e.path().string();
    REQUIRE(!deb.empty());
    auto contents = run_shell("dpkg-deb -c " + shell_quote(deb));
    CHECK(contents.out.find("./usr/bin/cachelint") != std::string::npos);
    CHECK(contents.out.find("./usr/share/man/man1/cachelint.1.gz") != std::string::npos);
    auto fields = run_shell("dpkg-deb -f " + shell_quote(deb) + " Package Depends Section");
    CHECK(fields.out.find("Package: cachelint") != std::string::npos);
    CHECK(fields.out.find("Depends: libc6") != std::string::npos);  // shlibdeps ran
}

TEST_CASE("GitHub Action: a released ref downloads its static executable and refuses a wrong checksum", "[workflow][action]") {
    if (!have_command("curl") || !have_command("sha256sum")) {
        WARN("SKIPPED: curl or sha256sum is absent");
        return;
    }
    // A fake release v9.9.9 in a folder, fetched through file:// (no network).
    const std::string rel = make_temp_dir("action-release");
    std::string arch = run_shell("uname -m").out;
    arch = arch.find("aarch64") != std::string::npos || arch.find("arm64") != std::string::npos ? "arm64" : "x86_64";
    const std::string exe = "cachelint-v9.9.9-linux-" + arch;
    fs::create_directories(rel + "/v9.9.9");
    fs::copy_file(CACHELINT_BINARY, rel + "/v9.9.9/" + exe);
    REQUIRE(run_shell("cd " + shell_quote(rel + "/v9.9.9") + " && sha256sum " + exe + " > SHA256SUMS").exit_code == 0);
    const std::string tmp = make_temp_dir("action-runner");
    const std::string env = "env -u GITHUB_PATH PATH=/usr/bin:/bin CL_BUILD=auto CL_ACTION_REF=v9.9.9 RUNNER_TEMP=" + shell_quote(tmp) +
                            " CL_RELEASE_BASE=" + shell_quote("file://" + rel) + " ";
    auto ok = run_shell(env + shell_quote(kRoot + "/contrib/github-action/setup.sh") + " 2>&1");
    INFO(ok.out);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("checksum verified") != std::string::npos);
    CHECK(fs::exists(tmp + "/cachelint-v9.9.9/cachelint"));
    // A tampered executable: the checksum no longer matches, and the action refuses it.
    write_file(rel + "/v9.9.9/" + exe, "#!/bin/sh\necho evil\n");
    fs::remove_all(tmp + "/cachelint-v9.9.9");
    auto bad = run_shell(env + shell_quote(kRoot + "/contrib/github-action/setup.sh") + " 2>&1");
    INFO(bad.out);
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find("does not match") != std::string::npos);
}

#ifdef CACHELINT_STATIC_BINARY
TEST_CASE("the static executable has no dynamic dependency and reports what build/cachelint reports", "[workflow][static]") {
    auto ldd = run_shell("ldd " + shell_quote(CACHELINT_STATIC_BINARY) + " 2>&1");
    INFO(ldd.out);
    CHECK(ldd.out.find("not a dynamic executable") != std::string::npos);
    CHECK(ldd.out.find(".so") == std::string::npos);
    auto dyn = run_shell("cd " + shell_quote(kRoot) + " && " + shell_quote(CACHELINT_BINARY) + " check --format json --fail-on never examples/");
    auto sta = run_shell("cd " + shell_quote(kRoot) + " && " + shell_quote(CACHELINT_STATIC_BINARY) + " check --format json --fail-on never examples/");
    CHECK(sta.exit_code == 0);
    CHECK(sta.out.find("\"findings\"") != std::string::npos);
    CHECK(sta.out == dyn.out);
}
#endif
