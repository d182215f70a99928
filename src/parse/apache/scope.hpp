// What mod_cache sees per server (main server and each <VirtualHost>), after httpd's merge rules
// (mod_cache.c merge_cache_config): CacheEnable lists of the main server are appended to every vhost's,
// server-level scalars are the vhost's value when set there, else the main server's.
#pragma once
#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
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
// every <VirtualHost>, quadratic in the number of virtual hosts.
struct ScopeIndex {
    std::vector<int> vhost;    // vhost_of(i) for every directive
    std::vector<int> servers;  // -1, then every <VirtualHost> in order
    // Hashed, not ordered: built for every directive of the file, and nothing walks them in order.
    struct ServerKeyHash {
        size_t operator()(const std::pair<int, std::string_view>& k) const {
            return std::hash<std::string_view>{}(k.second) ^ (static_cast<size_t>(k.first + 1) * 0x9e3779b97f4a7c15ULL);
        }
    };
    std::unordered_map<int, std::vector<int>> of_server;  // vhost (-1: main server) -> its directives, ascending
    std::unordered_map<std::pair<int, std::string_view>, std::vector<int>, ServerKeyHash> of_server_key;  // (vhost, key) -> ascending
    mutable std::map<int, std::vector<CacheEnableEntry>> enables;  // cache_enables() memo
    static const std::vector<int>& none() {
        static const std::vector<int> empty;
        return empty;
    }
    const std::vector<int>& list(int v) const {
        auto it = of_server.find(v);
        return it == of_server.end() ? none() : it->second;
    }
    const std::vector<int>& list(int v, std::string_view key) const {
        auto it = of_server_key.find({v, key});
        return it == of_server_key.end() ? none() : it->second;
    }
};

inline const ScopeIndex& scope(const Config& c) {
    if (!c.scope_index) {
        auto ix = std::make_shared<ScopeIndex>();
        ix->servers.push_back(-1);
        ix->vhost.resize(c.dirs.size());
        for (size_t i = 0; i < c.dirs.size(); ++i) {
            const int v = c.vhost_of(static_cast<int>(i));
            ix->vhost[i] = v;
            ix->of_server[v].push_back(static_cast<int>(i));
            ix->of_server_key[{v, std::string_view(c.dirs[i].key)}].push_back(static_cast<int>(i));
            if (c.dirs[i].key == "<virtualhost") ix->servers.push_back(static_cast<int>(i));
        }
        c.scope_index = std::move(ix);
    }
    return *c.scope_index;
}

// Merges two ascending index lists (the main server's and a vhost's) into one ascending list.
inline std::vector<int> merged(const std::vector<int>& a, const std::vector<int>& b) {
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
    return s < 0 ? ix.list(-1) : merged(ix.list(-1), ix.list(s));
}
inline std::vector<int> applicable(const Config& c, int s, std::string_view key) {
    const ScopeIndex& ix = scope(c);
    return s < 0 ? ix.list(-1, key) : merged(ix.list(-1, key), ix.list(s, key));
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
