// The memcached model: the argument vector memcached would receive (from a Debian memcached.conf
// as its wrapper builds it, or from a command line), parsed as memcached 1.6.18's getopt_long loop
// parses it, plus the settings it ends up with.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/source.hpp"

namespace cachelint::memcached {

struct Arg {
    std::string value;
    Span span;
};

struct Option {
    char short_name = 0;    // canonical short letter ('m' for --memory-limit)
    std::string spelled;    // as written: "-m", "--memory-limit", "-vv"
    std::optional<std::string> value;
    Span span;              // the option word(s)
    Span value_span;
};

// debian_conf: Debian's /etc/memcached.conf; command_line: a saved command line or ExecStart=;
// sysconfig: RHEL/Fedora /etc/sysconfig/memcached (PORT=, USER=, MAXCONN=, CACHESIZE=, OPTIONS=).
enum class Format { debian_conf, command_line, sysconfig };

struct Config {
    const SourceFile* main = nullptr;
    Format format = Format::debian_conf;
    std::vector<Arg> argv;       // what memcached receives (program name excluded)
    std::vector<Option> options;  // in order
    std::vector<Arg> ignored;     // non-option words memcached silently ignores
    bool refused = false;         // memcached exits at startup (a fatal finding was reported)
    std::optional<uint64_t> memory_bytes;  // --memory: RAM or container limit of the host

    // Last occurrence of an option (memcached: last wins), or nullptr.
    const Option* last(char short_name) const;
    int count(char short_name) const;
};

}  // namespace cachelint::memcached
