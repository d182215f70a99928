// nginx dialect: tokenizer units (ngx_conf_read_token behaviour) and the differential test against
// the real `nginx -t` on every nginx fixture and every corpus main configuration.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>

#include "core/rule_catalog.hpp"
#include "parse/nginx/lexer.hpp"
#include "parse/nginx/values.hpp"
#include "rules/nginx/common.hpp"
#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint;
using namespace cachelint::test;
using cachelint::nginx::Lexer;
using cachelint::nginx::Tok;
using cachelint::nginx::Word;

namespace {

struct Lexed {
    std::vector<std::vector<std::string>> statements;
    std::vector<Tok> toks;
    std::string error;
};

Lexed lex(const std::string& text) {
    SourceFile f("t.conf", text);
    nginx::Arena arena;
    Lexer lx(f, arena);
    Lexed out;
    std::vector<Word> words;
    for (int i = 0; i < 100000; ++i) {
        Tok t = lx.next(words);
        out.toks.push_back(t);
        if (t == Tok::error) {
            out.error = lx.error();
            break;
        }
        if (t == Tok::file_done) break;
        std::vector<std::string> s;
        for (auto& w : words) s.emplace_back(w.value);
        if (!s.empty()) out.statements.push_back(s);
    }
    return out;
}

}  // namespace

TEST_CASE("nginx tokenizer follows ngx_conf_read_token", "[nginx][tokenizer]") {
    using V = std::vector<std::string>;
    SECTION("# is a comment only at token start") {
        auto r = lex("add_header X a#b; # comment ;\n");
        REQUIRE(r.statements.size() == 1);
        CHECK(r.statements[0] == V{"add_header", "X", "a#b"});
    }
    SECTION("quotes only at token start; a word may contain quotes") {
        auto r = lex("a right-\"quote\" inner\"-\"q;");
        CHECK(r.statements[0] == V{"a", "right-\"quote\"", "inner\"-\"q"});
    }
    SECTION("} does not end a word") {
        auto r = lex("location ~ ^/a{2}$ {");
        CHECK(r.statements[0] == V{"location", "~", "^/a"});
        CHECK(r.toks[0] == Tok::block_start);
    }
    SECTION("${var} keeps the word going") {
        auto r = lex("set $x \"${host}x\" ; set $y ${host}z;");
        CHECK(r.statements[0] == V{"set", "$x", "${host}x"});
        CHECK(r.statements[1] == V{"set", "$y", "${host}z"});
    }
    SECTION("backslash escapes: \\\" \\' \\\\ \\t \\r \\n decoded, others kept") {
        auto r = lex("a \"q\\\"x\\ty\\z\" b\\ c;");
        CHECK(r.statements[0] == V{"a", "q\"x\ty\\z", "b\\ c"});
    }
    SECTION("empty quoted argument and multi-line quoted string") {
        auto r = lex("proxy_set_header Accept-Encoding \"\";\nreturn 200 'a\nb';");
        CHECK(r.statements[0] == V{"proxy_set_header", "Accept-Encoding", ""});
        CHECK(r.statements[1] == V{"return", "200", "a\nb"});
    }
    SECTION("a closing quote must be followed by space, ; { or )") {
        CHECK(lex("a \"a\"b;").error == "unexpected \"b\"");
        CHECK(lex("if ($a = \"b\"){").error.empty());
    }
    SECTION("stray ; { } are errors") {
        CHECK(lex(";").error == "unexpected \";\"");
        CHECK(lex("a;;").error == "unexpected \";\"");
        CHECK(lex("a }").error == "unexpected \"}\"");
        CHECK(lex("a b").error == "unexpected end of file, expecting \";\" or \"}\"");
    }
    SECTION("the 4096-byte buffer limits one token") {
        CHECK(lex("a " + std::string(4000, 'x') + ";").error.empty());
        CHECK(lex("a \"" + std::string(5000, 'x') + "\";\n").error ==
              "too long parameter, probably missing terminating \"\"\" character");
        CHECK(lex("a " + std::string(5000, 'x') + ";\n").error.starts_with("too long parameter \"xxxxxxxxxx"));
        // Many short tokens across buffer refills are fine.
        std::string many;
        for (int i = 0; i < 2000; ++i) many += "add_header X y;\n";
        CHECK(lex(many).statements.size() == 2000);
    }
    SECTION("Lua blocks: braces inside strings, comments and long brackets") {
        SourceFile f("t.conf", "content_by_lua_block { local t = { \"}\", '{' } -- }\n --[[ } ]] local s = [==[ } ]==] }\nx;");
        nginx::Arena arena;
        Lexer lx(f, arena);
        std::vector<Word> words;
        REQUIRE(lx.next(words) == Tok::block_start);
        Word body;
        REQUIRE(lx.skip_lua_block(body));
        REQUIRE(lx.next(words) == Tok::ok);
        CHECK(words[0].value == "x");
    }
}

TEST_CASE("nginx time and size values", "[nginx][values]") {
    using nginx::parse_time;
    CHECK(parse_time("1h30m", true) == 5400);
    CHECK(parse_time("1m 30s", true) == 90);
    CHECK(parse_time("10", true) == 10);
    CHECK(!parse_time("30m1h", true));
    CHECK(!parse_time("500ms", true));
    CHECK(parse_time("500ms", false) == 500);
    CHECK(nginx::parse_size("10m") == 10u << 20);
    CHECK(!nginx::parse_size("1g"));
    CHECK(nginx::parse_offset("1g") == 1ull << 30);
    CHECK(!nginx::parse_offset("1.5g"));
}

// ---- differential test -----------------------------------------------------------------------------
namespace {

bool cachelint_refuses(const std::string& dir, const std::string& file, const std::string& extra = "") {
    auto r = run_cachelint("check --format concise --fail-on never --strict --dialect nginx " + extra + " " + shell_quote(file), dir);
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        auto open = line.find("error["), close = line.find("]:", open);
        if (open == std::string::npos || close == std::string::npos) continue;
        const RuleMeta* rule = find_rule(line.substr(open + 6, close - open - 6));
        if (rule && rule->has_tag("fatal")) return true;
    }
    return false;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
}

// The environment ../shared/corpus/CHECKS-2.tsv says a corpus origin needed on the checking host:
// "host NAME->ADDR" entries (container DNS names such as `app` or `php`), keyed by origin folder.
std::vector<std::pair<std::string, std::string>> corpus_hosts(const std::string& origin) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string shared = shared_dir();
    if (shared.empty() || origin.empty()) return out;
    std::istringstream in(read_file(shared + "/corpus/CHECKS-2.tsv"));
    static const std::regex host(R"(host ([A-Za-z0-9_.-]+)->([0-9.]+))");
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("nginx/" + origin + "/")) continue;
        for (std::sregex_iterator it(line.begin(), line.end(), host), end; it != end; ++it) {
            std::pair<std::string, std::string> h{(*it)[1], (*it)[2]};
            if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
        }
    }
    return out;
}

// A self-signed certificate and key as TMP/test.crt and TMP/test.key ("" when openssl is missing).
std::string test_certificate(const std::string& tmp) {
    if (fs::exists(tmp + "/test.crt")) return tmp + "/test.crt";
    auto r = run_shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=cachelint-test -keyout " +
                       shell_quote(tmp + "/test.key") + " -out " + shell_quote(tmp + "/test.crt") + " >/dev/null 2>&1");
    return r.exit_code == 0 ? tmp + "/test.crt" : "";
}

// Copies `src_dir` to TMP/t, supplying the environment the corpus README and CHECKS-2.tsv describe:
// cache, log and /etc/nginx paths inside the temp dir, no `user` switch (the test runs as whoever it
// is), an empty file for an absolute include of the deployment host (cachelint reports those as the
// NGX906 note: not checked), and the container host names of `hosts` mapped to loopback.
std::string stage(const std::string& src_dir, const std::string& tmp,
                  const std::vector<std::pair<std::string, std::string>>& hosts = {}) {
    const fs::path t = fs::path(tmp) / "t";
    fs::copy(src_dir, t, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    static const std::regex abs_include(R"((^|\n)(\s*include\s+)(/[^;\s*?\[]+)\s*;)");
    static const std::regex log_path(R"((^|\n)(\s*(?:access_log|error_log|pid)\s+)(/[^;\s]+))");
    for (auto& e : fs::recursive_directory_iterator(t)) {
        if (!e.is_regular_file()) continue;
        std::string s = read_file(e.path().string());
        std::string orig = s;
        replace_all(s, "/var/cache/", tmp + "/var/cache/");
        replace_all(s, "/etc/nginx/", t.string() + "/");
        s = std::regex_replace(s, std::regex(R"((^|\n)(\s*)user\s+[^;\n]*;)"), "$1$2# user (test: not switching users);");
        for (const auto& [name, addr] : hosts)
            s = std::regex_replace(s, std::regex("((?:^|\\n)\\s*(?:server|set_real_ip_from|fastcgi_pass|uwsgi_pass|scgi_pass|grpc_pass)\\s+|://)" + name +
                                                 "(?=[:;/\\s])"),
                                   "$01" + addr);  // $01: the address starts with a digit
        // Absolute includes and log files of the deployment host: relocate into the temp dir.
        std::string out;
        auto relocate = [&](const std::regex& re, bool include) {
            out.clear();
            size_t last = 0;
            for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
                const std::string path = (*it)[3];
                out += s.substr(last, it->position(0) - last);
                std::string repl = (*it)[0];
                if (!path.starts_with(tmp) && !path.starts_with("/dev/") && (include ? !fs::exists(path) : true)) {
                    const fs::path moved = fs::path(tmp + path);
                    fs::create_directories(moved.parent_path());
                    if (include && !fs::exists(moved)) write_file(moved.string(), "");
                    repl = std::string((*it)[1]) + std::string((*it)[2]) + moved.string() + (include ? ";" : "");
                }
                out += repl;
                last = it->position(0) + it->length(0);
            }
            out += s.substr(last);
            s = out;
        };
        relocate(abs_include, true);
        relocate(log_path, false);
        // Certificates of the deployment host: a throwaway self-signed pair made for the test.
        static const std::regex cert(R"((^|\n)(\s*)(ssl_certificate_key|ssl_certificate|ssl_trusted_certificate|ssl_client_certificate)(\s+)([^;\s$]+)\s*;)");
        out.clear();
        size_t cl = 0;
        for (std::sregex_iterator it(s.begin(), s.end(), cert), end; it != end; ++it) {
            const std::string dir = std::string((*it)[3]), path = std::string((*it)[5]);
            const fs::path abs = path.starts_with("/") ? fs::path(path) : t / path;
            out += s.substr(cl, it->position(0) - cl);
            std::string repl = (*it)[0];
            if (!fs::exists(abs) && !test_certificate(tmp).empty())
                repl = std::string((*it)[1]) + std::string((*it)[2]) + dir + std::string((*it)[4]) + tmp + "/test." +
                       (dir == "ssl_certificate_key" ? "key" : "crt") + ";";
            out += repl;
            cl = it->position(0) + it->length(0);
        }
        out += s.substr(cl);
        s = out;
        // A dynamic module that is not installed here (CHECKS-2: "commented load_module ..."): its
        // directives then count as unknown, for nginx and for cachelint --strict alike.
        static const std::regex load_module(R"((^|\n)(\s*)(load_module\s+([^;\s]+)\s*;))");
        out.clear();
        size_t last = 0;
        for (std::sregex_iterator it(s.begin(), s.end(), load_module), end; it != end; ++it) {
            const std::string so = (*it)[4];
            out += s.substr(last, it->position(0) - last) + std::string((*it)[1]) + std::string((*it)[2]);
            const bool present = so.starts_with("/") ? fs::exists(so) : fs::exists(fs::path("/usr/share/nginx") / so) || fs::exists(fs::path("/usr/lib/nginx") / so);
            out += (present ? "" : "# not installed here: ") + std::string((*it)[3]);
            last = it->position(0) + it->length(0);
        }
        out += s.substr(last);
        s = out;
        // A relative include into a folder the tree does not have (engintron's overrides/, made by its
        // installer; cachelint reports it as the NGX906 note): CHECKS-2 supplied an empty file.
        static const std::regex rel_include(R"((?:^|\n)\s*include\s+([^/;\s*?\[][^;\s*?\[]*)\s*;)");
        for (std::sregex_iterator it(s.begin(), s.end(), rel_include), end; it != end; ++it) {
            const fs::path target = t / std::string((*it)[1]);
            if (!fs::exists(target) && !fs::exists(target.parent_path())) {
                fs::create_directories(target.parent_path());
                write_file(target.string(), "");
            }
        }
        if (s != orig) write_file(e.path().string(), s);
    }
    // nginx -t creates a cache directory, not its parents; and the distro ships mime.types & co.
    fs::create_directories(fs::path(tmp) / "var/cache/nginx");
    for (auto shipped : {"mime.types", "fastcgi_params", "fastcgi.conf", "uwsgi_params", "scgi_params", "proxy_params"})
        if (!fs::exists(t / shipped) && fs::exists(fs::path("/etc/nginx") / shipped))
            fs::copy_file(fs::path("/etc/nginx") / shipped, t / shipped);
    return t.string();
}

struct Oracle {
    bool ok = false;
    std::string env;  // non-empty: nginx failed for want of the environment (not a config verdict)
    std::string newer;  // non-empty: the nginx message of a directive/parameter the 1.22 oracle predates
    std::string err;
};

Oracle nginx_t(const std::string& tmp, const std::string& conf) {
    auto r = run_shell("timeout 20 /usr/sbin/nginx -t -q -p " + shell_quote(tmp + "/") + " -c " + shell_quote(conf) +
                       " -g " + shell_quote("error_log stderr;") + " 2>&1");
    Oracle o;
    o.ok = r.exit_code == 0;
    o.err = r.out;
    static const char* env_markers[] = {"host not found", "getpwnam", "getgrnam", "cannot load certificate", "BIO_new_file",
                                        "no such file or directory) in"};
    if (!o.ok)
        for (auto m : env_markers)
            if (r.out.find(m) != std::string::npos && r.out.find(tmp) == std::string::npos) o.env = m;
    if (!o.ok && r.out.find("host not found") != std::string::npos) o.env = "host not found (DNS)";
    // Dynamic modules Debian ships separately (the corpus was checked with them commented out or loaded).
    for (auto m : {"unknown directive \"stream\"", "unknown directive \"brotli", "unknown directive \"geoip_",
                   "unknown directive \"perl", "unknown directive \"js_", "unknown directive \"more_set_headers"})
        if (!o.ok && r.out.find(m) != std::string::npos) o.env = std::string("module not installed here: ") + m;
    // nginx checks that variables exist; cachelint does not model the variable namespace (a documented gap).
    if (!o.ok && std::regex_search(r.out, std::regex(R"(unknown "[^"]*" variable)"))) o.env = "variable check (not modelled)";
    if (!o.ok && r.out.find("cannot load certificate") != std::string::npos) o.env = "certificate file";
    // cachelint models current nginx; the oracle is Debian's 1.22, which refuses what later releases added.
    static const char* newer[] = {
        "unknown directive \"http2\" in",   // `http2 on;` (nginx 1.25.1)
        "invalid parameter \"resolve\" in",  // upstream `server ... resolve` (nginx 1.27.3; NGINX Plus before)
    };
    for (auto m : newer)
        if (!o.ok && r.out.find(m) != std::string::npos) o.newer = m;
    // An installer's template placeholder (SEDFCGIBUFFERS) on the refused line: cachelint treats the
    // value as unknown, never invalid, as the file is substituted before nginx reads it.
    if (!o.ok && r.out.find("unknown directive") == std::string::npos) {  // a value or argument count only
        const size_t at = r.out.find("[emerg]");
        const std::string first = at == std::string::npos ? "" : r.out.substr(at, r.out.find('\n', at) - at);
        const size_t in = first.rfind(" in "), colon = first.rfind(':');
        if (in != std::string::npos && colon != std::string::npos && colon > in + 4) {
            std::istringstream lines(read_file(first.substr(in + 4, colon - in - 4)));
            std::string line;
            for (int i = std::atoi(first.c_str() + colon + 1); i > 0 && std::getline(lines, line);) --i;
            std::istringstream words(line);
            for (std::string w; words >> w;)
                if (nginx::looks_like_placeholder(w.back() == ';' ? w.substr(0, w.size() - 1) : w)) o.env = "template placeholder " + w + " (substituted before nginx reads the file)";
        }
    }
    return o;
}

}  // namespace

TEST_CASE("nginx -t verdict: cachelint agrees with the real nginx", "[nginx][differential]") {
    if (!have_command("/usr/sbin/nginx")) {
        WARN("SKIPPED: /usr/sbin/nginx is not installed");
        return;
    }
    struct Case {
        std::string dir, file, label, origin;  // origin: the corpus folder below nginx/ ("" for fixtures)
    };
    std::vector<Case> cases;
    for (auto& rule : fs::directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "fixtures/nginx"))
        for (auto& f : fs::directory_iterator(rule)) {
            const std::string name = f.path().filename().string();
            if (name[0] == '_' || name.ends_with(".expected") || name.ends_with(".args") || !f.is_regular_file()) continue;
            cases.push_back({rule.path().string(), name, "fixtures/nginx/" + rule.path().filename().string() + "/" + name});
        }
    const std::string shared = shared_dir();
    if (!shared.empty()) {
        for (const auto& e : corpus_entries("nginx")) {
            if (e.kind != "main") continue;
            const fs::path p = fs::path(shared) / "corpus" / e.path;
            const std::string rest = e.path.substr(e.path.find('/') + 1);
            cases.push_back({p.parent_path().string(), p.filename().string(), "corpus/" + e.path, rest.substr(0, rest.find('/'))});
        }
    } else {
        WARN("NOT CHECKED (corpus part only): ../shared is absent");
    }
    std::sort(cases.begin(), cases.end(), [](auto& a, auto& b) { return a.label < b.label; });
    int agreed = 0, excluded = 0;
    for (const auto& c : cases) {
        if (read_file(c.dir + "/" + c.file).find("# configuration file ") != std::string::npos) {
            WARN("EXCLUDED " << c.label << ": nginx -T output is cachelint input, not a file nginx itself reads");
            ++excluded;
            continue;
        }
        // An include cachelint could not find on this machine (absolute path of the deployment host,
        // generated by an installer): nginx fails on it here, but that is the environment, not the config.
        const auto pre = run_cachelint("check --format concise --fail-on never --dialect nginx " + shell_quote(c.file), c.dir);
        const bool unresolved_include = pre.out.find("[NGX906]") != std::string::npos;
        const std::string tmp = make_temp_dir("ngx-diff");
        const std::string t = stage(c.dir, tmp, corpus_hosts(c.origin));
        const std::string text = read_file(t + "/" + c.file);
        const bool is_main = std::regex_search(text, std::regex(R"((^|\n)\s*events\s*\{)")) ||
                             (c.file == "nginx.conf" && std::regex_search(text, std::regex(R"((^|\n)\s*http\s*\{)")));
        Oracle o;
        if (is_main) {
            o = nginx_t(tmp, t + "/" + c.file);
        } else {
            // A fragment: nginx accepts it if it fits one of the contexts it is included into.
            Oracle env_failure;
            for (const std::string& wrap : {"events {}\nhttp { include %; }\n", "events {}\nhttp { server { listen 127.0.0.1:8999; include %; } }\n",
                                            "events {}\nhttp { server { listen 127.0.0.1:8999; location / { include %; } } }\n",
                                            "events {}\ninclude %;\n"}) {
                std::string w = wrap;
                replace_all(w, "%", t + "/" + c.file);
                write_file(t + "/_wrapper.conf", w);
                o = nginx_t(tmp, t + "/_wrapper.conf");
                if (o.ok) break;
                if (!o.env.empty() || !o.newer.empty()) env_failure = o;
            }
            if (!o.ok && (!env_failure.env.empty() || !env_failure.newer.empty())) o = env_failure;
        }
        fs::remove_all(tmp);
        if (!o.ok && o.env.empty() && unresolved_include && o.err.find("open() ") != std::string::npos)
            o.env = "an include that is not on this machine (cachelint reports it as NGX906)";
        if (!o.ok && !o.newer.empty()) {
            WARN("EXCLUDED " << c.label << ": directive/parameter of a newer nginx than the 1.22 oracle (" << o.newer << "):\n" << o.err);
            ++excluded;
            continue;
        }
        if (!o.ok && !o.env.empty()) {
            WARN("EXCLUDED " << c.label << ": nginx -t needs the deployment environment (" << o.env << "):\n" << o.err);
            ++excluded;
            continue;
        }
        const bool refused = cachelint_refuses(c.dir, c.file);
        INFO(c.label << "\nnginx -t: " << (o.ok ? "ok" : "FAILED") << "\n" << o.err);
        CHECK(refused == !o.ok);
        if (refused == !o.ok) ++agreed;
    }
    WARN("nginx differential: " << agreed << " of " << cases.size() << " agree, " << excluded << " excluded for environment");
    CHECK(agreed + excluded == static_cast<int>(cases.size()));
    // A floor, so that the test cannot pass by excluding everything: 120 cases agreed on 2026-12-04
    // (nginx 1.22.1, fixtures plus the corpus's main files with ../shared present).
    if (!shared.empty()) CHECK(agreed >= 114);
}

TEST_CASE("nginx regexes evaluated with RE2: nginx's match where RE2 can, unknown where PCRE syntax is needed", "[nginx][regex]") {
    using cachelint::nginx::rules::location_regex_static;
    using cachelint::nginx::rules::regex_search;
    // Unanchored like pcre_exec; ~* is caseless.
    CHECK(regex_search("\\.php$", false, "/index.php") == true);
    CHECK(regex_search("\\.PHP$", false, "/index.php") == false);
    CHECK(regex_search("\\.PHP$", true, "/index.php") == true);
    CHECK(regex_search("/purge(/.*)", false, "/x/purge/a") == true);
    // PCRE's named group spelling is accepted; lookaround and backreferences are unknown, not "no match".
    CHECK(regex_search("^/(?<lang>en|de)/", false, "/de/page") == true);
    CHECK(regex_search("^/(?!admin)", false, "/page") == std::nullopt);
    CHECK(regex_search("(?<=/)x", false, "/x") == std::nullopt);
    CHECK(regex_search("^/(a)\\1", false, "/aa") == std::nullopt);
    // Which kind of URL a regex location serves.
    CHECK(location_regex_static("\\.(?:css|js|png)$", true) == true);
    CHECK(location_regex_static("^/(static|api)/", true) == false);  // /api/user is a page
    CHECK(location_regex_static("\\.php$", false) == false);
    CHECK(location_regex_static("\\.(?:csv|json)$", true) == std::nullopt);  // neither: the markers decide
}
