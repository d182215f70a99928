// memcached as a cachelint dialect: Debian /etc/memcached.conf files, command-line files, and the
// command line given with --memcached-args (linted as the virtual file "<memcached-args>").
#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/memcached/config.hpp"
#include "parse/memcached/parser.hpp"

namespace cachelint::memcached {
namespace {

// "memcached.conf" alone is not conclusive: nginx snippets and research code use the name too.
int name_score(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "<memcached-args>") return 100;
    if (n == "memcached.conf") return 60;
    if (n.find("memcached") != std::string::npos) return 40;
    return 0;
}

// Debian format: lines of "-x value" options, the Jay Bonci header, or only -x / logfile lines.
int content_score(std::string_view head) {
    if (head.find("Jay Bonci") != std::string_view::npos && head.find("memcached") != std::string_view::npos) return 95;
    int dash = 0, other = 0;
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        size_t i = line.find_first_not_of(" \t\r");
        if (i == std::string_view::npos || line[i] == '#') continue;
        line.remove_prefix(i);
        if (line.size() >= 2 && line[0] == '-' && std::isalpha(static_cast<unsigned char>(line[1]))) ++dash;
        else if (line.starts_with("logfile ")) ++dash;
        else ++other;
    }
    if (dash >= 2 && other == 0) return 70;
    // RHEL/Fedora /etc/sysconfig/memcached: the variables memcached's systemd unit reads.
    if (head.find("CACHESIZE=") != std::string_view::npos && head.find("MAXCONN=") != std::string_view::npos) return 70;
    return 0;
}

void lint(LintJob& job) {
    Config config;
    config.memory_bytes = job.options->memory_bytes;
    parse_config(config, *job.main, job.sink);
    RuleSet<Config>::run(config, job.sink);
}

const DialectInfo kMemcached{"memcached", "memcached 1.6: Debian memcached.conf, RHEL sysconfig, command lines, --memcached-args", name_score,
                             content_score, lint};
const RegisterDialect kRegister(kMemcached);

}  // namespace
}  // namespace cachelint::memcached
