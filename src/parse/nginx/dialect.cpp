// nginx as a cachelint dialect: recognise the file, read it as nginx does, run the nginx rules.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/nginx/config.hpp"
#include "parse/nginx/loader.hpp"

namespace cachelint::nginx {
namespace {

int name_score(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "nginx.conf" || n == "fastcgi_params" || n == "fastcgi.conf" || n == "uwsgi_params" ||
        n == "scgi_params" || n == "proxy_params")
        return 100;
    if (n.find("nginx") != std::string::npos && (n.ends_with(".conf") || n.ends_with(".txt") || n.ends_with(".dump")))
        return 90;
    if (n.ends_with(".conf") || n.ends_with(".include") || n.ends_with(".inc")) return 30;
    return 0;
}

// Statements nginx configs open with; braces and semicolons rule out redis.conf and friends.
int content_score(std::string_view head) {
    if (looks_like_dump(head)) return 100;
    static const std::string_view markers[] = {"server {", "location ", "proxy_pass ", "worker_processes ",
                                               "events {", "http {", "upstream ", "listen ", "server_name ",
                                               "fastcgi_pass ", "proxy_cache", "add_header ", "try_files ",
                                               "root ", "include ", "types {", "map $", "expires "};
    int hits = 0;
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        while (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.remove_prefix(1);
        for (auto m : markers)
            if (line.starts_with(m) && (line.find(';') != std::string_view::npos || line.find('{') != std::string_view::npos)) {
                ++hits;
                break;
            }
    }
    return hits >= 3 ? 90 : hits * 25;
}

void lint(LintJob& job) {
    Config cfg;
    load_config(cfg, job);
    if (cfg.parse_stopped) return;  // the tree is partial: cache rules would guess
    RuleSet<Config>::run(cfg, job.sink);
}

const DialectInfo kNginx{"nginx", "nginx 1.22+ configuration (http proxy/fastcgi/uwsgi/scgi caches), or `nginx -T` output",
                         name_score, content_score, lint, {.trailing = true}, "nginx"};
const RegisterDialect kRegister(kNginx);

}  // namespace
}  // namespace cachelint::nginx
