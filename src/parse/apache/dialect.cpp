// Apache httpd configuration (httpd.conf, apache2.conf, vhost files, .htaccess) as a cachelint dialect.
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/apache/config.hpp"
#include "parse/apache/loader.hpp"

namespace cachelint::apache {
namespace {

int name_score(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "httpd.conf" || n == "apache2.conf" || n == "apache.conf" || n == ".htaccess" || n == "htaccess") return 100;
    if (n.ends_with(".htaccess")) return 90;
    if (n.starts_with("httpd") && n.ends_with(".conf")) return 70;
    if (n.find("apache") != std::string::npos && n.ends_with(".conf")) return 60;
    return 0;
}

// Words that start lines only in httpd configurations. Lines ending in ';' or '{' belong to nginx-like
// grammars, so their presence vetoes the guess.
int content_score(std::string_view head) {
    static const std::string_view sections[] = {"<virtualhost", "<ifmodule", "<directory", "<location", "<files",
                                                "<ifdefine", "<proxy", "<limit", "<requireall", "<requireany"};
    static const std::string_view words[] = {"loadmodule ", "servername ", "serveralias ", "documentroot ", "serverroot ",
                                             "cacheenable ", "rewriteengine ", "rewriterule ", "rewritecond ", "errorlog ",
                                             "customlog ", "allowoverride ", "proxypass ", "proxypassreverse ", "sslengine ",
                                             "expiresactive ", "expiresbytype ", "addoutputfilterbytype ", "fileetag ",
                                             "options ", "require ", "header set ", "header always ", "addtype ",
                                             "serveradmin ", "directoryindex ", "setenvif ", "addhandler ", "sethandler "};
    int hits = 0, section_hits = 0;
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        if (line.back() == ';' || line.back() == '{' || line == "}") return 0;
        const std::string l = to_lower(line.substr(0, 40));
        for (auto s : sections)
            if (l.starts_with(s)) ++section_hits;
        for (auto w : words)
            if (l.starts_with(w)) ++hits;
    }
    if (section_hits && hits) return 85;
    if (hits >= 3) return 80;
    if (section_hits) return 55;
    return hits * 25;
}

void lint(LintJob& job) {
    Config config;
    load_config(config, *job.main, job);
    RuleSet<Config>::run(config, job.sink);
}

const DialectInfo kApache{"apache", "Apache httpd 2.4 configuration (httpd.conf, vhosts, .htaccess), mod_cache focus",
                          name_score, content_score, lint, {}, "apache"};
const RegisterDialect kRegister(kApache);

}  // namespace
}  // namespace cachelint::apache
