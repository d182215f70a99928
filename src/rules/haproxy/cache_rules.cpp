// HAProxy cache rules (webcache.md §3.4): HAP001 .. HAP005. They run on the model after the
// parser's fatal checks; anything inside a .if block is skipped (its condition is not evaluated).
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/haproxy/config.hpp"

namespace cachelint::haproxy {
namespace {

std::string quote(std::string_view s) { return "'" + printable(s, 60) + "'"; }

// Whether `hay`, lower-cased as to_lower() does, contains `needle` (given in lower case). The rules ask this of
// every word of every line; building the lower-cased copy for each question was most of their time.
bool icontains(std::string_view hay, std::string_view needle) {
    const auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                       [&](char h, char n) { return lower(h) == n; }) != hay.end();
}

std::string proxy_label(const Section& s) { return s.keyword + " '" + s.name + "'"; }

// atoi(): leading blanks, a sign, digits; the rest is ignored.
long long atoi_like(std::string_view s, size_t* digits_end = nullptr) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i] == '-', ++i;
    long long v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) v = std::min<long long>(v * 10 + (s[i] - '0'), 1LL << 40);
    if (digits_end) *digits_end = i;
    return neg ? -v : v;
}

// ---- HAP001 max-age misuse -----------------------------------------------------------------
void check_max_age(const Config& c, RuleSink& sink) {
    for (const Cache& cache : c.caches) {
        if (!cache.valid || !cache.max_age_line || cache.max_age_line->conditional) continue;
        const Line& l = *cache.max_age_line;
        if (l.words.size() > 1 && l.words[1].env) continue;
        const std::string_view v = l.arg(1);
        size_t end = 0;
        const long long n = atoi_like(v, &end);
        const bool plain = !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        const Span where = l.words.size() > 1 ? l.arg_span(1) : l.span;
        if (plain) {
            if (n == 0)
                sink.report(where, "cache " + quote(cache.name) + " has 'max-age 0': every stored object is already expired, "
                            "so the cache never serves a hit and every request reaches the backend").fix_hint =
                    "set the longest time in seconds an object may be served without asking the backend, e.g. 'max-age 60'";
            continue;
        }
        std::string msg;
        std::string hint = "HAProxy's max-age takes plain seconds";
        std::string fix;
        const std::string_view unit = v.substr(std::min(end, v.size()));
        long long mult = 0;
        if (unit == "s" && n > 0) continue;  // atoi stops at the 's': still the seconds that were meant
        if (unit == "m") mult = 60;
        else if (unit == "h") mult = 3600;
        else if (unit == "d") mult = 86400;
        if (v.empty()) {
            msg = "'max-age' without a value is read as 0 seconds: every object expires at once and the cache never hits";
        } else if (n < 0) {
            msg = "max-age " + quote(v) + " is negative; HAProxy stores it in an unsigned field, so it becomes " +
                  std::to_string(4294967296LL + n) + " seconds (~136 years) and objects never expire unless the backend says so";
            hint = "write the lifetime in seconds, e.g. 'max-age 60'";
        } else if (mult > 0 && n > 0) {
            msg = "max-age " + quote(v) + " is read by atoi() as " + std::to_string(n) + " second" + (n == 1 ? "" : "s") +
                  ", not " + std::to_string(n * mult) + " seconds: HAProxy accepts no unit suffix, and objects expire almost at once";
            hint = "write 'max-age " + std::to_string(n * mult) + "'";
            fix = std::to_string(n * mult);
        } else {
            msg = "max-age " + quote(v) + " is not a plain number of seconds; HAProxy reads it with atoi() as " + std::to_string(n) +
                  " second" + (n == 1 ? "" : "s") + (n == 0 ? ", so every object expires at once" : "");
            hint = "write the lifetime in seconds, e.g. 'max-age 60'";
        }
        Finding& f = sink.report(where, std::move(msg));
        f.fix_hint = std::move(hint);
        if (!fix.empty() && written_as(where, v)) f.fix.push_back({where, std::move(fix)});
    }
}
CACHELINT_RULE(Config, ids::HAP001, check_max_age);

// ---- HAP002 cache-use / cache-store mismatch -------------------------------------------------
void check_use_store(const Config& c, RuleSink& sink) {
    const auto& rules = c.cache_rules();
    // What the rules of each (cache name, use|store) look like, for the "other side" questions below.
    struct Others {
        size_t front = 0, back = 0;  // rules in frontends/listens, in backends
        bool any_listen = false;
    };
    std::unordered_map<std::string_view, Others> others[2];  // [store] cache name -> its use (0) or store (1) rules
    for (const auto& o : rules) {
        Others& g = others[o.store][o.line->arg(2)];
        (o.proxy->kind != SectionKind::backend ? g.front : g.back)++;
        if (o.proxy->kind == SectionKind::listen) g.any_listen = true;
    }
    std::vector<std::string_view> used_here;  // the caches the current proxy looks up (its rules come together in the list)
    for (size_t i = 0; i < rules.size(); ++i) {
        const CacheRule& r = rules[i];
        if (i == 0 || rules[i - 1].proxy != r.proxy) {
            used_here.clear();
            for (size_t j = i; j < rules.size() && rules[j].proxy == r.proxy; ++j)
                if (const std::string_view n = rules[j].line->arg(2);
                    !rules[j].store && std::find(used_here.begin(), used_here.end(), n) == used_here.end())
                    used_here.push_back(n);
        }
        const std::string_view name = r.line->arg(2);
        if (!r.cache) continue;  // HAP904 already refuses the file
        if (!r.http) {
            sink.report(r.line->span, proxy_label(*r.proxy) + " runs in mode " + quote(c.mode(*r.proxy)) +
                        ", so HAProxy ignores its http-request/http-response rules and this cache rule never runs")
                .fix_hint = "set 'mode http' in the proxy or its defaults section";
            continue;
        }
        // The cache key is computed by cache-use on the same stream: a frontend and a backend can share
        // the work (use in one, store in the other), so look at the proxies on the other side too.
        // (Answered from per-(cache, use|store) summaries: a pairwise scan was quadratic in the rules.)
        bool same = false, counterpart = false, anywhere = false;
        if (auto g = others[!r.store].find(name); g != others[!r.store].end()) {
            const Others& o = g->second;
            anywhere = true;
            same = r.store && std::find(used_here.begin(), used_here.end(), name) != used_here.end();
            const bool r_front = r.proxy->kind != SectionKind::backend;
            counterpart = r.proxy->kind == SectionKind::listen || o.any_listen || (r_front ? o.back > 0 : o.front > 0);
        }
        if (r.store && !same && !counterpart) {
            sink.report(r.line->span, proxy_label(*r.proxy) + " stores into cache " + quote(name) +
                        " but no 'http-request cache-use " + std::string(name) + "' computes the cache key for its requests, so "
                        "nothing is ever stored: the cache stays empty and every request reaches the backend")
                .fix_hint = "add 'http-request cache-use " + std::string(name) + "' to the same proxy";
        } else if (!r.store && !anywhere) {
            sink.report(r.line->span, proxy_label(*r.proxy) + " looks up cache " + quote(name) +
                        " but no proxy has 'http-response cache-store " + std::string(name) + "', so the cache stays empty and "
                        "every lookup misses")
                .fix_hint = "add 'http-response cache-store " + std::string(name) + "' to the same proxy";
        }
    }
}
CACHELINT_RULE(Config, ids::HAP002, check_use_store);

// ---- HAP003 responses with Set-Cookie stored --------------------------------------------------
bool mentions_set_cookie(const Line& l, size_t from) {
    for (size_t i = from; i < l.words.size(); ++i)
        if (icontains(l.words[i].value, "set-cookie")) return true;
    return false;
}

void check_set_cookie(const Config& c, RuleSink& sink) {
    for (const auto& r : c.cache_rules()) {
        if (!r.store || !r.cache || !r.http) continue;
        if (mentions_set_cookie(*r.line, 3) || c.checkcache(*r.proxy)) continue;
        bool removed = false;
        for (const Line& l : r.proxy->lines) {
            if (&l == r.line) break;
            if (l.is("http-response", "del-header") && iequals(l.arg(2), "set-cookie")) removed = true;
        }
        if (removed) continue;
        Finding& f = sink.report(r.line->span,
                                 proxy_label(*r.proxy) + " stores responses in cache " + quote(r.line->arg(2)) +
                                     " without excluding those that carry Set-Cookie: HAProxy caches them anyway (it ignores the "
                                     "request Cookie header too), so a backend response that is cacheable (max-age, ETag or "
                                     "Last-Modified) and sets a session cookie is replayed to every client that hits the entry; "
                                     "whether the backend sends such responses is not in this file");
        f.fix_hint = "add 'if !{ res.hdr(set-cookie) -m found }' to the cache-store rule, or 'option checkcache'";
    }
}
CACHELINT_RULE(Config, ids::HAP003, check_set_cookie);

// ---- HAP004 Vary handling ----------------------------------------------------------------------
void check_vary(const Config& c, RuleSink& sink) {
    for (const auto& r : c.cache_rules()) {
        const Cache* cache = r.cache;
        if (!r.store || !cache || !cache->valid || !r.http) continue;
        for (const Line& l : r.proxy->lines) {
            if (&l == r.line) break;
            if (l.conditional || !(l.is("http-response", "set-header") || l.is("http-response", "add-header")) ||
                !iequals(l.arg(2), "vary") || l.words.size() < 4 || l.words[3].env)
                continue;
            if (!cache->process_vary) {
                Finding& f = sink.report(l.span,
                                         "this rule adds a Vary header before 'cache-store " + cache->name + "', but cache " +
                                             quote(cache->name) + " has process-vary off (the default): HAProxy never stores a "
                                             "response that has Vary, so the cache never hits");
                f.related.push_back({r.line->span, "the responses are stored here"});
                f.fix_hint = "add 'process-vary on' to the cache section (HAProxy 2.4+), or move the Vary rule after cache-store";
                continue;
            }
            // process-vary on: HAProxy 2.4/2.6 only know how to vary on Accept-Encoding and Referer; later
            // releases add Origin (not reported there: the first release with it is not pinned down here).
            const bool origin_known = c.version.at_least(2, 8);
            std::string v = to_lower(l.arg(3));
            size_t p = 0;
            while (p <= v.size()) {
                size_t comma = v.find(',', p);
                std::string h = v.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
                h.erase(0, h.find_first_not_of(" \t"));
                h.erase(h.find_last_not_of(" \t") + 1);
                if (!h.empty() && h != "accept-encoding" && h != "referer" && !(origin_known && h == "origin")) {
                    Finding& f = sink.report(l.span,
                                             "responses get 'Vary: " + printable(l.arg(3), 60) + "', but HAProxy " + c.version.name() + " only handles Vary on "
                                             "Accept-Encoding" + (origin_known ? " and Referer (and Origin in recent releases)" : " and Referer") +
                                             ": a response that varies on " + quote(h) +
                                             " is never stored, so cache " + quote(cache->name) + " never hits for it");
                    f.related.push_back({r.line->span, "the responses are stored here"});
                    f.fix_hint = "vary only on Accept-Encoding/Referer, or normalise the header into the URL before cache-use";
                    break;
                }
                if (comma == std::string::npos) break;
                p = comma + 1;
            }
        }
    }
}
CACHELINT_RULE(Config, ids::HAP004, check_vary);

// ---- HAP005 cache size sanity -------------------------------------------------------------------
void check_sizes(const Config& c, RuleSink& sink) {
    for (const Cache& cache : c.caches) {
        const Section& s = c.sections[cache.section];
        if (!cache.valid || s.header.conditional || !cache.total_line) continue;
        if (cache.max_object == 0 && cache.total_mb < 16) {
            const uint64_t limit = cache.total_mb * 1024 * 1024 / 256;
            sink.report(cache.total_line->span,
                        "cache " + quote(cache.name) + " has total-max-size " + std::to_string(cache.total_mb) +
                            " MB and no max-object-size, so the default limit is total/256 = " + std::to_string(limit / 1024) +
                            " KiB: any larger response (most HTML pages, scripts and images) is never cached")
                .fix_hint = "set max-object-size explicitly (at most half of total-max-size), e.g. 'max-object-size " +
                            std::to_string(std::min<uint64_t>(1048576, cache.total_mb * 1024 * 1024 / 2)) + "'";
        }
        if (cache.secondary_line && !cache.process_vary && !cache.secondary_line->conditional) {
            sink.report(cache.secondary_line->span,
                        "max-secondary-entries has no effect on cache " + quote(cache.name) + " because process-vary is off")
                .fix_hint = "remove it, or enable 'process-vary on' if responses vary";
        }
    }
}
CACHELINT_RULE(Config, ids::HAP005, check_sizes);

// ---- HAP006 per-user responses stored -----------------------------------------------------------
// The cache key is Host + URI (src/cache.c sha1_hosturi); the request's Cookie is never part of it. A page
// rendered for one session stays out of the cache only because the backend marks it private/no-store/no-cache
// or gives it no freshness and no validator. Requests with Authorization are neither served from the cache nor
// stored unless the backend itself says `public` (verified on 2.6: an http-response rule setting public does not
// lift that), so only cookie sessions are considered here.
std::string lower_no_set_cookie(std::string_view w) {
    std::string v = to_lower(w);
    for (size_t p; (p = v.find("set-cookie")) != std::string::npos;) v.erase(p, 10);
    return v;
}
// A sample fetch or ACL on the request's cookies: req.cook(x), cook(x), cook_cnt, hdr(cookie), req.fhdr(Cookie), ...
// (res.cook and Set-Cookie are the response's; a bare word "cookie" is the persistence keyword).
bool cookie_word(std::string_view w) {
    // Every pattern below contains "cook", and a word without "cook" has no "set-cookie" to erase either: most
    // words are settled without the lower-cased copy.
    if (!icontains(w, "cook")) return false;
    const std::string v = lower_no_set_cookie(w);
    if (v.find("res.cook") != std::string::npos || v.find("scook") != std::string::npos) return false;
    for (std::string_view k : {"cook(", "cook_", "(cookie)", "(cookie,", "req.cook"})
        if (v.find(k) != std::string::npos) return true;
    return false;
}

// Which proxies share requests and responses (a frontend or listen and the backends it routes to), and
// what each proxy's named ACLs test. Built once per configuration: HAP006 asks for every cache-store, and
// scanning every section for each question made a configuration with many caches quadratic.
class ProxyLinks {
public:
    explicit ProxyLinks(const Config& c) : config_(c) {
        for (const Section& s : c.sections) {
            if (s.kind == SectionKind::frontend || s.kind == SectionKind::listen) {
                for (const Line& l : s.lines)
                    if (l.is("default_backend") || l.is("use_backend")) routed_from_.emplace_back(l.arg(1), &s);
            }
            for (const Line& l : s.lines) {
                if (!l.is("acl") || l.words.size() < 2) continue;
                bool cookie = false;
                for (size_t k = 2; k < l.words.size(); ++k)
                    if (cookie_word(l.arg(k)) || icontains(l.arg(k), "authorization")) cookie = true;
                bool& known = acls_[{&s, l.arg(1)}];
                known = known || cookie;
            }
        }
        // By backend name, each frontend once, in file order (a frontend's routes are read together).
        std::stable_sort(routed_from_.begin(), routed_from_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        routed_from_.erase(std::unique(routed_from_.begin(), routed_from_.end()), routed_from_.end());
    }
    // The proxy itself first, then its backends (a frontend or listen) or the proxies that route to it (a backend).
    void related(const Section& p, std::vector<const Section*>& out) {
        out.assign(1, &p);
        if (p.kind != SectionKind::backend) {
            if (!by_name_built_) {  // only a store in a frontend or listen asks this
                for (const Section& s : config_.sections)
                    if (s.is_proxy() && s.kind != SectionKind::frontend) by_name_.emplace(s.name, &s);  // the first of a name wins
                by_name_built_ = true;
            }
            for (const Line& l : p.lines)
                if ((l.is("default_backend") || l.is("use_backend")) && !l.arg(1).empty()) {
                    auto b = by_name_.find(l.arg(1));
                    if (b != by_name_.end() && std::find(out.begin(), out.end(), b->second) == out.end()) out.push_back(b->second);
                }
        } else {
            auto [from, to] = std::equal_range(routed_from_.begin(), routed_from_.end(), std::make_pair(std::string_view(p.name), nullptr),
                                               [](const auto& a, const auto& b) { return a.first < b.first; });
            for (; from != to; ++from) out.push_back(from->second);
        }
    }
    // The ACL `name` of proxy `s`: not defined there, defined, or defined with a test of the request's cookies
    // or Authorization.
    enum class Acl { none, defined, session };
    Acl acl(const Section* s, std::string_view name) const {
        auto it = acls_.find({s, name});
        return it == acls_.end() ? Acl::none : it->second ? Acl::session : Acl::defined;
    }

private:
    struct AclKeyHash {
        size_t operator()(const std::pair<const Section*, std::string_view>& k) const {
            return std::hash<const Section*>()(k.first) ^ std::hash<std::string_view>()(k.second);
        }
    };
    // Hash maps and a sorted list: a configuration with thousands of proxies asks these for every cache rule.
    const Config& config_;
    std::unordered_map<std::string_view, const Section*> by_name_;          // backends and listens
    bool by_name_built_ = false;
    std::vector<std::pair<std::string_view, const Section*>> routed_from_;  // (backend name, frontend or listen)
    std::unordered_map<std::pair<const Section*, std::string_view>, bool, AclKeyHash> acls_;
};

// What the condition of a rule is about: nothing (unconditional, or only about the response's Set-Cookie,
// HAP003's guard), the request's cookie/authorization (a session bypass), or something else (a scope).
enum class Cond { none, session, other };
Cond condition_of(const Line& l, const std::vector<const Section*>& scope, const ProxyLinks& links) {
    size_t i = 0;
    while (i < l.words.size() && l.arg(i) != "if" && l.arg(i) != "unless") ++i;
    if (i == l.words.size()) return Cond::none;
    Cond out = Cond::none;
    for (++i; i < l.words.size(); ++i) {
        std::string_view w = l.arg(i);
        while (w.starts_with("!")) w.remove_prefix(1);
        if (w.empty() || w == "{" || w == "}" || w == "or" || w == "||" || w == "-m" || w == "found" || w == "-i") continue;
        if (cookie_word(w) || icontains(w, "authorization")) return Cond::session;
        if (icontains(w, "set-cookie")) continue;
        // A named ACL: look at its definition in the proxies that share the request.
        const std::string_view name = w;
        bool acl_cookie = false, acl_found = false;
        for (const Section* s : scope) {
            const auto a = links.acl(s, name);
            acl_found = acl_found || a != ProxyLinks::Acl::none;
            acl_cookie = acl_cookie || a == ProxyLinks::Acl::session;
        }
        if (acl_cookie) return Cond::session;
        if (acl_found || !name.empty()) out = Cond::other;
    }
    return out;
}

// A Cache-Control value that makes a response storable whatever the backend said.
bool storable_cache_control(std::string_view value) {
    const std::string v = to_lower(value);
    if (v.find("private") != std::string::npos || v.find("no-store") != std::string::npos || v.find("no-cache") != std::string::npos)
        return false;
    for (std::string_view name : {"max-age=", "s-maxage="})
        for (size_t p = v.find(name); p != std::string::npos; p = v.find(name, p + 1)) {
            if (name == "max-age=" && p > 0 && v[p - 1] == '-') continue;  // s-maxage
            size_t z = p + name.size();
            while (z < v.size() && v[z] == '0') ++z;
            if (z < v.size() && v[z] >= '1' && v[z] <= '9') return true;
        }
    return v.find("public") != std::string::npos;
}

// Where the requests of these proxies show a session cookie sent to the backend.
const Line* session_evidence(const std::vector<const Section*>& scope) {
    for (const Section* s : scope)  // the Cookie header removed before the backend sees it: no session there
        for (const Line& l : s->lines)
            if (!l.conditional && l.is("http-request", "del-header") && iequals(l.arg(2), "cookie") && l.words.size() == 3)
                return nullptr;
    for (const Section* s : scope)
        for (const Line& l : s->lines) {
            if (l.conditional) continue;
            if (l.is("cookie") && (l.arg(2) == "prefix" || l.arg(2) == "rewrite")) return &l;  // the application's cookie
            if (l.is("cookie")) continue;  // HAProxy's own persistence cookie (insert): not a session
            if (l.is("http-response")) continue;  // response rules see Set-Cookie, not the request's cookies
            for (size_t k = 0; k < l.words.size(); ++k)
                if (cookie_word(l.arg(k))) return &l;
        }
    return nullptr;
}

void check_per_user(const Config& c, RuleSink& sink) {
    std::unordered_set<const Line*> reported;
    const auto& all = c.cache_rules();
    ProxyLinks links(c);
    // proxy -> its cache-use rules, in file order (the cache they name is checked where they are read)
    std::unordered_map<const Section*, std::vector<const Line*>> uses;
    for (const auto& u : all)
        if (!u.store) uses[u.proxy].push_back(u.line);
    // The proxies sharing the store's requests, and where they show a session cookie: asked again only when the
    // proxy changes (a proxy's rules come together in the list).
    const Section* scope_of = nullptr;
    std::vector<const Section*> scope;
    std::optional<const Line*> evidence_of;
    for (const auto& r : all) {
        const Cache* cache = r.cache;
        if (!r.store || !cache || !cache->valid || !r.http) continue;
        if (r.proxy != scope_of) {
            scope_of = r.proxy;
            links.related(*r.proxy, scope);
            evidence_of.reset();
        }
        // A bypass or a scope on the lookups of the same cache in these proxies (skipping cache-use is enough:
        // cache-store needs the key it computes), or a scope on the store. A condition on the store that tests
        // the request's cookie never matches there: HAProxy only warns ("will never match"), and stores.
        Cond cond = Cond::none;
        for (const Section* s : scope)
            if (auto it = uses.find(s); it != uses.end())
                for (const Line* u : it->second) {
                    if (u->arg(2) != r.line->arg(2)) continue;
                    if (Cond k = condition_of(*u, scope, links); k != Cond::none && cond != Cond::session) cond = k;
                }
        const Cond store_cond = condition_of(*r.line, scope, links);
        if (cond != Cond::none || store_cond == Cond::other) continue;
        const bool ineffective = store_cond == Cond::session;
        if (!evidence_of) evidence_of = session_evidence(scope);  // one answer per proxy, however many stores
        const Line* evidence = *evidence_of;
        if (ineffective) {
            if (!reported.insert(r.line).second) continue;
            Finding& f = sink.report(Severity::warning, r.line->span,
                                     "the condition of this 'cache-store' tests the request's cookie or Authorization, which "
                                     "HAProxy cannot see while it processes the response (haproxy -c warns that such an ACL never "
                                     "matches there): responses to logged-in requests are stored under Host + URI like any other "
                                     "and served to the next clients whenever the backend makes them cacheable");
            f.fix_hint = "put the condition on the lookup instead: 'http-request cache-use " + cache->name +
                         " unless { req.cook(<session>) -m found }' (without the key it computes, nothing is stored)";
            continue;
        }
        // Rules that rewrite Cache-Control before this store: the proxy's own earlier ones, and, for a
        // frontend's store, every rule of its backends (backend http-response rules run first).
        const Line* override = nullptr;
        for (const Section* s : scope) {
            if (s != r.proxy && !(r.proxy->kind != SectionKind::backend && s->kind == SectionKind::backend)) continue;
            for (const Line& l : s->lines) {
                if (&l == r.line) break;
                // (only response rules can override; their condition is read last, being the dearest question)
                if (l.conditional || !l.is("http-response") || condition_of(l, scope, links) != Cond::none) continue;
                // del-header Cache-Control drops private/no-store; del-header Vary drops `Vary: Cookie`, which
                // otherwise keeps such responses out of the cache (verified on 2.6).
                if (l.is("http-response", "del-header") && (iequals(l.arg(2), "cache-control") || iequals(l.arg(2), "vary")))
                    override = &l;
                else if (l.is("http-response", "set-header") && iequals(l.arg(2), "cache-control") && l.words.size() >= 4 &&
                         !l.words[3].env && storable_cache_control(l.arg(3)))
                    override = &l;
            }
        }
        if (override) {
            if (!reported.insert(override).second) continue;
            const bool vary = iequals(override->arg(2), "vary");
            std::string msg = (override->is("http-response", "del-header")
                                   ? std::string("this rule removes the backend's ") + (vary ? "Vary" : "Cache-Control")
                                   : "this rule replaces the backend's Cache-Control with " + quote(override->arg(3))) +
                              " before 'cache-store " + cache->name + "': responses the backend marked " +
                              (vary ? "'Vary: Cookie' (never stored while they have it)" : "private or no-store") +
                              " are stored, and the cache key is Host + URI only (the request's Cookie is not part of it), so a "
                              "page rendered for one session is served to the next clients";
            if (evidence) {
                Finding& f = sink.report(Severity::warning, override->span,
                                         msg + "; the requests of " + proxy_label(*r.proxy) + " carry session cookies");
                f.related.push_back({r.line->span, "the responses are stored here"});
                f.related.push_back({evidence->span, "requests carry a session cookie"});
                f.fix_hint = "set Cache-Control only for static content (add a condition such as 'if { var(txn.path) -m end .css .js }'), "
                             "or skip the cache for requests with the session cookie: 'http-request cache-use " + cache->name +
                             " unless { req.cook(<session>) -m found }' (without the key it computes, nothing is stored)";
            } else {
                Finding& f = sink.report(Severity::note, override->span,
                                         msg + " (whether the backend serves per-user pages on these URLs is not in this file)");
                f.related.push_back({r.line->span, "the responses are stored here"});
                f.fix_hint = "set Cache-Control only for static content, or leave it to the backend";
            }
        } else if (evidence) {
            if (!reported.insert(r.line).second) continue;
            Finding& f = sink.report(Severity::note, r.line->span,
                                     proxy_label(*r.proxy) + " stores responses in cache " + quote(cache->name) +
                                         " for requests that carry a session cookie, under a key of Host + URI only: a per-user page is "
                                         "served to every client unless the backend marks it private, no-store or no-cache (what the "
                                         "backend sends is not in this file)");
            f.related.push_back({evidence->span, "requests carry a session cookie"});
            f.fix_hint = "skip the cache for logged-in requests: 'http-request cache-use " + cache->name +
                         " unless { req.cook(<session>) -m found }' (without the key it computes, nothing is stored)";
        }
    }
}
CACHELINT_RULE(Config, ids::HAP006, check_per_user);

}  // namespace
}  // namespace cachelint::haproxy
