// The HAProxy model the rules run on: every line of every section, split exactly as HAProxy 2.6's
// parse_line() splits it (src/tools.c, called by readcfgfile() in src/cfgparse.c), plus the cache
// sections decoded as src/cache.c decodes them.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "parse/haproxy/version.hpp"

namespace cachelint::haproxy {

struct Word {
    std::string value;  // decoded: quotes removed, escapes applied; "${VAR}" left as written
    Span span;          // raw bytes in the file
    bool env = false;   // contains a "$VAR" expansion (inside double quotes): the real value is unknown
};

struct Line {
    std::vector<Word> words;  // after a leading "no"/"default" modifier was removed (see `modifier`)
    std::string modifier;     // "no", "default" or ""
    Span span;                // the line without its terminator
    bool conditional = false;  // inside a .if/.elif/.else block: it may not be active
    bool refused = false;      // a fatal finding was reported on this line

    std::string_view arg(size_t i) const { return i < words.size() ? std::string_view(words[i].value) : std::string_view{}; }
    Span arg_span(size_t i) const { return i < words.size() ? words[i].span : span; }
    bool is(std::string_view a0, std::string_view a1 = {}) const {
        return arg(0) == a0 && (a1.empty() || arg(1) == a1);
    }
};

enum class SectionKind { global, defaults, frontend, backend, listen, cache, other };

struct Section {
    SectionKind kind = SectionKind::other;
    std::string keyword;  // "frontend", "cache", "userlist", ...
    std::string name;     // "" for anonymous defaults and global
    std::string from;     // "defaults <name> from <x>" / "backend b from d": the defaults it inherits
    Line header;
    std::deque<Line> lines;  // the section's body, in file order (a deque: rules keep pointers)
    int defaults = -1;        // proxies: index of the defaults section they inherit from, -1 none

    bool is_proxy() const {
        return kind == SectionKind::frontend || kind == SectionKind::backend || kind == SectionKind::listen;
    }
};

// A `cache` section as src/cache.c reads it (values already validated by the parser).
struct Cache {
    size_t section = 0;            // index into Config::sections
    std::string name;              // as HAProxy keeps it: truncated to 32 bytes
    uint64_t total_mb = 0;         // total-max-size
    const Line* total_line = nullptr;
    uint64_t max_object = 0;       // max-object-size in bytes, 0 = default (total / 256)
    const Line* max_object_line = nullptr;
    const Line* max_age_line = nullptr;  // last max-age line (default 60 s)
    bool process_vary = false;
    const Line* process_vary_line = nullptr;
    const Line* secondary_line = nullptr;  // max-secondary-entries
    bool valid = true;             // false when HAProxy refuses this section
};

// An `http-request cache-use` or `http-response cache-store` rule outside .if blocks, with what the rules
// ask about it.
struct CacheRule {
    const Section* proxy = nullptr;
    const Line* line = nullptr;
    bool store = false;           // cache-store (else cache-use)
    const Cache* cache = nullptr;  // the cache it names (Config::find_cache), nullptr when none does (HAP904)
    bool http = false;            // its proxy's effective mode is http (else HAProxy ignores the rule)
};

struct Config {
    const SourceFile* main = nullptr;
    std::deque<Section> sections;
    std::vector<Cache> caches;
    bool refused = false;  // HAProxy refuses the file (some fatal finding was reported)
    Version version;       // the HAProxy release checked against (--haproxy-version; default the newest)

    const Cache* find_cache(std::string_view name) const;
    // The effective `mode` of a proxy: its own last `mode` line, else its defaults' (default tcp).
    std::string_view mode(const Section& proxy) const;
    // Whether `option checkcache` is in effect for a proxy (own line or inherited from defaults).
    bool checkcache(const Section& proxy) const;
    // Every cache rule in file order, so a proxy's rules come together (not those with a "$VAR" cache name, nor
    // refused ones). Built on first use, once the file is parsed: several rules walk it. One job, one thread: no lock.
    const std::vector<CacheRule>& cache_rules() const;
    mutable std::shared_ptr<const std::vector<CacheRule>> cache_rules_;
};

// HAProxy's section keywords in a given release.
bool is_section_keyword(std::string_view word, Version version);

}  // namespace cachelint::haproxy
