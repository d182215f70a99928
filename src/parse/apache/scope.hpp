// What mod_cache sees per server (main server and each <VirtualHost>), after httpd's merge rules
// (mod_cache.c merge_cache_config): CacheEnable lists of the main server are appended to every vhost's,
// server-level scalars are the vhost's value when set there, else the main server's.
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.hpp"
#include "parse/apache/config.hpp"

namespace cachelint::apache {

inline bool is_perdir(std::string_view key) {
    return key == "<directory" || key == "<directorymatch" || key == "<location" || key == "<locationmatch" ||
           key == "<files" || key == "<filesmatch" || key == "<if" || key == "<elseif" || key == "<else" ||
           key == "<proxy" || key == "<proxymatch" || key == "<limit" || key == "<limitexcept" ||
           key == "<requireall" || key == "<requireany" || key == "<requirenone";
}

struct CacheEnableEntry {
    int index;            // the CacheEnable directive
    std::string provider; // lower-case
    std::string path;     // URL path it covers ("/" when it names a whole site)
    bool full_url = false;
};

// Per-server lookups, built once per configuration: without them every rule scanned every directive for
// every <VirtualHost>, quadratic in the number of virtual hosts. The directives are grouped by server and by
// (server, key) in flat arrays, each group ascending (compressed rows): a big file has about as many groups as
// directives, and a container per group made building and freeing the index cost more than the rules.
struct ScopeIndex {
    std::vector<int> vhost;    // vhost_of(i) for every directive
    std::vector<int> servers;  // -1, then every <VirtualHost> in order
    mutable std::map<int, std::vector<CacheEnableEntry>> enables;  // cache_enables() memo

    std::span<const int> list(int v) const {
        const int slot = slot_of(v);
        if (slot < 0) return {};
        return rows(by_server, server_start, static_cast<uint32_t>(slot));
    }
    std::span<const int> list(int v, std::string_view key) const {
        const int slot = slot_of(v);
        const auto k = key_ids.find(key);
        if (slot < 0 || k == key_ids.end()) return {};
        const uint32_t g = find_group(group_key(static_cast<uint32_t>(slot), k->second));
        return g == kNone ? std::span<const int>{} : rows(by_key, key_start, g);
    }

    void build(const Config& c) {
        const size_t n = c.dirs.size();
        servers.assign(1, -1);
        vhost.resize(n);
        std::vector<uint32_t> slot(n), group(n);
        slots_.assign(1, {-1, 0});
        table_.assign(std::bit_ceil(2 * n + 2), {0, 0});
        shift_ = 64 - std::countr_zero(table_.size());
        uint32_t groups = 0;
        for (size_t i = 0; i < n; ++i) {
            const int v = c.vhost_of(static_cast<int>(i));
            vhost[i] = v;
            if (c.dirs[i].key == "<virtualhost") {
                servers.push_back(static_cast<int>(i));
                slots_.push_back({static_cast<int>(i), static_cast<uint32_t>(slots_.size())});
            }
            slot[i] = static_cast<uint32_t>(std::max(slot_of(v), 0));
            const uint32_t id = key_ids.try_emplace(c.dirs[i].key, static_cast<uint32_t>(key_ids.size())).first->second;
            Entry& e = table_[probe(group_key(slot[i], id))];
            if (!e.key) e = {group_key(slot[i], id), groups++};
            group[i] = e.group;
        }
        fill(slot, static_cast<uint32_t>(slots_.size()), by_server, server_start);
        fill(group, groups, by_key, key_start);
    }

private:
    static constexpr uint32_t kNone = UINT32_MAX;
    struct Entry {
        uint64_t key;  // 0: empty
        uint32_t group;
    };
    std::unordered_map<std::string_view, uint32_t> key_ids;  // directive key -> small id (few distinct keys)
    std::vector<std::pair<int, uint32_t>> slots_;            // (server, slot), by server ascending
    std::vector<Entry> table_;                               // (slot, key id) -> group, open addressing
    int shift_ = 63;
    std::vector<int> by_server, server_start, by_key, key_start;

    static uint64_t group_key(uint32_t slot, uint32_t key) { return (static_cast<uint64_t>(slot) + 1) << 32 | key; }
    int slot_of(int v) const {
        auto it = std::lower_bound(slots_.begin(), slots_.end(), v, [](const auto& e, int x) { return e.first < x; });
        return it != slots_.end() && it->first == v ? static_cast<int>(it->second) : -1;
    }
    // Where `key` is in the table, or the empty entry where it goes.
    size_t probe(uint64_t key) const {
        const size_t mask = table_.size() - 1;
        // Fibonacci hashing: the product's top bits mix every bit of the key.
        for (size_t h = static_cast<size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);; h = (h + 1) & mask)
            if (table_[h].key == key || table_[h].key == 0) return h;
    }
    uint32_t find_group(uint64_t key) const {
        const Entry& e = table_[probe(key)];
        return e.key ? e.group : kNone;
    }
    // Directive indexes grouped by `of[i]`, ascending within each group (a counting sort).
    static void fill(const std::vector<uint32_t>& of, uint32_t groups, std::vector<int>& out, std::vector<int>& start) {
        start.assign(groups + 1, 0);
        for (uint32_t g : of) ++start[g + 1];
        for (uint32_t g = 0; g < groups; ++g) start[g + 1] += start[g];
        out.resize(of.size());
        std::vector<int> next(start.begin(), start.end() - 1);
        for (size_t i = 0; i < of.size(); ++i) out[static_cast<size_t>(next[of[i]]++)] = static_cast<int>(i);
    }
    static std::span<const int> rows(const std::vector<int>& all, const std::vector<int>& start, uint32_t g) {
        return {all.data() + start[g], static_cast<size_t>(start[g + 1] - start[g])};
    }
};

inline const ScopeIndex& scope(const Config& c) {
    if (!c.scope_index) {
        auto ix = std::make_shared<ScopeIndex>();
        ix->build(c);
        c.scope_index = std::move(ix);
    }
    return *c.scope_index;
}

// Merges two ascending index lists (the main server's and a vhost's) into one ascending list.
inline std::vector<int> merged(std::span<const int> a, std::span<const int> b) {
    std::vector<int> out;
    out.reserve(a.size() + b.size());
    std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

// Servers: -1 for the main server, else the index of a <VirtualHost> directive.
inline const std::vector<int>& servers(const Config& c) { return scope(c).servers; }

// Does directive i take part in server s's configuration (main-server directives apply to every vhost)?
inline bool applies_to(const Config& c, int i, int s) {
    const int v = scope(c).vhost[static_cast<size_t>(i)];
    return v == -1 || v == s;
}

// The directives that take part in server s's configuration, ascending: the main server's and its own.
inline std::vector<int> applicable(const Config& c, int s) {
    const ScopeIndex& ix = scope(c);
    const auto main_server = ix.list(-1);
    return s < 0 ? std::vector<int>(main_server.begin(), main_server.end()) : merged(main_server, ix.list(s));
}
inline std::vector<int> applicable(const Config& c, int s, std::string_view key) {
    const ScopeIndex& ix = scope(c);
    const auto main_server = ix.list(-1, key);
    return s < 0 ? std::vector<int>(main_server.begin(), main_server.end()) : merged(main_server, ix.list(s, key));
}

// The last server-level occurrence of `key` effective for server s (vhost value wins over main server).
inline const Directive* server_scalar(const Config& c, int s, std::string_view key) {
    const ScopeIndex& ix = scope(c);
    if (s >= 0)
        if (const auto& own = ix.list(s, key); !own.empty()) return &c.dirs[static_cast<size_t>(own.back())];
    const auto& main_list = ix.list(-1, key);
    return main_list.empty() ? nullptr : &c.dirs[static_cast<size_t>(main_list.back())];
}

inline bool flag_on(const Directive* d) { return d && d->args.size() == 1 && iequals(d->args[0].value, "on"); }

// The nearest enclosing per-directory section of i, or -1.
inline int perdir_of(const Config& c, int i) {
    for (int p = c.dirs[static_cast<size_t>(i)].parent; p >= 0; p = c.dirs[static_cast<size_t>(p)].parent)
        if (is_perdir(c.dirs[static_cast<size_t>(p)].key)) return p;
    return -1;
}


// CacheEnable entries in effect for server s: its own, the main server's, and <Location>-level ones.
inline const std::vector<CacheEnableEntry>& cache_enables(const Config& c, int s) {
    const ScopeIndex& ix = scope(c);
    if (auto memo = ix.enables.find(s); memo != ix.enables.end()) return memo->second;
    std::vector<CacheEnableEntry>& out = ix.enables[s];
    for (int idx : applicable(c, s, "cacheenable")) {
        const size_t i = static_cast<size_t>(idx);
        const Directive& d = c.dirs[i];
        if (d.key != "cacheenable" || d.args.empty() || d.args.size() > 2) continue;
        if (!applies_to(c, static_cast<int>(i), s)) continue;
        CacheEnableEntry e{static_cast<int>(i), to_lower(d.args[0].value), "/", false};
        std::string url = d.args.size() == 2 ? d.args[1].value : std::string();
        const int pd = perdir_of(c, static_cast<int>(i));
        if (url.empty() && pd >= 0) url = c.dirs[static_cast<size_t>(pd)].arg(0);
        if (auto scheme = url.find("://"); scheme != std::string::npos) {
            e.full_url = true;
            auto slash = url.find('/', scheme + 3);
            url = slash == std::string::npos ? "/" : url.substr(slash);
        }
        if (!url.empty()) e.path = url;
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace cachelint::apache
