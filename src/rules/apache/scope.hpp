// What mod_cache sees per server (main server and each <VirtualHost>), after httpd's merge rules
// (mod_cache.c merge_cache_config): CacheEnable lists of the main server are appended to every vhost's,
// server-level scalars are the vhost's value when set there, else the main server's.
#pragma once
#include <optional>
#include <set>
#include <string>
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

// Servers: -1 for the main server, else the index of a <VirtualHost> directive.
inline std::vector<int> servers(const Config& c) {
    std::vector<int> out{-1};
    for (size_t i = 0; i < c.dirs.size(); ++i)
        if (c.dirs[i].key == "<virtualhost") out.push_back(static_cast<int>(i));
    return out;
}

// Does directive i take part in server s's configuration (main-server directives apply to every vhost)?
inline bool applies_to(const Config& c, int i, int s) {
    const int v = c.vhost_of(i);
    return v == -1 || v == s;
}

// The last server-level occurrence of `key` effective for server s (vhost value wins over main server).
inline const Directive* server_scalar(const Config& c, int s, std::string_view key) {
    const Directive* main_value = nullptr;
    const Directive* vhost_value = nullptr;
    for (size_t i = 0; i < c.dirs.size(); ++i) {
        const Directive& d = c.dirs[i];
        if (d.key != key) continue;
        const int v = c.vhost_of(static_cast<int>(i));
        if (v == -1) main_value = &d;
        else if (v == s) vhost_value = &d;
    }
    return vhost_value ? vhost_value : main_value;
}

inline bool flag_on(const Directive* d) { return d && d->args.size() == 1 && iequals(d->args[0].value, "on"); }

// The nearest enclosing per-directory section of i, or -1.
inline int perdir_of(const Config& c, int i) {
    for (int p = c.dirs[static_cast<size_t>(i)].parent; p >= 0; p = c.dirs[static_cast<size_t>(p)].parent)
        if (is_perdir(c.dirs[static_cast<size_t>(p)].key)) return p;
    return -1;
}

struct CacheEnableEntry {
    int index;            // the CacheEnable directive
    std::string provider; // lower-case
    std::string path;     // URL path it covers ("/" when it names a whole site)
    bool full_url = false;
};

// CacheEnable entries in effect for server s: its own, the main server's, and <Location>-level ones.
inline std::vector<CacheEnableEntry> cache_enables(const Config& c, int s) {
    std::vector<CacheEnableEntry> out;
    for (size_t i = 0; i < c.dirs.size(); ++i) {
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
