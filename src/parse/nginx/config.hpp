// The nginx model: one tree of statements over every file the configuration reads (includes are
// spliced where they appear, as nginx does), plus what the cache rules need: shared-memory zones,
// and the locations whose requests go through a cache. Inheritance is answered by `effective()`:
// the nearest enclosing level that sets a directive wins, and all of that level's occurrences
// replace the parent's (nginx's merge for both value and array directives, and the add_header trap).
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/source.hpp"
#include "parse/nginx/directives.hpp"
#include "parse/nginx/lexer.hpp"

namespace cachelint::nginx {

struct Arg {
    Span span;               // raw bytes, quotes included
    std::string_view value;  // decoded
    bool quoted = false;
};

struct Node {
    std::string_view name;
    Span name_span;
    Span span;  // from the name to the ';' or '{'
    std::vector<Arg> args;
    int parent = -1;
    std::vector<int> children;  // statements of a block, includes spliced in
    bool block = false;
    bool entry = false;  // a `key value;` line of a map/types/geo/... body, not a directive
    bool unresolved = false;  // an include whose files were not found: its directives are unknown
    uint32_t in_ctx = 0;     // the context it appears in
    uint32_t ctx = 0;        // for blocks: the context its children get
    const DirectiveSpec* spec = nullptr;

    std::string_view arg(size_t i) const { return i < args.size() ? args[i].value : std::string_view{}; }
};

// A directive name built from two parts ("proxy" + "_cache_key") in place, for lookups in hot loops.
class DirectiveName {
public:
    DirectiveName(std::string_view prefix, std::string_view suffix) {
        if (prefix.size() + suffix.size() > sizeof(buf_)) {  // longer than any nginx directive
            long_ = std::string(prefix) + std::string(suffix);
            view_ = long_;
            return;
        }
        std::copy(prefix.begin(), prefix.end(), buf_);
        std::copy(suffix.begin(), suffix.end(), buf_ + prefix.size());
        view_ = std::string_view(buf_, prefix.size() + suffix.size());
    }
    DirectiveName(const DirectiveName&) = delete;
    DirectiveName& operator=(const DirectiveName&) = delete;
    operator std::string_view() const { return view_; }

private:
    char buf_[48];
    std::string long_;
    std::string_view view_;
};

// The upstream modules with a cache: ONE description, parameterised by prefix.
struct CacheModule {
    std::string_view prefix;       // "proxy"
    std::string_view default_key;  // "" = none (nginx only warns and uses an empty key)
};
inline constexpr CacheModule kCacheModules[] = {
    {"proxy", "$scheme$proxy_host$request_uri"}, {"fastcgi", ""}, {"uwsgi", ""}, {"scgi", ""}};

// The cache module whose `<prefix><suffix>` is `name` ("fastcgi_cache", "_cache": fastcgi), or null.
inline const CacheModule* module_of(std::string_view name, std::string_view suffix) {
    for (const auto& m : kCacheModules)
        if (name.size() == m.prefix.size() + suffix.size() && name.starts_with(m.prefix) && name.ends_with(suffix))
            return &m;
    return nullptr;
}

struct Zone {
    std::string name;
    std::string owner;  // "proxy_cache_path", "limit_req_zone", ...
    const CacheModule* module = nullptr;  // for *_cache_path
    int node = -1;
    uint64_t size = 0;  // keys_zone / zone bytes (0 = unknown)
    std::string path;   // cache directory as written
    int64_t inactive = 600;
    std::optional<uint64_t> max_size, min_free;
    bool size_unknown = false;  // max_size or min_free is a template placeholder
};

// The effective X_cache_key of a cached location.
struct CacheKey {
    std::string text;   // the key expression (the module's default key when none is set; "" for none)
    int node = -1;      // the X_cache_key directive, -1 for the module default
    std::set<std::string> vars;
};

// One effective X_cache_valid line.
struct Validity {
    std::vector<std::string_view> codes;  // empty = 200 301 302
    int64_t seconds = 0;
    bool unknown = false;  // the time is a template placeholder: set, of unknown length
    int node = -1;
};

// A location (or `if` block) whose content handler is an upstream module with caching on. Its key and
// validity are worked out once here: nearly every cache rule asks for them.
struct CachedLocation {
    int block = -1;
    const CacheModule* module = nullptr;
    int cache_node = -1;  // the effective X_cache directive
    std::string zone;     // its zone name ("" when it is a variable)
    int server = -1;      // enclosing http server block (-1 in a fragment without one)
    CacheKey key;
    std::vector<Validity> validity;
};

// Variable names used in a value: "$scheme$host${uri}" -> {scheme, host, uri}.
std::set<std::string> vars_in(std::string_view v);

// What each variable a `set` or `map` assigns is computed from (target -> source variables).
struct VarDeps {
    // Every input: the value of `set $v ...` and the conditions of the `if` blocks around it, a map's source.
    std::map<std::string, std::set<std::string>> computed;
    // Only inputs whose VALUE the target carries: `set $v "...$src..."`, `set $v $1` after `if ($src ~ (...))`,
    // map entries whose result is another variable or a capture of the map's source.
    std::map<std::string, std::set<std::string>> carried;
    // `map $src $v` alone (a map is computed when read, so reading it reads its source then).
    std::map<std::string, std::set<std::string>> mapped;
};

struct Config {
    const SourceFile* main = nullptr;
    std::vector<Node> nodes;  // nodes[0] is the root (main context, or unknown for a fragment)
    Arena arena;
    bool fragment = false;
    bool dump = false;     // read from `nginx -T` output
    bool refused = false;  // a fatal finding was reported
    bool parse_stopped = false;  // a syntax error ended parsing early: the tree is partial
    bool includes_complete = true;  // every include was found
    std::string conf_dir;
    std::vector<Zone> zones;
    std::vector<CachedLocation> cached;

    // `<module><suffix>` for messages; lookups take directive(), which does not allocate.
    std::string name(const CacheModule& m, std::string_view suffix) const { return std::string(m.prefix) + std::string(suffix); }
    static DirectiveName directive(const CacheModule& m, std::string_view suffix) { return {m.prefix, suffix}; }
    // Occurrences of `name` at the nearest level at or above `block` that has any (nginx's merge).
    const std::vector<int>& effective(int block, std::string_view name) const;
    // Direct children of `block` named `name`.
    const std::vector<int>& here(int block, std::string_view name) const;
    const Node& operator[](int i) const { return nodes[static_cast<size_t>(i)]; }
    const Zone* find_zone(std::string_view name) const;
    int enclosing_server(int block) const;
    bool is_location_like(int block) const;  // location or if
    // Built on first use: rules ask it for every cached location's key and guards, and a walk of every
    // node per question made big configurations quadratic.
    const VarDeps& var_deps() const;

private:
    // here()'s index: for each block, its non-entry children grouped by name, in order. Rules ask for the
    // same few names at every level of every location, and scanning the children of the http block (every
    // server) for each question was the largest cost of linting a big nginx.conf; a block has few distinct
    // child names, so a short list per block beats a hash table over every (block, name). Names are
    // interned once, so effective() hashes the name once, compares integers up the tree, and answers a
    // name no statement uses at once. Built on first use and rebuilt if nodes were added since (the
    // loader's own questions come after parsing).
    void index_children() const;
    const std::vector<int>& here_id(int block, uint32_t id) const;
    mutable std::unordered_map<std::string_view, uint32_t> name_ids_;
    mutable std::vector<std::vector<std::pair<uint32_t, std::vector<int>>>> children_by_name_;
    mutable size_t indexed_nodes_ = 0;
    mutable std::shared_ptr<const VarDeps> var_deps_;
    mutable size_t var_deps_nodes_ = 0;
};

void build_cache_view(Config& cfg);

}  // namespace cachelint::nginx
