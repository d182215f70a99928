// Rules about what a cached location does, asked of the effective (inherited) configuration. Every
// rule is written once for the four cache modules (proxy, fastcgi, uwsgi, scgi): `cl.module` names it.
#include "core/text.hpp"
#include "core/rule_ids.hpp"
#include "rules/nginx/common.hpp"

namespace cachelint::nginx::rules {
namespace {

// The cached location's module directive `<prefix><s>`: M for messages, D for lookups (no allocation).
std::string M(const Config& cfg, const CachedLocation& cl, std::string_view s) { return cfg.name(*cl.module, s); }
DirectiveName D(const CachedLocation& cl, std::string_view s) { return Config::directive(*cl.module, s); }

Span key_span(const Config& cfg, const CachedLocation& cl, const CacheKey& k) {
    return k.node >= 0 ? cfg[k.node].span : anchor(cfg, cl);
}

// NGX009: a key without the host, on a server that answers for several sites. example.com and
// www.example.com are one site; a catch-all (`_`, default_server) fronting one application is one
// site too. Wildcards and regex names (tenants under one domain), several distinct names, or a zone
// shared with another server block are several.
bool multihost(const Config& cfg, const CachedLocation& cl) {
    if (cl.server < 0) return false;
    std::set<std::string> sites;
    for (int n : cfg.here(cl.server, "server_name"))
        for (const auto& a : cfg[n].args) {
            const std::string v = to_lower(a.value);
            if (v.find('*') != std::string::npos || v.starts_with("~") || (v.starts_with(".") && v.size() > 1)) return true;
            if (v.empty() || v == "_" || v == "localhost" || v.find('$') != std::string::npos) continue;
            sites.insert(v.starts_with("www.") ? v.substr(4) : v);
        }
    if (sites.size() > 1) return true;
    for (const auto& other : cfg.cached)
        if (other.server != cl.server && other.server >= 0 && other.zone == cl.zone && !cl.zone.empty()) return true;
    return false;
}

void ngx009(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        if (cl.module != &kCacheModules[0]) continue;  // others have no default key: NGX012
        const CacheKey& k = cl.key;
        if (has_var(k.vars, {"host", "http_host", "server_name"}) || !multihost(cfg, cl)) continue;
        if (k.vars.empty()) continue;
        sink.report(key_span(cfg, cl, k),
                    "cache key " + quote(k.text) + " has no $host while this server answers for several sites "
                    "(or shares the zone with another server): one site's cached page is served for another"
                    + (k.node < 0 ? " (the default key uses $proxy_host, the upstream's name, not the client's Host)" : ""))
            .fix_hint = M(cfg, cl, "_cache_key") + " $scheme$host$request_uri;";
    }
}

void ngx010(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        if (cl.server < 0) continue;
        const CacheKey& k = cl.key;
        if (k.vars.empty() || has_var(k.vars, {"scheme", "https", "server_port", "http_x_forwarded_proto"})) continue;
        bool tls = false, plain = false;
        for (int l : cfg.here(cl.server, "listen")) {
            bool ssl = false;
            for (const auto& a : cfg[l].args) ssl = ssl || a.value == "ssl" || a.value == "quic";
            (ssl ? tls : plain) = true;
        }
        if (!(tls && plain)) continue;
        sink.report(key_span(cfg, cl, k),
                    "cache key " + quote(k.text) + " has no $scheme while the server listens for both http and https: "
                    "a cached redirect to https (or http-only links) is replayed to the other scheme")
            .fix_hint = "add $scheme to the key: " + M(cfg, cl, "_cache_key") + " $scheme$host$request_uri;";
    }
}

void ngx011(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        const CacheKey& k = cl.key;
        if (!has_var(k.vars, {"uri", "document_uri"})) continue;
        if (has_var(k.vars, {"args", "query_string", "request_uri", "is_args"}) || has_var_prefix(k.vars, "arg_")) continue;
        if (is_static(cfg, cl.block)) continue;
        sink.report(key_span(cfg, cl, k),
                    "cache key " + quote(k.text) + " uses $uri without the query string: /search?q=a and /search?q=b "
                    "share one cache entry, so everyone gets whichever was cached first")
            .fix_hint = "use $request_uri, or append $is_args$args";
    }
}

void ngx012(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        if (!cl.module->default_key.empty()) continue;
        const CacheKey& k = cl.key;
        if (k.node >= 0) continue;
        // A fragment without its http block: the key is normally set there, in the file that includes this one.
        bool http = false;
        for (int b = cl.block; b >= 0 && !http; b = cfg[b].parent) http = cfg[b].block && cfg[b].name == "http";
        if (cfg.fragment && !http) continue;
        sink.report(anchor(cfg, cl),
                    M(cfg, cl, "_cache") + " is on but no " + M(cfg, cl, "_cache_key") +
                        " applies here: nginx only warns and uses an empty key, so every URL shares one cache entry")
            .fix_hint = M(cfg, cl, "_cache_key") + " $scheme$request_method$host$request_uri;";
    }
}

void ngx013(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        const CacheKey& k = cl.key;
        if (has_var(k.vars, {"request_method"})) continue;
        if (cl.module == &kCacheModules[0] && !flag_on(cfg, cl.block, "proxy_cache_convert_head", true)) {
            const auto& occ = cfg.effective(cl.block, "proxy_cache_convert_head");
            sink.report(cfg[occ.back()].span,
                        "proxy_cache_convert_head off without $request_method in the key " + quote(k.text) +
                            ": a cached HEAD response (no body) is served to GET requests as an empty page")
                .fix_hint = "add $request_method to proxy_cache_key, or remove proxy_cache_convert_head off";
        }
        const auto methods = flags(cfg, cl.block, D(cl, "_cache_methods"));
        if (methods.has("post")) {
            const auto& occ = cfg.effective(cl.block, D(cl, "_cache_methods"));
            sink.report(cfg[occ.back()].span,
                        "POST responses are cached but the key " + quote(k.text) +
                            " has neither $request_method nor the body: every POST to a URL (and the GET) share one entry")
                .fix_hint = "key on $request_method and a hash of $request_body, or do not cache POST";
        }
    }
}

void ngx014(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        const auto ignored = flags(cfg, cl.block, D(cl, "_ignore_headers"));
        int where = -1;
        for (int n : cfg.effective(cl.block, D(cl, "_ignore_headers")))
            for (const auto& a : cfg[n].args)
                if (iequals(a.value, "Set-Cookie")) where = n;
        if (where < 0) continue;
        const CacheKey& k = cl.key;
        if (per_user(with_sources(cfg, k.vars))) continue;  // one entry per session or credential
        bool hidden = false;
        for (int n : cfg.effective(cl.block, D(cl, "_hide_header"))) hidden = hidden || iequals(cfg[n].arg(0), "Set-Cookie");
        // Only a cookie test keeps session requests out; an Authorization test does not see sessions.
        const auto guards = guard_vars(cfg, cl, {"_no_cache"});
        const bool guarded = has_var_prefix(guards, "cookie_") || has_var(guards, {"http_cookie"});
        const bool cc_ignored = ignored.has("cache-control");
        if (hidden && (guarded || is_static(cfg, cl.block) || !cc_ignored)) continue;
        const std::string ign = M(cfg, cl, "_ignore_headers") + " Set-Cookie with caching on: ";
        Severity level = Severity::error;
        std::string msg;
        if (external_or_internal(cfg, cl)) {
            level = Severity::note;
            msg = ign + "a Set-Cookie from this upstream would be stored with the entry and replayed to every client; this "
                        "location fetches a fixed external URL or is internal, so whether that upstream sets cookies is not shown";
        } else if (guarded || is_static(cfg, cl.block)) {
            level = Severity::note;
            msg = ign + (guarded ? std::string("requests carrying the session cookie are not stored, but a response that sets a cookie for "
                                               "a visitor without one is stored with its Set-Cookie and replayed to everyone")
                                 : std::string("an asset response that sets a cookie is stored with its Set-Cookie and replayed to everyone")) +
                  "; whether the application sets cookies on these responses is not shown";
        } else if (hidden) {
            level = Severity::warning;
            msg = ign + "the cookie itself is hidden, but " + M(cfg, cl, "_no_cache") +
                  " does not skip session requests and the upstream's Cache-Control is ignored too: a logged-in user's page is "
                  "stored and served to others";
        } else if (!cc_ignored) {
            level = Severity::warning;
            msg = ign + "a response that sets a session is stored with its Set-Cookie and replayed to everyone who hits the entry, "
                        "unless the application marks such responses Cache-Control: private/no-store (nothing here skips session requests)";
        } else {
            msg = ign + "the upstream's Cache-Control is ignored too and nothing skips session requests: a response that sets a "
                        "session is stored and its Set-Cookie replayed to every client that hits the entry (session mix-up)";
        }
        sink.report(level, cfg[where].span, msg)
            .fix_hint = "remove Set-Cookie from " + M(cfg, cl, "_ignore_headers") + ", or add " + M(cfg, cl, "_no_cache") +
                        " $cookie_<session> and " + M(cfg, cl, "_hide_header") + " Set-Cookie";
    }
}

void ngx015(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        if (is_static(cfg, cl.block)) continue;
        // Only Cache-Control carries private/no-store; ignoring Expires alone changes lifetimes, not privacy.
        int where = -1;
        for (int n : cfg.effective(cl.block, D(cl, "_ignore_headers")))
            for (const auto& a : cfg[n].args)
                if (iequals(a.value, "Cache-Control")) where = n;
        if (where < 0) continue;
        if (per_user(guard_vars(cfg, cl, {"_no_cache", "_cache_bypass"}))) continue;
        if (per_user(with_sources(cfg, cl.key.vars))) continue;  // one entry per user: nothing shared
        if (external_or_internal(cfg, cl)) continue;  // someone else's public resource, or nginx's own subrequest
        bool never_stored = false;  // `X_no_cache 1;`: nothing is stored
        for (int n : cfg.effective(cl.block, D(cl, "_no_cache")))
            for (const auto& a : cfg[n].args) never_stored = never_stored || (!a.value.empty() && a.value != "0" && a.value.find('$') == std::string_view::npos);
        if (never_stored) continue;
        // Guards on the path only (`if ($request_uri ~* "/wp-admin/|/cart/") { set $skip_cache 1; }`): ask
        // them, and nginx's location choice, about the usual per-user pages (RE2 for the regexes).
        std::set<std::string> guard_names;
        for (int n : cfg.effective(cl.block, D(cl, "_no_cache")))
            for (const auto& a : cfg[n].args) for (auto& v : vars_in(a.value)) guard_names.insert(v);
        std::string served, leaked;
        bool unknown = guard_names.empty() || cl.server < 0;
        int top = cl.block;  // the server-level location holding this one
        while (top >= 0 && cfg[top].parent != cl.server) top = cfg[top].parent;
        for (auto path : kPerUserPaths) {
            if (unknown) break;
            bool redirected = false;
            auto sel = serving_location(cfg, cl.server, path, &redirected);
            if (!sel) { unknown = true; break; }
            if (*sel != top || top < 0) continue;
            auto covered = path_guarded(cfg, guard_names, path, redirected);
            if (!covered) { unknown = true; break; }
            std::string& list = *covered ? served : leaked;
            list += (list.empty() ? "" : ", ") + std::string(path);
        }
        if (!unknown && leaked.empty() && !served.empty()) {
            sink.report(Severity::note, cfg[where].span,
                        M(cfg, cl, "_ignore_headers") + " Cache-Control on dynamic content: the path bypass keeps the usual "
                        "per-user pages out (checked: " + served + "), but any other page the application personalises "
                        "(marked private/no-store) is stored and served to others; which pages those are is not shown")
                .fix_hint = "honour the upstream headers, or add " + M(cfg, cl, "_no_cache") + "/" + M(cfg, cl, "_cache_bypass") +
                            " on the session cookie and $http_authorization";
            continue;
        }
        sink.report(cfg[where].span,
                    M(cfg, cl, "_ignore_headers") + " Cache-Control on dynamic content: the backend's private/no-store "
                    "is the only sign a page is personalised, and nothing here keeps such pages out of the cache" +
                        (!unknown && !leaked.empty() ? " (the path bypass misses " + leaked + ", which this location serves)" : ""))
            .fix_hint = "honour the upstream headers, or add " + M(cfg, cl, "_no_cache") + "/" + M(cfg, cl, "_cache_bypass") +
                        " on the session cookie and $http_authorization";
    }
}

// How the client's Authorization header reaches the cached upstream: -1 it does not (cleared, or
// request headers not passed), 0 by default (every request header is passed), else the node that
// forwards it explicitly.
int authorization_forwarded(const Config& cfg, const CachedLocation& cl) {
    const bool proxy = cl.module == &kCacheModules[0];
    if (!flag_on(cfg, cl.block, Config::directive(*cl.module, "_pass_request_headers"), true)) return -1;
    const DirectiveName param = Config::directive(*cl.module, "_param");
    for (int n : cfg.effective(cl.block, proxy ? std::string_view("proxy_set_header") : std::string_view(param))) {
        const Node& d = cfg[n];
        if (!(proxy ? iequals(d.arg(0), "Authorization") : d.arg(0) == "HTTP_AUTHORIZATION")) continue;
        const auto vars = vars_in(d.arg(1));
        return has_var(vars, {"http_authorization"}) ? n : -1;
    }
    return 0;
}

// The effective *_ignore_headers that names Cache-Control (the backend's private/no-store no longer
// keeps a response out of the cache), or -1.
int cache_control_ignored(const Config& cfg, const CachedLocation& cl) {
    int where = -1;
    for (int n : cfg.effective(cl.block, Config::directive(*cl.module, "_ignore_headers")))
        for (const auto& a : cfg[n].args)
            if (iequals(a.value, "Cache-Control")) where = n;
    return where;
}

// *_cache_valid gives 200 responses a lifetime (a placeholder time counts): a 200 without caching headers
// is stored.
bool stores_200(const CachedLocation& cl) {
    for (const auto& v : cl.validity) {
        if (v.seconds <= 0 && !v.unknown) continue;
        if (v.codes.empty()) return true;  // 200 301 302
        for (auto c : v.codes)
            if (c == "200" || iequals(c, "any")) return true;
    }
    return false;
}

void ngx016(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        int auth = -1;
        for (auto d : {"auth_basic", "auth_request"}) {
            const auto& occ = cfg.effective(cl.block, d);
            if (!occ.empty() && cfg[occ.back()].arg(0) != "off") auth = occ.back();
        }
        const CacheKey& k = cl.key;
        // A fragment that sets no key is keyed where it is included (fastcgi_cache_key at http level): unknown here.
        if (k.node < 0 && cfg.fragment) continue;
        if (has_var(with_sources(cfg, k.vars), {"http_authorization", "remote_user"})) continue;
        const auto guards = guard_vars(cfg, cl, {"_no_cache"});
        if (has_var(guards, {"http_authorization", "remote_user"})) continue;
        const auto fix = [&] {
            return "add " + M(cfg, cl, "_no_cache") + " $http_authorization; (and the same " + M(cfg, cl, "_cache_bypass") +
                   "), or key on $remote_user";
        };
        if (auth >= 0) {
            Finding& f = sink.report(anchor(cfg, cl),
                                     "responses to authenticated requests (" + std::string(cfg[auth].name) +
                                         ") are cached under key " + quote(k.text) +
                                         " which has no $remote_user/$http_authorization: nginx ignores the request's "
                                         "Authorization when caching, so one user's response is served to others");
            f.related.push_back({cfg[auth].span, "authentication configured here"});
            f.fix_hint = fix();
            continue;
        }
        // No authentication in nginx, but the client's credentials reach the backend, which may answer
        // them with a user's page: nginx stores it (it never looks at the request's Authorization, unlike
        // RFC 9111 section 3.5, Varnish and httpd's mod_cache). Said where the file shows it: the header
        // forwarded by name (warning), or guards that keep logged-in sessions out of the cache by cookie
        // but not by credentials (note: whether the backend uses HTTP authentication is not shown).
        if (external_or_internal(cfg, cl)) continue;
        const int fwd = authorization_forwarded(cfg, cl);
        if (fwd < 0) continue;
        if (is_static(cfg, cl.block)) {
            // Assets: said only where the backend cannot keep an authenticated answer out (its Cache-Control
            // is ignored and *_cache_valid stores 200s without caching headers); dynamic locations that
            // ignore Cache-Control are NGX015's.
            const int cc = cache_control_ignored(cfg, cl);
            if (cc < 0 || !stores_200(cl)) continue;
            Finding& f = sink.report(Severity::note, anchor(cfg, cl),
                "this asset location stores the backend's 200s whatever its Cache-Control says (" + std::string(cfg[cc].name) +
                    " Cache-Control, so private/no-store too) under key " + quote(k.text) +
                    " without $http_authorization/$remote_user, and the client's Authorization header reaches the backend" +
                    (fwd > 0 ? " (" + std::string(cfg[fwd].name) + ")" : std::string(" (every request header is passed)")) +
                    ": nginx ignores the request's Authorization when caching, so a file the backend serves only with "
                    "credentials (an HTTP-auth protected directory) is, once fetched by an authorised user, served to "
                    "anonymous clients; whether the backend protects any files with HTTP authentication is not shown");
            f.related.push_back({cfg[cc].span, "Cache-Control ignored here"});
            f.fix_hint = fix();
            continue;
        }
        if (fwd == 0 && !per_user(guard_vars(cfg, cl, {"_no_cache", "_cache_bypass"}))) continue;
        Finding& f = sink.report(fwd > 0 ? Severity::warning : Severity::note, anchor(cfg, cl),
            (fwd > 0 ? "the client's Authorization header is forwarded to the backend (" + std::string(cfg[fwd].name) +
                           ") and its responses are cached under key " + quote(k.text)
                     : M(cfg, cl, "_no_cache") + "/" + M(cfg, cl, "_cache_bypass") + " single out logged-in sessions by cookie, "
                       "but requests with an Authorization header (passed to the backend like every request header) are cached "
                       "under key " + quote(k.text)) +
                " without $http_authorization/$remote_user: nginx ignores the request's Authorization when caching, so a page "
                "the backend answers for one authenticated user is served to others" +
                (fwd > 0 ? std::string() : std::string("; whether the backend uses HTTP authentication is not shown")));
        if (fwd > 0) f.related.push_back({cfg[fwd].span, "Authorization forwarded here"});
        f.fix_hint = fix();
    }
}

// NGX016 too: the location that answers auth_request subrequests is itself cached under a key without
// the client's credentials. The subrequest carries the client's headers, the key does not: the first
// user's 200 lets every later request with the same key through (verified: with the default key, an
// anonymous client then got the protected page, for that URL and for others).
void ngx016_auth_target(const Config& cfg, RuleSink& sink) {
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const Node& a = cfg.nodes[i];
        if (a.entry || a.name != "auth_request" || a.args.empty() || a.arg(0) == "off") continue;
        const std::string_view uri = a.arg(0);
        const int server = cfg.enclosing_server(static_cast<int>(i));
        for (const auto& cl : cfg.cached) {
            const Node& loc = cfg[cl.block];
            if (loc.name != "location" || cl.server != server) continue;
            const bool exact = loc.args.size() == 2 && loc.arg(0) == "=" && loc.arg(1) == uri;
            const bool prefix = loc.args.size() == 1 && loc.arg(0) == uri;
            const bool prefix2 = loc.args.size() == 2 && loc.arg(0) == "^~" && loc.arg(1) == uri;
            if (!exact && !prefix && !prefix2) continue;
            const CacheKey& k = cl.key;
            const auto kv = with_sources(cfg, carried_sources(cfg, k.vars));
            if (per_user(kv) || has_var_prefix(kv, "http_")) continue;  // keyed on the credential (or a token header)
            if (per_user(guard_vars(cfg, cl, {"_no_cache"}))) continue;
            Finding& f = sink.report(anchor(cfg, cl),
                                     "this location answers the auth_request subrequests for " + quote(uri) +
                                         " and caches them under key " + quote(k.text) +
                                         " without the client's credentials (cookie, Authorization): the first authenticated "
                                         "user's 200 is replayed to every later request that builds the same key, whoever sends "
                                         "it, and nginx lets that request through without authentication");
            f.related.push_back({a.span, "auth_request here"});
            f.fix_hint = "key the auth cache on the credential, e.g. " + M(cfg, cl, "_cache_key") +
                         " \"$cookie_session$http_authorization\";";
        }
    }
}

void ngx017(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        const auto& bypass = cfg.effective(cl.block, D(cl, "_cache_bypass"));
        if (bypass.empty()) continue;
        std::set<std::string> bv, nv;
        for (int n : bypass) for (const auto& a : cfg[n].args) for (auto& v : vars_in(a.value)) bv.insert(v);
        for (int n : cfg.effective(cl.block, D(cl, "_no_cache")))
            for (const auto& a : cfg[n].args) for (auto& v : vars_in(a.value)) nv.insert(v);
        std::vector<std::string> missing;
        for (const auto& v : bv)
            if (!nv.count(v)) missing.push_back(v);
        // Bypassing on the session (also through a set/map variable computed from it) stores logged-in
        // pages: certain. Any other condition (a geo of local IPs refreshing the cache) stores what those
        // requests get, which is only wrong if their responses differ: not shown in the file.
        const bool sensitive = per_user(with_sources(cfg, bv));
        if (!missing.empty()) {
            std::string list;
            for (const auto& v : missing) list += (list.empty() ? "$" : ", $") + v;
            sink.report(sensitive ? Severity::error : Severity::note, cfg[bypass.front()].span,
                        M(cfg, cl, "_cache_bypass") + " on " + list + " has no matching " + M(cfg, cl, "_no_cache") +
                            ": the bypassed response is still stored" +
                            (sensitive ? ", so a logged-in user's page is cached and served to everyone"
                                       : " and then served to everyone; that matters only if those requests get different "
                                         "responses, which the file does not show"))
                .fix_hint = "repeat the same conditions in " + M(cfg, cl, "_no_cache") + " at the same level";
            continue;
        }
        // Anyone can skip the cache with a request header or argument: origin load on demand.
        for (const auto& v : bv)
            if (v == "http_pragma" || v == "http_cache_control" || v.starts_with("arg_") || v == "args") {
                sink.report(Severity::note, cfg[bypass.front()].span,
                            M(cfg, cl, "_cache_bypass") + " on $" + v + ", which any client sets: anyone can send every "
                            "request to the backend and the cache no longer shields it")
                    .fix_hint = "bypass only on conditions clients cannot forge (a cookie your app sets, an internal IP map)";
                break;
            }
    }
}

void ngx018(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        const CacheKey& k = cl.key;
        if (k.node < 0) continue;
        static const std::string_view unique[] = {"request_id", "msec", "time_iso8601", "time_local", "remote_port",
                                                  "connection", "connection_requests", "pid", "request_time"};
        static const std::string_view secret[] = {"http_authorization", "http_cookie"};
        for (auto u : unique)
            if (k.vars.count(std::string(u))) {
                sink.report(cfg[k.node].span,
                            "cache key " + quote(k.text) + " contains $" + std::string(u) +
                                ", which differs on every request: every lookup misses (0% hit rate) and the zone churns")
                    .fix_hint = "remove $" + std::string(u) + " from the key";
                break;
            }
        // Directly, or through a set/map whose value is the credential or a capture of it (a bearer
        // token cut out of $http_authorization is still the token).
        const auto carried = carried_sources(cfg, k.vars);
        for (auto s : secret)
            if (carried.count(std::string(s))) {
                const bool direct = k.vars.count(std::string(s)) > 0;
                sink.report(cfg[k.node].span,
                            "cache key " + quote(k.text) + (direct ? " contains $" : " carries the value of $") + std::string(s) +
                                (direct ? std::string() : std::string(" (through set/map)")) +
                                ": nginx writes the key in clear text into every cache file, so credentials land on disk")
                    .fix_hint = "key on $remote_user or a hash of the session cookie (via map) instead";
                break;
            }
    }
}

// NGX019 was split (rules/redirects.toml) into three rules over one walk: every status code of every
// *_cache_valid entry of a cached location, once per entry, in order, with whether an earlier entry of the
// same location already said `any` and whether the code was listed before.
template <class Visit>
void for_each_valid_code(const Config& cfg, Visit visit) {
    std::set<int> seen;
    for (const auto& cl : cfg.cached) {
        bool any_before = false;
        std::set<std::string_view> codes;
        for (const auto& e : cl.validity) {
            if (!seen.insert(e.node).second) continue;
            for (auto c : e.codes) visit(e, c, any_before, !codes.insert(c).second);
            for (auto c : e.codes) any_before = any_before || c == "any";
        }
    }
}

// NGX028: errors cached for long.
// Up to five minutes it is a note: micro-caches store everything, errors included, for a minute on purpose,
// and whether a minute-long error page is acceptable is the site's call; beyond that it is an outage.
constexpr int64_t kLongErrorCache = 300;

void errors_cached_long(const Config& cfg, RuleSink& sink) {
    for_each_valid_code(cfg, [&](const auto& e, std::string_view c, bool, bool) {
        const bool err5 = c == "any" || (c.size() == 3 && c[0] == '5');
        if (err5 && e.seconds > 10)
            sink.report(e.seconds > kLongErrorCache ? Severity::warning : Severity::note, cfg[e.node].span,
                        "errors are cached for " + format_duration(e.seconds) + " (" + std::string(c) +
                            "): a 5xx the backend returns during a one-second failure is served for " + format_duration(e.seconds) +
                            " from the cache, an outage of that URL")
                .fix_hint = "cache errors for a few seconds at most, or list only 200 301 302 404";
    });
}

// NGX029: an entry shadowed by an earlier `any` (repeated or not: one finding).
void cache_valid_shadowed(const Config& cfg, RuleSink& sink) {
    for_each_valid_code(cfg, [&](const auto& e, std::string_view c, bool any_before, bool) {
        if (any_before && c != "any")
            sink.report(cfg[e.node].span,
                        "this entry is never used: an earlier `any` entry already matches status " + std::string(c) +
                            " (nginx takes the first matching entry)")
                .fix_hint = "put `any` last";
    });
}

// NGX030: a status listed twice (where NGX029 does not already say the entry is unused).
void cache_valid_repeated(const Config& cfg, RuleSink& sink) {
    for_each_valid_code(cfg, [&](const auto& e, std::string_view c, bool any_before, bool repeated) {
        if (repeated && c != "any" && !any_before)
            sink.report(cfg[e.node].span, "status " + std::string(c) + " is listed twice; only the first entry counts");
    });
}

// The nearest location around `b` (itself if it is one), -1 when `b` is not inside one.
int enclosing_location(const Config& cfg, int b) {
    for (; b >= 0; b = cfg[b].parent) {
        const Node& n = cfg[b];
        if (n.block && n.name == "location" && (n.ctx & kLoc)) return b;
        if (!(n.block && n.name == "if")) return -1;
    }
    return -1;
}

void ngx020(const Config& cfg, RuleSink& sink) {
    // X_cache written into a location that never hands a request to X_pass: X_pass is not inherited
    // (nested locations and if-blocks inherit the cache, so a pass anywhere inside uses it), so the
    // cache does nothing there. Static files served from disk, a `return`, a try_files fallback to
    // another location: none of them reads this location's cache.
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const Node& c = cfg.nodes[i];
        if (c.entry || !c.spec || c.args.empty() || c.arg(0) == "off") continue;
        const CacheModule* mod = module_of(c.name, "_cache");
        if (!mod || c.parent < 0) continue;
        const int loc = enclosing_location(cfg, c.parent);
        if (loc < 0) continue;
        const DirectiveName pass_name = Config::directive(*mod, "_pass");
        bool unknown = false;
        if (!cfg.here(loc, pass_name).empty() || in_subtree(cfg, loc, pass_name, &unknown) || unknown) continue;
        const std::string pass(static_cast<std::string_view>(pass_name));
        std::string other;  // where this module does pass, for the hint
        for (const auto& n : cfg.nodes)
            if (!n.entry && n.name == pass && n.parent >= 0 && cfg[n.parent].name == "location")
                other = "the location with " + pass;
        sink.report(c.span,
                    std::string(c.name) + " " + std::string(c.arg(0)) + " is set in a location that never hands requests to " + pass +
                        " (nor does any location or if-block inside it; " + pass + " is not inherited): nginx serves these "
                        "requests some other way, so this cache is never read or written")
            .fix_hint = other.empty() ? "remove it, or add " + pass + " here"
                                      : "move it (with its " + cfg.name(*mod, "_cache_valid") + ") to " + other + ", or remove it";
    }
    for (const auto& cl : cfg.cached) {
        const auto& v = cl.validity;
        bool all_zero = !v.empty();
        for (const auto& e : v) all_zero = all_zero && e.seconds == 0 && !e.unknown;
        if (all_zero)
            sink.report(cfg[v.front().node].span,
                        "every " + M(cfg, cl, "_cache_valid") + " entry is 0: responses expire as they are stored, so the "
                        "cache costs disk writes and locks and never hits (unless the backend sends its own max-age)")
                .fix_hint = "give cacheable responses a real lifetime (even 1s absorbs bursts), or turn caching off";
        const auto& mu = cfg.effective(cl.block, D(cl, "_cache_min_uses"));
        if (!mu.empty()) {
            const auto n = std::atoll(std::string(cfg[mu.back()].arg(0)).c_str());
            if (n >= 10)
                sink.report(cfg[mu.back()].span,
                            M(cfg, cl, "_cache_min_uses") + " " + std::to_string(n) + ": a URL is stored only after " +
                                std::to_string(n) + " requests, so most responses are never cached")
                    .fix_hint = "use 1-3";
        }
    }
}

void ngx021(const Config& cfg, RuleSink& sink) {
    for (const auto& cl : cfg.cached) {
        const auto& buf = cfg.effective(cl.block, D(cl, "_buffering"));
        if (!buf.empty() && iequals(cfg[buf.back()].arg(0), "off")) {
            Finding& f = sink.report(cfg[buf.back()].span,
                                     M(cfg, cl, "_buffering") + " off where " + M(cfg, cl, "_cache") +
                                         " is on: unbuffered responses are never cached (MISS forever)");
            f.related.push_back({anchor(cfg, cl), "cache enabled here"});
            f.fix_hint = "keep buffering on where caching is wanted, or set " + M(cfg, cl, "_cache") + " off here";
        }
        if (cl.validity.empty()) {
            const auto ig = flags(cfg, cl.block, D(cl, "_ignore_headers"));
            if (ig.has("cache-control") && ig.has("expires") && ig.has("x-accel-expires"))
                sink.report(anchor(cfg, cl),
                            "no " + M(cfg, cl, "_cache_valid") + " and the upstream's X-Accel-Expires, Cache-Control and "
                            "Expires are ignored: no response can ever get a lifetime, nothing is cached");
        }
    }
}

// NGX024: a client-controlled request header forwarded to a cached upstream but absent from the key
// (web cache poisoning). Only the explicit forwarding is reported: `proxy_set_header H $http_...` (or
// `X_param HTTP_H $http_...`) for the headers frameworks use to build URLs, redirects or routes, and
// `proxy_set_header Host $http_host` where the key does not contain $http_host (it uses $host, or no host).
struct PoisonHeader {
    std::string_view name;         // as sent upstream by proxy_set_header
    std::string_view param;        // the CGI name *_param uses
    std::string_view server_value;  // a server-derived replacement ("" = send nothing)
};
constexpr PoisonHeader kPoisonHeaders[] = {
    {"X-Forwarded-Host", "HTTP_X_FORWARDED_HOST", "$host"},
    {"X-Forwarded-Proto", "HTTP_X_FORWARDED_PROTO", "$scheme"},
    {"X-Forwarded-Scheme", "HTTP_X_FORWARDED_SCHEME", "$scheme"},
    {"X-Forwarded-Port", "HTTP_X_FORWARDED_PORT", "$server_port"},
    {"X-Original-URL", "HTTP_X_ORIGINAL_URL", ""},
    {"X-Rewrite-URL", "HTTP_X_REWRITE_URL", ""},
    {"X-HTTP-Method-Override", "HTTP_X_HTTP_METHOD_OVERRIDE", ""},
    {"Forwarded", "HTTP_FORWARDED", ""},
    {"X-Host", "HTTP_X_HOST", "$host"},
};

void ngx024(const Config& cfg, RuleSink& sink) {
    std::set<int> seen;  // a directive inherited by several cached locations is reported once
    for (const auto& cl : cfg.cached) {
        const bool proxy = cl.module == &kCacheModules[0];
        const std::string directive = proxy ? "proxy_set_header" : M(cfg, cl, "_param");
        const auto& occ = cfg.effective(cl.block, directive);
        if (occ.empty()) continue;
        const CacheKey& k = cl.key;
        if (k.node < 0 && cl.module->default_key.empty()) continue;  // no key at all: NGX012
        std::set<std::string> no_cache;  // requests carrying these are never stored: nothing to poison
        for (int n : cfg.effective(cl.block, D(cl, "_no_cache")))
            for (const auto& a : cfg[n].args) for (auto& v : vars_in(a.value)) no_cache.insert(v);
        auto unkeyed = [&](const std::string& v) { return v.starts_with("http_") && !k.vars.count(v) && !no_cache.count(v); };
        const std::string key_shown = quote(k.text) + (k.node < 0 ? " (the default key)" : "");
        for (int n : occ) {
            const Node& d = cfg[n];
            if (d.args.size() < 2 || seen.count(n)) continue;
            const std::string_view name = d.arg(0), value = d.arg(1);
            const PoisonHeader* h = nullptr;
            for (const auto& p : kPoisonHeaders)
                if (proxy ? iequals(name, p.name) : name == p.param) h = &p;
            const auto vars = vars_in(value);
            if (h) {
                std::string list;
                for (const auto& v : vars)
                    if (unkeyed(v)) list += (list.empty() ? "$" : ", $") + v;
                if (list.empty()) continue;
                seen.insert(n);
                const std::string replacement = h->server_value.empty() ? std::string("\"\"") : std::string(h->server_value);
                sink.report(d.span,
                            directive + " " + std::string(name) + " " + quote(value) + " forwards " + list +
                                ", which the client controls, to a cached upstream, but the cache key " + key_shown +
                                " does not contain it: one request with a forged " + std::string(h->name) +
                                " header can make the backend build a response (links, redirects, routing) that is then "
                                "cached and served to everyone (web cache poisoning)")
                    .fix_hint = directive + " " + std::string(name) + " " + replacement + ";" +
                                (h->server_value.empty() ? " (an empty value stops nginx from passing the client's header; "
                                                           "deleting the line would forward it unchanged)"
                                                         : "") +
                                " or, if the backend really needs the client's value, add it to " + M(cfg, cl, "_cache_key");
                continue;
            }
            // Host: $http_host is the raw client header (port, case; and for an absolute-URI request line
            // it is not the host nginx routed on), while $host is normalised.
            if (!proxy || !iequals(name, "Host") || !vars.count("http_host") || !unkeyed("http_host")) continue;
            seen.insert(n);
            sink.report(d.span,
                        "proxy_set_header Host " + quote(value) + " sends the client's raw Host header to a cached upstream, "
                        "but the cache key " + key_shown +
                            (!k.vars.count("host") ? " does not record the client's host at all"
                                                   : " uses $host, which nginx normalises (no port, lower case, and taken from the request "
                                          "line for absolute-URI requests)") +
                            ": a request with 'Host: <your site>:1337' or a forged Host behind an absolute URI makes the backend "
                            "build links and redirects for that host, and the response is cached for everyone (web cache poisoning)")
                .fix_hint = "proxy_set_header Host $host; (or key on $http_host if the backend needs the port)";
        }
    }
}

void ngx007_008(const Config& cfg, RuleSink& sink, bool want007, bool want008) {
    for (const auto& cl : cfg.cached) {
        const auto stale = flags(cfg, cl.block, D(cl, "_cache_use_stale"));
        const bool errors = stale.has("error") || stale.has("timeout") || stale.has("http_500") ||
                            stale.has("http_502") || stale.has("http_503") || stale.has("http_504");
        const bool lock = flag_on(cfg, cl.block, D(cl, "_cache_lock"), false);
        // No stale serving at all is one finding (NGX007) that names both gaps, not two on one line.
        if (stale.empty()) {
            if (want007)
                sink.report(anchor(cfg, cl),
                            "no " + M(cfg, cl, "_cache_use_stale") + " here: when the backend fails, clients get the error although "
                            "a cached copy is on disk, and when a popular entry expires every concurrent request goes to the backend")
                    .fix_hint = M(cfg, cl, "_cache_use_stale") + " error timeout updating http_500 http_502 http_503 http_504;";
            continue;
        }
        if (!errors && want007)
            sink.report(anchor(cfg, cl),
                        "no error/timeout in " + M(cfg, cl, "_cache_use_stale") + ": when the backend fails, clients get "
                        "the error although a usable cached copy is on disk")
                .fix_hint = "add error timeout http_500 http_502 http_503 http_504 to " + M(cfg, cl, "_cache_use_stale");
        if (want008 && !stale.has("updating"))
            sink.report(anchor(cfg, cl),
                        std::string("no `updating` in ") + M(cfg, cl, "_cache_use_stale") +
                            ": when a popular entry expires, every concurrent request goes to the backend at once" +
                            (lock ? " (" + M(cfg, cl, "_cache_lock") + " only protects never-cached entries)"
                                  : (" and " + M(cfg, cl, "_cache_lock") + " is off, so cold misses stampede too")))
                .fix_hint = "add `updating` to " + M(cfg, cl, "_cache_use_stale") + " and set " +
                            M(cfg, cl, "_cache_background_update") + " on; " + M(cfg, cl, "_cache_lock") + " on;";
    }
}

void ngx007(const Config& cfg, RuleSink& sink) { ngx007_008(cfg, sink, true, false); }
void ngx008(const Config& cfg, RuleSink& sink) { ngx007_008(cfg, sink, false, true); }

CACHELINT_RULE(Config, ids::NGX007, ngx007);
CACHELINT_RULE(Config, ids::NGX008, ngx008);
CACHELINT_RULE(Config, ids::NGX009, ngx009);
CACHELINT_RULE(Config, ids::NGX010, ngx010);
CACHELINT_RULE(Config, ids::NGX011, ngx011);
CACHELINT_RULE(Config, ids::NGX012, ngx012);
CACHELINT_RULE(Config, ids::NGX013, ngx013);
CACHELINT_RULE(Config, ids::NGX014, ngx014);
CACHELINT_RULE(Config, ids::NGX015, ngx015);
void ngx016_all(const Config& cfg, RuleSink& sink) {
    ngx016(cfg, sink);
    ngx016_auth_target(cfg, sink);
}

CACHELINT_RULE(Config, ids::NGX016, ngx016_all);
CACHELINT_RULE(Config, ids::NGX017, ngx017);
CACHELINT_RULE(Config, ids::NGX018, ngx018);
CACHELINT_RULE(Config, ids::NGX028, errors_cached_long);
CACHELINT_RULE(Config, ids::NGX029, cache_valid_shadowed);
CACHELINT_RULE(Config, ids::NGX030, cache_valid_repeated);
CACHELINT_RULE(Config, ids::NGX020, ngx020);
CACHELINT_RULE(Config, ids::NGX021, ngx021);
CACHELINT_RULE(Config, ids::NGX024, ngx024);

}  // namespace
}  // namespace cachelint::nginx::rules
