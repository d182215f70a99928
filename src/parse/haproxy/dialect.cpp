// haproxy.cfg as a cachelint dialect: recognise the file, build the model, run the HAProxy rules.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/haproxy/config.hpp"
#include "parse/haproxy/parser.hpp"

namespace cachelint::haproxy {
namespace {

int name_score(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "haproxy.cfg") return 100;
    if (n.ends_with(".cfg") && n.find("haproxy") != std::string::npos) return 95;
    if (n.find("haproxy") != std::string::npos) return 50;
    if (n.ends_with(".cfg")) return 20;
    return 0;
}

// Section keywords at the start of lines (frontend/backend/listen/defaults/global) make a file HAProxy.
int content_score(std::string_view head) {
    int hits = 0;
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        if (line.find('{') != std::string_view::npos && line.find(';') != std::string_view::npos) return 0;
        size_t i = 0;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        line.remove_prefix(i);
        for (std::string_view k : {"frontend ", "backend ", "listen ", "defaults", "global", "cache "})
            if (line.starts_with(k)) {
                hits += (i == 0) ? 1 : 0;
                break;
            }
        for (std::string_view k : {"bind ", "server ", "default_backend ", "use_backend ", "mode http", "timeout connect",
                                   "http-request ", "http-response "})
            if (line.starts_with(k)) {
                ++hits;
                break;
            }
    }
    return hits >= 4 ? 90 : hits * 15;
}

void lint(LintJob& job) {
    Config config;
    if (job.options) {  // the command line wins over the project configuration
        std::string v = job.options->haproxy_version;
        if (auto it = job.options->settings.find("haproxy.version"); v.empty() && it != job.options->settings.end()) v = it->second;
        if (auto parsed = parse_version(v)) config.version = *parsed;
    }
    parse_config(config, *job.main, job.sink);
    RuleSet<Config>::run(config, job.sink);
}

const DialectInfo kHaproxy{"haproxy", "haproxy.cfg for HAProxy 2.4 to 3.2 (--haproxy-version; cache sections, cache-use/cache-store rules)", name_score,
                           content_score, lint, {.trailing = true}};
const RegisterDialect kRegister(kHaproxy);

}  // namespace
}  // namespace cachelint::haproxy
