// mod_cache rules (APC001...).
#include <map>
#include <set>

#include "core/finding.hpp"
#include "core/dialect.hpp"
#include "parse/apache/scope.hpp"

namespace cachelint::apache {
namespace {

std::string q(std::string_view s) { return "'" + printable(s) + "'"; }

std::string server_name(const Config& c, int s) {
    if (s < 0) return "the main server";
    const Directive& v = c.dirs[static_cast<size_t>(s)];
    for (size_t i = static_cast<size_t>(s) + 1; i < c.dirs.size(); ++i)
        if (c.dirs[i].key == "servername" && c.vhost_of(static_cast<int>(i)) == s && !c.dirs[i].args.empty())
            return "<VirtualHost " + printable(v.arg(0)) + "> (" + printable(c.dirs[i].args[0].value) + ")";
    return "<VirtualHost " + printable(v.arg(0)) + ">";
}

std::string line_text(const Directive& d) {  // the directive as httpd sees it (continuations joined, ${} expanded)
    std::string out = d.name;
    for (const auto& a : d.args) out += " " + (a.value.find(' ') != std::string::npos || a.value.empty() ? "\"" + a.value + "\"" : a.value);
    return printable(out, 100);
}

// ---------------------------------------------------------------------------------------------
// APC001: the quick handler serves cached content before authn/authz run.
bool identity_require(const Directive& d) {
    if (d.key == "require") {
        size_t k = 0;
        if (iequals(d.arg(0), "not")) k = 1;
        const std::string t = to_lower(d.arg(k));
        return !(t.empty() || t == "all" || t == "method" || t == "user" || t == "valid-user" || t == "group" ||
                 t.starts_with("ldap-") || t.starts_with("dbm-") || t == "dbd-group");
    }
    if (d.key == "allow" || d.key == "deny") return iequals(d.arg(0), "from") && !iequals(d.arg(1), "all");
    return false;
}
bool credential_require(const Directive& d) {  // satisfied only by requests carrying Authorization
    const std::string t = to_lower(d.arg(iequals(d.arg(0), "not") ? 1 : 0));
    return d.key == "require" && (t == "user" || t == "valid-user" || t == "group" || t.starts_with("ldap-") ||
                                  t.starts_with("dbm-") || t == "dbd-group");
}

bool under(const Config& c, int i, int section) {
    for (int p = c.dirs[static_cast<size_t>(i)].parent; p >= 0; p = c.dirs[static_cast<size_t>(p)].parent)
        if (p == section) return true;
    return false;
}

bool prefix_overlap(std::string_view a, std::string_view b) { return a.starts_with(b) || b.starts_with(a); }

void apc001(const Config& c, RuleSink& sink) {
    std::set<std::pair<int, int>> done;
    for (int s : servers(c)) {
        auto enables = cache_enables(c, s);
        if (enables.empty()) continue;
        const Directive* quick = server_scalar(c, s, "cachequickhandler");
        if (quick && !flag_on(quick)) continue;
        for (int idx : applicable(c, s)) {
            const size_t i = static_cast<size_t>(idx);
            const Directive& a = c.dirs[i];
            if (!identity_require(a) && !credential_require(a)) continue;
            if (!applies_to(c, static_cast<int>(i), s)) continue;
            // The section the access control protects.
            int sec = -1;
            for (int p = a.parent; p >= 0; p = c.dirs[static_cast<size_t>(p)].parent) {
                const std::string& k = c.dirs[static_cast<size_t>(p)].key;
                if (k == "<location" || k == "<locationmatch" || k == "<directory" || k == "<directorymatch" ||
                    k == "<files" || k == "<filesmatch" || k == "<proxy" || k == "<proxymatch") {
                    sec = p;
                    break;
                }
            }
            if (sec < 0) continue;
            const Directive& S = c.dirs[static_cast<size_t>(sec)];
            if (!identity_require(a)) {
                // HTTP Basic/Digest: requests with Authorization never get a quick-handler answer.
                bool form = false;
                for (size_t k = 0; k < c.dirs.size(); ++k)
                    if (c.dirs[k].key == "authtype" && (under(c, static_cast<int>(k), sec) || static_cast<int>(k) == sec) &&
                        iequals(c.dirs[k].arg(0), "form"))
                        form = true;
                if (!form) continue;
            }
            // A Location-level `CacheDisable on`, or a server-level CacheDisable covering the section.
            bool disabled = false;
            for (size_t k = 0; k < c.dirs.size(); ++k) {
                const Directive& d = c.dirs[k];
                if (d.key != "cachedisable" || d.args.size() != 1) continue;
                if (under(c, static_cast<int>(k), sec) && iequals(d.arg(0), "on")) disabled = true;
                if (perdir_of(c, static_cast<int>(k)) < 0 && applies_to(c, static_cast<int>(k), s) &&
                    S.key == "<location" && std::string_view(S.arg(0)).starts_with(d.arg(0)))
                    disabled = true;
            }
            if (disabled) continue;
            for (const auto& e : enables) {
                bool overlap;
                if (S.key == "<location") overlap = prefix_overlap(S.arg(0), e.path);
                else if (S.key == "<proxy" || S.key == "<proxymatch") overlap = e.path == "/" || e.full_url;
                else overlap = e.path == "/";  // <Directory>, <Files>, regex sections: only a site-wide cache surely covers them
                const int ce_sec = perdir_of(c, e.index);
                if (ce_sec >= 0 && c.dirs[static_cast<size_t>(ce_sec)].key == "<location" && S.key != "<location") overlap = false;
                if (!overlap || !done.insert({e.index, static_cast<int>(i)}).second) continue;
                const Directive& ce = c.dirs[static_cast<size_t>(e.index)];
                auto& f = sink.report(ce.name_span,
                    line_text(ce) + " caches " + q(e.path) + " in " + server_name(c, s) + " with CacheQuickHandler on" +
                        (quick ? "" : " (the default") + std::string(quick ? "" : ")") +
                        ": the quick handler answers from the cache before authentication and authorization run, so what " +
                        printable(S.name) + " " + printable(S.arg(0)) + "> restricts with " + q(line_text(a)) +
                        " is served to anyone once an allowed client has fetched it");
                f.related.push_back({a.span, "access control the cache bypasses"});
                f.fix_hint = "set `CacheQuickHandler off` in this server (mod_cache then runs after the access checks), "
                             "or `CacheDisable " + std::string(S.key == "<location" ? S.arg(0) : "<path>") + "`";
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// APC002: Set-Cookie is stored with the response and replayed to every client.
std::set<std::string> ignored_headers(const Config& c, int s) {
    // The list is merged as a unit: the vhost's own directives if any, else the main server's.
    const ScopeIndex& ix = scope(c);
    const bool vhost_has = s >= 0 && !ix.list(s, "cacheignoreheaders").empty();
    std::set<std::string> out;
    bool set = false;
    for (int idx : ix.list(vhost_has ? s : -1, "cacheignoreheaders")) {
        const size_t i = static_cast<size_t>(idx);
        const Directive& d = c.dirs[i];
        if (d.key != "cacheignoreheaders") continue;
        const int v = c.vhost_of(static_cast<int>(i));
        if (vhost_has ? v != s : v != -1) continue;
        for (const auto& w : d.args) {
            if (iequals(w.value, "none")) out.clear();
            else if (!set || !out.empty()) out.insert(to_lower(w.value));
            set = true;
        }
    }
    return out;
}

// `Header [always|onsuccess] unset Set-Cookie` (mod_headers, not `early`) for the server: its output filter
// removes the header before mod_cache's save filter stores the response, so no cookie is cached.
bool strips_set_cookie(const Config& c, int s) {
    for (int idx : applicable(c, s, "header")) {
        const Directive& d = c.dirs[static_cast<size_t>(idx)];
        size_t k = 0;
        if (k < d.args.size() && (iequals(d.args[k].value, "always") || iequals(d.args[k].value, "onsuccess"))) ++k;
        if (k + 1 < d.args.size() && iequals(d.args[k].value, "unset") && iequals(d.args[k + 1].value, "set-cookie") &&
            (k + 2 == d.args.size() || !iequals(d.args[k + 2].value, "early")))
            return true;
    }
    return false;
}

void apc002(const Config& c, RuleSink& sink) {
    std::map<int, std::vector<int>> lacking;  // CacheEnable -> servers without CacheIgnoreHeaders Set-Cookie
    for (int s : servers(c)) {
        auto enables = cache_enables(c, s);
        if (enables.empty()) continue;
        if (ignored_headers(c, s).count("set-cookie") || strips_set_cookie(c, s)) continue;
        for (const auto& e : enables) lacking[e.index].push_back(s);
    }
    for (const auto& [idx, ss] : lacking) {
        const Directive& ce = c.dirs[static_cast<size_t>(idx)];
        std::vector<std::string> names;  // three by name: server_name() reads the vhost's directives
        for (size_t k = 0; k < ss.size() && k < 3; ++k) names.push_back(server_name(c, ss[k]));
        const std::string where = first_few(names, ss.size());
        sink.report(ce.name_span,
                    line_text(ce) + " stores responses with their Set-Cookie header (CacheIgnoreHeaders does not list "
                                    "Set-Cookie in " + where + "): a cached response that set one client's session "
                                    "cookie is replayed to every client")
            .fix_hint = "add `CacheIgnoreHeaders Set-Cookie` at the same level as the CacheEnable";
    }
}

// ---------------------------------------------------------------------------------------------
// APC003: CacheStorePrivate / CacheStoreNoStore On.
bool any_cache_enable(const Config& c) {
    for (const auto& d : c.dirs)
        if (d.key == "cacheenable") return true;
    return false;
}

void apc003(const Config& c, RuleSink& sink) {
    if (!any_cache_enable(c)) return;
    for (size_t i = 0; i < c.dirs.size(); ++i) {
        const Directive& d = c.dirs[i];
        if ((d.key != "cachestoreprivate" && d.key != "cachestorenostore") || !flag_on(&d)) continue;
        bool enabled = false;
        for (int s : servers(c))
            if (applies_to(c, static_cast<int>(i), s) && !cache_enables(c, s).empty()) enabled = true;
        if (!enabled) continue;
        const bool priv = d.key == "cachestoreprivate";
        sink.report(d.name_span,
                    line_text(d) + (priv ? ": responses marked `Cache-Control: private` (meant for one user) are stored "
                                           "in the shared cache and served to other users"
                                         : ": responses marked `Cache-Control: no-store` (often personal or sensitive) "
                                           "are stored in the shared cache and served to other users"))
            .fix_hint = "remove it (Off is the default); fix the origin's Cache-Control headers for content that really is shared";
    }
}

// ---------------------------------------------------------------------------------------------
// APC004: CacheIgnoreCacheControl On.
void apc004(const Config& c, RuleSink& sink) {
    for (size_t i = 0; i < c.dirs.size(); ++i) {
        const Directive& d = c.dirs[i];
        if (d.key != "cacheignorecachecontrol" || !flag_on(&d)) continue;
        bool enabled = false;
        for (int s : servers(c))
            if (applies_to(c, static_cast<int>(i), s) && !cache_enables(c, s).empty()) enabled = true;
        if (!enabled) continue;
        sink.report(d.name_span,
                    line_text(d) + ": clients' `Cache-Control: no-cache`/`max-age=0` and `Pragma: no-cache` are ignored, so "
                                   "a stale or wrong cached page cannot be refreshed by a reload and `no-store` requests "
                                   "are answered from the cache (it does also stop client-forced refresh storms)")
            .fix_hint = "prefer `CacheLock on` with CacheStaleOnError to absorb refresh storms; keep this only if that is the intent";
    }
}

// ---------------------------------------------------------------------------------------------
// APC005: CacheEnable without CacheLock: every request goes to the backend when an entry goes stale.
void apc005(const Config& c, RuleSink& sink) {
    std::set<int> reported;
    for (int s : servers(c)) {
        auto enables = cache_enables(c, s);
        if (enables.empty() || flag_on(server_scalar(c, s, "cachelock"))) continue;
        for (const auto& e : enables) {
            if (!reported.insert(e.index).second) continue;
            const Directive& ce = c.dirs[static_cast<size_t>(e.index)];
            sink.report(ce.name_span,
                        line_text(ce) + " without `CacheLock on` in " + server_name(c, s) +
                            ": when a popular entry goes stale, every request in flight goes to the backend at once "
                            "(thundering herd); with the lock, the others get the stale copy meanwhile. (The lock does "
                            "not hold back the very first misses.)")
                .fix_hint = "add `CacheLock on` (and `CacheLockMaxAge 5`) next to the CacheEnable";
        }
    }
}

// ---------------------------------------------------------------------------------------------
// APC006: time values parsed with atol()/apr_atoi64: units are silently dropped.
void apc006(const Config& c, RuleSink& sink) {
    for (const auto& d : c.dirs) {
        const bool atol_parsed = d.key == "cachedefaultexpire" || d.key == "cachemaxexpire" || d.key == "cacheminexpire";
        const bool leading = d.key == "cachesocachemaxtime" || d.key == "cachesocachemintime" || d.key == "cachelockmaxage";
        if ((!atol_parsed && !leading) || d.args.size() != 1) continue;
        const std::string& v = d.args[0].value;
        size_t i = 0;
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
        const bool neg = i < v.size() && v[i] == '-';
        if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
        const size_t digits_begin = i;
        long long n = 0;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n < (1LL << 40)) n = n * 10 + (v[i++] - '0');
        if (i == v.size() && !neg && i > digits_begin) continue;  // plain seconds
        const std::string suffix = to_lower(v.substr(i));
        if (!neg && i > digits_begin && (suffix == "s" || suffix == "sec")) continue;  // atol stops at 's': still seconds
        if (neg && !atol_parsed) continue;  // refused by httpd (APC903) or its own check
        const long long read = neg ? -n : n;
        long long mult = 0;
        if (suffix == "m" || suffix == "min") mult = 60;
        else if (suffix == "h") mult = 3600;
        else if (suffix == "d") mult = 86400;
        else if (suffix == "w") mult = 604800;
        std::string msg = line_text(d) + ": httpd reads the value with atol(), which stops at the first non-digit, so " +
                          q(v) + " means " + std::to_string(read) + " second" + (read == 1 || read == -1 ? "" : "s");
        if (neg) msg += "; a negative expiry makes every entry stale at once (constant revalidation)";
        else if (mult) msg += ", not " + std::to_string(n * mult) + " seconds: entries expire almost immediately and the "
                              "backend takes nearly every request";
        auto& f = sink.report(d.args[0].span, std::move(msg));
        if (mult) {
            f.fix_hint = std::string(d.name) + " " + std::to_string(n * mult);
            if (!neg && written_as(d.args[0].span, v)) f.fix.push_back({d.args[0].span, std::to_string(n * mult)});
        }
        else f.fix_hint = "give the time as a whole number of seconds";
    }
}

// ---------------------------------------------------------------------------------------------
// APC007: a cache provider that cannot work (unknown, or its storage not configured).
void apc007(const Config& c, RuleSink& sink) {
    std::set<int> reported;
    for (int s : servers(c)) {
        for (const auto& e : cache_enables(c, s)) {
            const Directive& ce = c.dirs[static_cast<size_t>(e.index)];
            if (e.provider != "disk" && e.provider != "socache") {
                if (reported.insert(e.index).second)
                    sink.report(ce.args[0].span,
                                line_text(ce) + ": httpd 2.4 has no cache provider " + q(ce.args[0].value) +
                                    " (only `disk` and `socache`; mod_mem_cache was removed in 2.4); httpd starts, "
                                    "but nothing is ever cached")
                        .fix_hint = "CacheEnable disk " + e.path + " (with CacheRoot), or CacheEnable socache " + e.path;
                continue;
            }
            if (!c.modules_known) continue;  // a fragment: CacheRoot/CacheSocache may be set elsewhere
            const bool disk = e.provider == "disk";
            const char* module = disk ? "mod_cache_disk.c" : "mod_cache_socache.c";
            const Directive* store = server_scalar(c, s, disk ? "cacheroot" : "cachesocache");
            std::string why;
            if (!c.loaded.count(module)) why = std::string(module) + " is not loaded";
            else if (!store) why = disk ? "no CacheRoot is set" : "no CacheSocache is set";
            if (why.empty() || !reported.insert(e.index).second) continue;
            sink.report(ce.name_span,
                        line_text(ce) + " in " + server_name(c, s) + ", but " + why +
                            ": `apache2 -t` accepts this and caching silently never happens" +
                            (disk ? " (AH00703 logged once at run time)" : ""))
                .fix_hint = disk ? "LoadModule cache_disk_module ... and set `CacheRoot /var/cache/apache2/mod_cache_disk`"
                                 : "LoadModule cache_socache_module ... and set `CacheSocache shmcb`";
        }
    }
}

// ---------------------------------------------------------------------------------------------
// APC008: settings that make different URLs or sites share one cache key.
// Does one of these directives hand requests to a dynamic handler (a proxy, CGI, PHP, FastCGI)?
bool dynamic_in(const Config& c, std::span<const int> dirs) {
    for (int idx : dirs) {
        const Directive& d = c.dirs[static_cast<size_t>(idx)];
        if (d.key == "proxypass" || d.key == "proxypassmatch" || d.key == "scriptalias" || d.key == "scriptaliasmatch" ||
            d.key == "fcgidwrapper" || d.key == "proxyfcgibackendtype")
            return true;
        if ((d.key == "sethandler" || d.key == "addhandler") && !d.args.empty()) {
            const std::string h = to_lower(d.args[0].value);
            if (h.starts_with("proxy:") || h.find("php") != std::string::npos || h.find("cgi") != std::string::npos ||
                h.find("fcgid") != std::string::npos)
                return true;
        }
        if (d.key == "rewriterule" && d.args.size() >= 3) {
            const std::string flags = to_lower(d.args[2].value);
            if (flags.find("[p") != std::string::npos || flags.find(",p") != std::string::npos) return true;
        }
    }
    return false;
}

// Which servers hand requests to a dynamic handler: a vhost is when its own directives are or the main
// server's (which every vhost inherits) are. The main server's are looked at once, not once per vhost.
class DynamicServers {
public:
    explicit DynamicServers(const Config& c) : c_(c), main_(dynamic_in(c, scope(c).list(-1))) {}
    bool operator()(int s) const { return main_ || (s >= 0 && dynamic_in(c_, scope(c_).list(s))); }

private:
    const Config& c_;
    bool main_;
};

void apc008(const Config& c, RuleSink& sink) {
    const auto all = servers(c);
    const bool has_vhosts = all.size() > 1;
    // (a) CacheKeyBaseURL shared by several virtual hosts.
    std::map<std::string, std::vector<int>> bases;
    for (size_t i = 0; i < c.dirs.size(); ++i) {
        const Directive& d = c.dirs[i];
        if (d.key != "cachekeybaseurl" || d.args.size() != 1) continue;
        const int v = c.vhost_of(static_cast<int>(i));
        if (v == -1 && has_vhosts && any_cache_enable(c)) {
            sink.report(d.name_span,
                        line_text(d) + " at server level is inherited by every <VirtualHost> without its own: their cache "
                                       "entries share one key space, so one site's page is served for another's URL")
                .fix_hint = "set CacheKeyBaseURL per <VirtualHost>, each with its own host name (or not at all)";
        } else if (v >= 0) {
            bases[to_lower(d.args[0].value)].push_back(static_cast<int>(i));
        }
    }
    for (const auto& [url, idx] : bases) {
        if (idx.size() < 2) continue;
        const Directive& d = c.dirs[static_cast<size_t>(idx[1])];
        auto& f = sink.report(d.name_span,
                              line_text(d) + " is the same base URL as in another <VirtualHost>: entries from one virtual "
                                             "host are served to the other");
        f.related.push_back({c.dirs[static_cast<size_t>(idx[0])].span, "the same CacheKeyBaseURL"});
        f.fix_hint = "give each virtual host its own CacheKeyBaseURL";
    }
    // (b) CacheIgnoreQueryString On, (c) CacheIgnoreURLSessionIdentifiers, in front of dynamic content.
    std::set<int> reported;
    const DynamicServers dynamic(c);
    for (int s : all) {
        if (cache_enables(c, s).empty()) continue;
        const Directive* iq = server_scalar(c, s, "cacheignorequerystring");
        if (flag_on(iq) && dynamic(s)) {
            const int idx = static_cast<int>(iq - c.dirs.data());
            if (reported.insert(idx).second)
                sink.report(iq->name_span,
                            line_text(*iq) + " in " + server_name(c, s) +
                                ", which serves dynamic content: `/search?q=a` and `/search?q=b` become one cache "
                                "entry, so users get each other's results")
                    .fix_hint = "remove it; to ignore only tracking parameters, strip them with mod_rewrite before the cache";
        }
        const Directive* sid = server_scalar(c, s, "cacheignoreurlsessionidentifiers");
        if (sid && !sid->args.empty() && !iequals(sid->args.back().value, "none")) {
            const int idx = static_cast<int>(sid - c.dirs.data());
            if (reported.insert(idx).second)
                sink.report(sid->name_span,
                            line_text(*sid) + " in " + server_name(c, s) +
                                ": URLs that differ only by these session identifiers share one cache entry, so a page "
                                "rendered for one session is served to the others")
                    .fix_hint = "remove it unless the pages are identical for every session (then drop the session ids from those URLs instead)";
        }
    }
}

// ---------------------------------------------------------------------------------------------
// APC009: per-user responses the configuration itself makes storable. mod_cache keys on the URL only
// (plus the origin's Vary); a page rendered for one session or login is kept apart only by the origin's
// `private`/`no-store`, by the missing validators of dynamic pages, or (for Authorization) by the absence of
// public/s-maxage/must-revalidate. Two settings remove that protection (verified on httpd 2.4):
//  - CacheIgnoreNoLastMod On: responses with no Last-Modified/ETag/Expires/max-age (most dynamic pages)
//    are stored;
//  - `Header set Cache-Control public|max-age=...` with CacheQuickHandler off: mod_headers then runs before
//    the CACHE_SAVE filter, so its value replaces the origin's private/no-store and, being public, also
//    lifts the Authorization exemption. (With the quick handler on, it runs after the save: no effect.)
bool header_makes_storable(const Directive& d) {
    size_t k = 0;
    if (k < d.args.size() && (iequals(d.args[k].value, "always") || iequals(d.args[k].value, "onsuccess"))) ++k;
    // `Header unset Cache-Control` drops the origin's private/no-store; `Header unset Vary` drops its
    // `Vary: Cookie`, the one per-user part an entry's key can have (both verified with the quick handler off).
    if (k + 2 == d.args.size() && iequals(d.args[k].value, "unset") &&
        (iequals(d.args[k + 1].value, "cache-control") || iequals(d.args[k + 1].value, "vary")))
        return true;
    if (k + 3 != d.args.size()) return false;  // a trailing env=/expr= condition: scoped by the author
    const std::string action = to_lower(d.args[k].value);
    if (action != "set" && action != "merge" && action != "append" && action != "add") return false;
    if (!iequals(d.args[k + 1].value, "cache-control")) return false;
    const std::string v = to_lower(d.args[k + 2].value);
    if (v.find("private") != std::string::npos || v.find("no-store") != std::string::npos ||
        v.find("no-cache") != std::string::npos)
        return false;
    auto positive = [&](std::string_view name) {  // name=N with N > 0, as a whole directive (not s-maxage for max-age)
        for (size_t p = v.find(name); p != std::string::npos; p = v.find(name, p + 1)) {
            if (p > 0 && v[p - 1] != ' ' && v[p - 1] != ',' && v[p - 1] != '\t') continue;
            size_t z = p + name.size();
            if (z >= v.size() || v[z] != '=') continue;
            for (++z; z < v.size() && v[z] == '0';) ++z;
            if (z < v.size() && v[z] >= '1' && v[z] <= '9') return true;
        }
        return false;
    };
    return positive("max-age") || positive("s-maxage") || v.find("public") != std::string::npos ||
           v.find("must-revalidate") != std::string::npos || v.find("proxy-revalidate") != std::string::npos;
}

// What a Header line that header_makes_storable() accepted does to the response mod_cache sees.
std::string header_effect(const Directive& d) {
    const size_t n = d.args.size();
    if (iequals(d.args[n - 2].value, "unset"))
        return iequals(d.args[n - 1].value, "vary")
                   ? "removes the origin's `Vary` (such as `Vary: Cookie`), the only per-user part an entry's key can have"
                   : "removes the origin's `private`/`no-store` before the cache sees them";
    const std::string v = to_lower(d.args[n - 1].value);
    const bool lifts_auth = v.find("public") != std::string::npos || v.find("s-maxage") != std::string::npos ||
                            v.find("must-revalidate") != std::string::npos || v.find("proxy-revalidate") != std::string::npos;
    std::string out = iequals(d.args[n - 3].value, "set")
                          ? "replaces the origin's Cache-Control, `private` and `no-store` included"
                          : "adds to every response's Cache-Control: pages without freshness information of their own become storable";
    if (lifts_auth) out += ", and lifts the rule that responses to requests with Authorization are not stored";
    return out;
}

// What in server s shows that requests carry a login or a session to the origin.
std::string per_user_evidence(const Config& c, int s, const Directive** at) {
    const auto& enables = cache_enables(c, s);
    for (int idx : applicable(c, s)) {
        const Directive& d = c.dirs[static_cast<size_t>(idx)];
        if (!applies_to(c, idx, s)) continue;
        if (const int pd = perdir_of(c, idx); pd >= 0 && c.dirs[static_cast<size_t>(pd)].key == "<location") {
            // A login on a <Location> the cache does not cover is no evidence about the cached URLs.
            bool cached = false;
            for (const auto& e : enables) cached |= prefix_overlap(c.dirs[static_cast<size_t>(pd)].arg(0), e.path);
            if (!cached) continue;
        }
        auto found = [&](std::string what) { *at = &d; return what; };
        if (credential_require(d)) return found("HTTP authentication (" + line_text(d) + ")");
        if (d.key == "authtype" && iequals(d.arg(0), "form")) return found("form login (AuthType form)");
        if ((d.key == "session" && iequals(d.arg(0), "on")) || d.key == "sessioncookiename")
            return found("mod_session cookies (" + line_text(d) + ")");
        if ((d.key == "setenvif" || d.key == "setenvifnocase") && iequals(d.arg(0), "cookie"))
            return found("cookie-dependent handling (" + line_text(d) + ")");
        if (d.key == "rewritecond" && (to_lower(d.arg(0)).find("%{http_cookie}") != std::string::npos ||
                                       to_lower(d.arg(0)).find("%{http:cookie}") != std::string::npos))
            return found("cookie-dependent handling (" + line_text(d) + ")");
        if (d.key == "proxypassreversecookiedomain" || d.key == "proxypassreversecookiepath")
            return found("cookies set by the proxied application (" + line_text(d) + ")");
        if ((d.key == "php_value" || d.key == "php_flag" || d.key == "php_admin_value") &&
            to_lower(d.arg(0)).starts_with("session."))
            return found("PHP sessions (" + line_text(d) + ")");
    }
    return "";
}

// A bypass for session traffic: SetEnvIf Cookie ... no-cache, or a rewrite that sets no-cache.
bool session_bypass(const Config& c, int s) {
    for (int idx : applicable(c, s)) {
        const Directive& d = c.dirs[static_cast<size_t>(idx)];
        if ((d.key == "setenvif" || d.key == "setenvifnocase") &&
            (iequals(d.arg(0), "cookie") || iequals(d.arg(0), "authorization")))
            for (size_t k = 2; k < d.args.size(); ++k)
                if (iequals(d.args[k].value, "no-cache") || to_lower(d.args[k].value).starts_with("no-cache="))
                    return true;
        if (d.key == "rewriterule" && d.args.size() >= 3 && to_lower(d.args[2].value).find("e=no-cache") != std::string::npos)
            return true;
    }
    return false;
}

void apc009(const Config& c, RuleSink& sink) {
    std::set<int> reported;
    const DynamicServers dynamic(c);
    for (int s : servers(c)) {
        const auto& enables = cache_enables(c, s);
        if (enables.empty() || !dynamic(s) || session_bypass(c, s)) continue;
        const Directive* quick = server_scalar(c, s, "cachequickhandler");
        const bool quick_off = quick && quick->args.size() == 1 && iequals(quick->arg(0), "off");
        auto covered = [&](int i) {  // a directive inside a <Location> applies only where a CacheEnable reaches
            const int pd = perdir_of(c, i);
            if (pd < 0) return true;
            const Directive& S = c.dirs[static_cast<size_t>(pd)];
            if (S.key == "<files" || S.key == "<filesmatch" || S.key == "<if" || S.key == "<elseif" || S.key == "<else")
                return false;  // scoped to some files or a condition: usually static assets
            if (S.key != "<location") return true;
            for (const auto& e : enables)
                if (prefix_overlap(S.arg(0), e.path)) return true;
            return false;
        };
        for (int idx : applicable(c, s)) {
            const Directive& d = c.dirs[static_cast<size_t>(idx)];
            const bool nolastmod = d.key == "cacheignorenolastmod" && flag_on(&d);
            const bool header = d.key == "header" && quick_off && header_makes_storable(d);
            if ((!nolastmod && !header) || !applies_to(c, idx, s) || !covered(idx) || reported.count(idx)) continue;
            const Directive* ev = nullptr;
            const std::string evidence = per_user_evidence(c, s, &ev);
            reported.insert(idx);
            std::string what = nolastmod
                ? line_text(d) + " makes mod_cache store responses that have no Last-Modified, ETag, Expires or max-age, "
                                 "which is what dynamic pages look like"
                : line_text(d) + " runs before mod_cache stores the response (CacheQuickHandler is off in " +
                      server_name(c, s) + "), so it " + header_effect(d);
            what += "; the cache key is the URL only, so a page rendered for one user is served to the next one";
            std::string hint = nolastmod ? "remove it, or add `SetEnvIf Cookie \"<session cookie>\" no-cache` so logged-in "
                                           "requests are never stored"
                                         : "scope the header to static files (`<FilesMatch>` or `expr=`), keep CacheQuickHandler "
                                           "on, or add `SetEnvIf Cookie \"<session cookie>\" no-cache`";
            if (!evidence.empty()) {
                auto& f = sink.report(Severity::warning, d.name_span,
                                      what + ", and " + server_name(c, s) + " has " + evidence + " on cached, dynamic content");
                if (ev) f.related.push_back({ev->span, "requests carry a login or session"});
                f.fix_hint = hint;
            } else {
                sink.report(Severity::note, d.name_span,
                            what + " (whether the proxied application serves per-user pages, by cookie or login, on these "
                                   "URLs is not in this file)")
                    .fix_hint = hint;
            }
        }
    }
}

CACHELINT_RULE(Config, ids::APC001, apc001);
CACHELINT_RULE(Config, ids::APC002, apc002);
CACHELINT_RULE(Config, ids::APC003, apc003);
CACHELINT_RULE(Config, ids::APC004, apc004);
CACHELINT_RULE(Config, ids::APC005, apc005);
CACHELINT_RULE(Config, ids::APC006, apc006);
CACHELINT_RULE(Config, ids::APC007, apc007);
CACHELINT_RULE(Config, ids::APC008, apc008);
CACHELINT_RULE(Config, ids::APC009, apc009);

}  // namespace
}  // namespace cachelint::apache
