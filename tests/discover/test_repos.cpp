// Repositories as they are: every file of a tree is either checked with its dialect or skipped with a
// reason, and each problem is reported once, at the file's own path. tests/repos/<name>/ holds:
//   tree/            the repository (written for the project; symlinks kept as symlinks),
//   corpus.txt       optional: rows "corpus-path<TAB>tree-path" of third-party files the test copies from
//                    ../shared/corpus into the tree at run time (they are not copied into the project),
//   show-files.txt   what `check --show-files .` prints (checked files, then skipped ones with the reason),
//   findings.txt     the expected report (concise), true findings only,
//   known-false.txt  optional: findings the current binary prints that are false (bugs not fixed yet), one
//                    concise line each, after '#' lines saying why. They are kept out of findings.txt; the test
//                    fails when one of them is no longer printed (then delete it), and the hidden test case
//                    "repos: no known false finding remains" lists those still open.
// tests/repos/README.md describes each tree and the counts before and after the classification work.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include "discover/classify.hpp"
#include "support/run.hpp"
#include "workflow/workflow_support.hpp"

using namespace cachelint::test;
namespace fs = std::filesystem;

namespace {

std::string show_files(const std::string& dir, const std::string& args = ".") {
    auto r = run_cachelint("check --isolated --show-files " + args, dir);
    return r.out + r.err;
}

std::string findings(const std::string& dir, const std::string& args = ".") {
    return run_cachelint("check --isolated --format concise --fail-on never " + args, dir).out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string read_if_exists(const fs::path& p) { return fs::exists(p) ? read_file(p.string()) : std::string(); }

// The tree to check: tests/repos/<name>/tree itself, or, when corpus.txt exists, a copy of it in a temporary
// folder with the listed corpus files added. Empty when the corpus is needed but ../shared is absent.
std::string assemble(const fs::path& dir) {
    const fs::path list = dir / "corpus.txt";
    if (!fs::exists(list)) return (dir / "tree").string();
    const std::string shared = shared_dir();
    if (shared.empty()) return "";
    const fs::path out = make_temp_dir("repos-" + dir.filename().string());
    if (fs::is_directory(dir / "tree"))
        fs::copy(dir / "tree", out, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    for (const auto& row : lines_of(read_file(list.string()))) {
        if (row.empty() || row[0] == '#') continue;
        const auto tab = row.find('\t');
        REQUIRE(tab != std::string::npos);
        const fs::path from = fs::path(shared) / "corpus" / row.substr(0, tab);
        const fs::path to = out / row.substr(tab + 1);
        INFO(row);
        REQUIRE(fs::is_regular_file(from));
        fs::create_directories(to.parent_path());
        fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    }
    return out.string();
}

struct KnownFalse {
    std::vector<std::string> rows;  // concise finding lines
};

KnownFalse known_false(const fs::path& dir) {
    KnownFalse k;
    for (const auto& line : lines_of(read_if_exists(dir / "known-false.txt")))
        if (!line.empty() && line[0] != '#') k.rows.push_back(line);
    return k;
}

std::vector<fs::path> repo_dirs() {
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "tests/repos"))
        if (fs::is_directory(e.path() / "tree") || fs::exists(e.path() / "corpus.txt")) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

}  // namespace

TEST_CASE("repos: each tree of tests/repos lists and reports as expected", "[discover][repos]") {
    int trees = 0;
    for (const auto& dir : repo_dirs()) {
        INFO(dir.filename().string());
        const std::string tree = assemble(dir);
        if (tree.empty()) {
            WARN("../shared is absent: " + dir.filename().string() + " (built from the corpus) skipped");
            continue;
        }
        ++trees;
        CHECK(show_files(tree) == read_file((dir / "show-files.txt").string()));
        // The report minus the known false findings is the expected report; each known false finding is still
        // printed (when one is gone, the bug is fixed: delete its row).
        std::string rest;
        const auto known = known_false(dir).rows;
        std::vector<bool> seen(known.size(), false);
        for (const auto& line : lines_of(findings(tree))) {
            bool is_known = false;
            for (size_t i = 0; i < known.size(); ++i)
                if (!seen[i] && known[i] == line) {
                    seen[i] = is_known = true;
                    break;
                }
            if (!is_known) rest += line + "\n";
        }
        CHECK(rest == read_file((dir / "findings.txt").string()));
        for (size_t i = 0; i < known.size(); ++i) {
            INFO("known false finding no longer printed (fixed? delete it from known-false.txt): " + known[i]);
            CHECK(seen[i]);
        }
    }
    CHECK(repo_dirs().size() >= 20);
}

// The false findings tests/repos still records: this case fails until every known-false.txt is gone (Catch2
// [!mayfail]: it reports them without failing the run).
TEST_CASE("repos: no known false finding remains", "[discover][repos][!mayfail]") {
    for (const auto& dir : repo_dirs()) {
        INFO(dir.filename().string());
        for (const auto& row : known_false(dir).rows) {
            INFO(row);
            CHECK(false);
        }
    }
}

TEST_CASE("repos: Debian layouts with symlinks report each problem once, at the file's own path", "[discover][repos]") {
    Project p;
    // nginx: nginx.conf includes conf.d/* at http level and sites-enabled/*, whose entries link to sites-available/.
    p.file("etc/nginx/nginx.conf", "events {\n    worker_connections 768;\n}\nhttp {\n    include conf.d/*.conf;\n    include sites-enabled/*;\n}\n");
    p.file("etc/nginx/conf.d/cache.conf", "proxy_cache_path /var/cache/nginx levels=1:2 keys_zone=pages:10m max_size=512m inactive=1h;\n");
    p.file("etc/nginx/sites-available/shop",
           "server {\n    listen 80;\n    server_name shop.example.org;\n    location / {\n        include snippets/backend.conf;\n"
           "        proxy_cache pages;\n    }\n}\n");
    p.file("etc/nginx/snippets/backend.conf", "proxy_pass http://127.0.0.1:8000;\nproxy_set_header Host $host;\n");
    fs::create_directories(p.path + "/etc/nginx/sites-enabled");
    fs::create_symlink("../sites-available/shop", p.path + "/etc/nginx/sites-enabled/shop");
    // Apache: apache2.conf includes sites-enabled/*.conf, linked from sites-available/.
    p.file("etc/apache2/apache2.conf",
           "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
           "LoadModule cache_module /usr/lib/apache2/modules/mod_cache.so\n"
           "LoadModule cache_disk_module /usr/lib/apache2/modules/mod_cache_disk.so\n"
           "LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\nListen 80\nIncludeOptional sites-enabled/*.conf\n");
    p.file("etc/apache2/sites-available/000-default.conf",
           "<VirtualHost *:80>\n    ServerName www.example.org\n    DocumentRoot /var/www/html\n    CacheEnable disk /\n</VirtualHost>\n");
    fs::create_directories(p.path + "/etc/apache2/sites-enabled");
    fs::create_symlink("../sites-available/000-default.conf", p.path + "/etc/apache2/sites-enabled/000-default.conf");
    // Redis: redis.conf includes common.conf (by absolute path, as redis-server needs); common.conf alone
    // has no maxmemory, so checked on its own it would contradict the main file.
    p.file("etc/redis/redis.conf", "include " + p.path + "/etc/redis/common.conf\nport 6379\nmaxmemory 100mb\n");
    p.file("etc/redis/common.conf", "bind 127.0.0.1\nmaxmemory-policy allkeys-lru\nsave \"\"\nlist-max-ziplist-entries 512\n");

    auto shown = run_cachelint("check --isolated --show-files .", p.path);
    CHECK(shown.out ==
          "etc/apache2/apache2.conf\tapache\netc/apache2/sites-available/000-default.conf\tapache\n"
          "etc/nginx/conf.d/cache.conf\tnginx\netc/nginx/nginx.conf\tnginx\netc/nginx/sites-available/shop\tnginx\n"
          "etc/nginx/snippets/backend.conf\tnginx\netc/redis/common.conf\tredis\netc/redis/redis.conf\tredis\n");
    CHECK(shown.err ==
          "etc/apache2/sites-enabled/000-default.conf\tskipped\tsymlink\tsymlink to etc/apache2/sites-available/000-default.conf, checked there\n"
          "etc/nginx/sites-enabled/shop\tskipped\tsymlink\tsymlink to etc/nginx/sites-available/shop, checked there\n");

    auto r = run_cachelint("check --isolated --format concise --fail-on never .", p.path);
    INFO(r.out);
    CHECK(r.err.empty());
    // One report per problem, at the real path; nothing on the symlink paths.
    CHECK(count(r.out, "etc/nginx/sites-available/shop:6:9: note[NGX007]") == 1);
    CHECK(count(r.out, "etc/apache2/sites-available/000-default.conf:4:5: warning[APC007]") == 1);
    CHECK(count(r.out, "sites-enabled") == 0);
    // The included redis file is checked with its main file (maxmemory is set there), not alone (RC104).
    CHECK(count(r.out, "etc/redis/common.conf:4:1: note[RC005]") == 1);
    CHECK(count(r.out, "[RC104]") == 0);
    CHECK(count(r.out, "/tmp/") == 0);
    // The symlink is a related location of the finding.
    auto json = run_cachelint("check --isolated --format json --fail-on never etc/nginx", p.path);
    CHECK(count(json.out, "\"path\": \"etc/nginx/sites-available/shop\"") >= 1);
    CHECK(count(json.out, "reached through the symlink etc/nginx/sites-enabled/shop") >= 1);
    // Every file of the tree named on the command line (as pre-commit does): still one report per problem.
    auto named = run_cachelint("check --isolated --format concise --fail-on never etc/nginx/nginx.conf etc/nginx/conf.d/cache.conf "
                               "etc/nginx/sites-available/shop etc/nginx/sites-enabled/shop etc/nginx/snippets/backend.conf",
                               p.path);
    CHECK(count(named.out, "[NGX007]") == 1);
    CHECK(count(named.out, "sites-enabled") == 0);
}

TEST_CASE("repos: a file named explicitly whose kind cannot be told is skipped with one line", "[discover][repos]") {
    Project p;
    p.file("chrony.conf", "server 0.pool.ntp.org iburst\nserver 1.pool.ntp.org iburst\ndriftfile /var/lib/chrony/drift\n");
    p.file("memcached.conf", "[program:memcached]\ncommand=memcached -m 64\n");
    auto r = p.run("check chrony.conf memcached.conf");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "No problems found in 0 files.\n");
    CHECK(r.err ==
          "cachelint: chrony.conf: skipped: not a configuration cachelint reads (no dialect's grammar fits it alone); pass --dialect "
          "NAME to check it\n"
          "cachelint: memcached.conf: skipped: named like memcached but it is a supervisord program file ([program:...] sections); "
          "pass --dialect NAME to check it\n");
    // --dialect says what it is.
    CHECK(p.run("check --show-files --dialect nginx chrony.conf").out == "chrony.conf\tnginx\n");
}

TEST_CASE("repos: one-directive nginx snippets named explicitly are checked", "[discover][repos]") {
    Project p;
    p.file("nginx/snippets/cache-valid.conf", "proxy_cache_valid 200 10m;\n");  // path context: an nginx/ tree
    p.file("deploy/buffering.conf", "proxy_buffering off;\n");                  // content: one nginx directive
    auto r = p.run("check --show-files nginx/snippets/cache-valid.conf deploy/buffering.conf");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "deploy/buffering.conf\tnginx\nnginx/snippets/cache-valid.conf\tnginx\n");
    CHECK(p.run("check nginx/snippets/cache-valid.conf deploy/buffering.conf").exit_code != 2);
    // In a walk, one directive alone is not enough outside an nginx tree.
    CHECK(p.run("check --show-files deploy").out.empty());
}

TEST_CASE("classify: names and single keywords do not decide, grammar does", "[discover][unit]") {
    using cachelint::classify_file;
    using cachelint::HeadReader;
    auto kind = [](const std::string& path, const std::string& text, bool named = false) {
        HeadReader head(path, text);
        auto c = classify_file(path, head, {}, named);
        return c.checked() ? c.dialect : "skip:" + c.kind;
    };
    // A GitLab site: unix-socket upstream, then server {}: nginx, not HAProxy.
    CHECK(kind("gitlab-http.conf",
               "upstream gitlab-workhorse {\n  server unix:/var/opt/gitlab/gitlab-workhorse/sockets/socket fail_timeout=0;\n}\n"
               "server {\n  listen 80;\n  location / {\n    proxy_pass http://gitlab-workhorse;\n  }\n}\n") == "nginx");
    CHECK(kind("chrony.conf", "server 0.pool.ntp.org iburst\nserver 1.pool.ntp.org\ndriftfile /var/lib/chrony/drift\n") == "skip:unknown");
    CHECK(kind("local.d/redis.conf", "servers = \"127.0.0.1\";\ntimeout = 1s;\n") == "skip:UCL");
    CHECK(kind("conf.d/memcached.conf", "[program:memcached]\ncommand=memcached\n") == "skip:supervisord");
    CHECK(kind("etc/sysconfig/memcached", "PORT=\"11211\"\nUSER=\"memcached\"\nMAXCONN=\"1024\"\nCACHESIZE=\"64\"\nOPTIONS=\"\"\n") ==
          "memcached");
    // A Helm values file goes to the Helm reader (which reports only Redis settings it holds), never to Apache.
    CHECK(kind("app/values.yaml", "apache:\n  enabled: true\n") == "helm");
    CHECK(kind("app/settings.yaml", "apache:\n  enabled: true\n") == "skip:yaml");
    CHECK(kind("lib/x.rb", "require 'redis'\nServerName x\n") == "skip:source code");
    CHECK(kind("deploy/nginx.template.yml", "server {\n listen 80;\n}\n") == "skip:yaml");
    CHECK(kind("docs/drawing.excalidraw", "{\"type\": \"excalidraw\"}") == "skip:JSON (Excalidraw drawing)");
    CHECK(kind("logo", std::string("\x89PNG\r\n\x1a\n\0\0", 10)) == "skip:image");
    // A template is the file it renders (its tags are read through the template view, core/template.hpp).
    CHECK(kind("etc/redis/redis.conf", "{% if x %}\nmaxmemory 1gb\n{% endif %}\n") == "redis");
    CHECK(kind("notes.txt", "{% if x %}\nmaxmemory 1gb\n{% endif %}\n") == "skip:template");
    CHECK(kind("redis.conf", "maxmemory {{ size }}\nmaxmemory-policy allkeys-lru\n") == "redis");  // a placeholder in a value
    CHECK(kind("site", "server {\n  listen 80;\n  root /srv;\n}\n") == "nginx");
    CHECK(kind("one.conf", "proxy_buffering off;\n") == "skip:unknown");
    CHECK(kind("one.conf", "proxy_buffering off;\n", /*named=*/true) == "nginx");
    CHECK(kind("backend.cfg", "global\n    maxconn 100\ndefaults\n    mode http\nfrontend f\n    bind :80\n") == "haproxy");
    CHECK(kind("vhost.conf", "<VirtualHost *:80>\n  ServerName a\n  DocumentRoot /srv\n  CacheEnable disk /\n</VirtualHost>\n") ==
          "apache");
    CHECK(kind("nginx.conf.default", "events {}\n") == "nginx");
    CHECK(kind("redis.conf.bak", "maxmemory 1gb\n") == "skip:copy");
    CHECK(kind("htaccess.dist", "RewriteEngine On\nRewriteRule ^ index.php [L]\n") == "apache");
}

// `check .` over the whole real-world corpus, as a user would run it on a checkout: every native file is read
// as the dialect ENTRYPOINTS.tsv gives it, no other file under a native dialect folder is read as a config,
// every finding lands on a file the walk checked, and a finding on a native file comes from that file's own
// dialect. A finding from a misread file kind (a README read as nginx, a UCL file as redis.conf, a values file
// as Apache) fails here.
TEST_CASE("repos: check . over the whole corpus yields no finding from a misread file kind", "[discover][repos][corpus]") {
    const std::string shared = shared_dir();
    if (shared.empty()) {
        WARN("../shared is absent: skipped");
        return;
    }
    const std::string corpus = shared + "/corpus";
    std::map<std::string, std::string> expected;  // native file -> dialect
    for (const auto& e : corpus_entries()) expected[e.path] = e.dialect;
    REQUIRE(expected.size() > 100);

    const auto shown = run_cachelint("check --isolated --show-files .", corpus);
    CHECK(shown.exit_code == 0);
    std::map<std::string, std::string> checked;  // file -> dialect or embedded kind
    for (const auto& line : lines_of(shown.out)) {
        const auto tab = line.find('\t');
        REQUIRE(tab != std::string::npos);
        checked[line.substr(0, tab)] = line.substr(tab + 1);
    }
    for (const auto& [path, dialect] : expected) {
        INFO(path);
        CHECK(checked[path] == dialect);
    }
    const std::vector<std::string> native = {"apache/", "haproxy/", "memcached/", "nginx/", "redis/", "varnish/"};
    for (const auto& [checked_path, kind] : checked) {
        const std::string& path = checked_path;  // clang before 16 cannot capture a structured binding
        INFO(path + " read as " + kind);
        const bool under_native =
            std::any_of(native.begin(), native.end(), [&](const std::string& d) { return path.rfind(d, 0) == 0; });
        if (under_native) CHECK(expected.count(path) == 1);
    }

    const std::map<std::string, std::string> prefix_dialect = {{"APC", "apache"}, {"HAP", "haproxy"}, {"MC", "memcached"},
                                                               {"NGX", "nginx"},   {"RC", "redis"},     {"VCL", "varnish"}};
    const auto r = run_cachelint("check --isolated --format concise --fail-on never .", corpus);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    int n = 0;
    for (const auto& line : lines_of(r.out)) {
        const auto colon = line.find(':');
        const auto open = line.find('[');
        if (colon == std::string::npos || open == std::string::npos || line.find("]:", open) == std::string::npos) continue;
        ++n;
        INFO(line);
        const std::string path = line.substr(0, colon);
        CHECK(checked.count(path) == 1);
        std::string prefix;
        for (size_t i = open + 1; i < line.size() && std::isupper(static_cast<unsigned char>(line[i])); ++i) prefix += line[i];
        const auto it = expected.find(path);
        const auto dialect = prefix_dialect.find(prefix);
        if (it != expected.end() && dialect != prefix_dialect.end()) CHECK(dialect->second == it->second);
    }
    CHECK(n > 0);
}
