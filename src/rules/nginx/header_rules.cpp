// Response-header rules: the add_header inheritance trap and Cache-Control contradictions.
#include <algorithm>

#include "core/text.hpp"
#include "core/rule_ids.hpp"
#include "rules/nginx/common.hpp"

namespace cachelint::nginx::rules {
namespace {

bool http_level(const Node& n) { return n.block && (n.ctx & (kSrv | kLoc | kLif | kSif)) && !(n.ctx & kUnknown); }

bool important(std::string_view h) {
    static const std::string_view names[] = {"cache-control", "expires", "vary", "surrogate-control", "cdn-cache-control",
                                             "strict-transport-security", "content-security-policy"};
    for (auto n : names)
        if (iequals(h, n)) return true;
    return false;
}

// Cache-Control directives, lower case, without values: "public, max-age=60" -> {public, max-age}.
std::vector<std::string> cc_tokens(std::string_view v) {
    std::vector<std::string> out;
    std::string cur;
    for (size_t i = 0; i <= v.size(); ++i) {
        const char c = i < v.size() ? v[i] : ',';
        if (c == ',' || c == ' ' || c == ';') {
            if (!cur.empty()) out.push_back(to_lower(cur.substr(0, cur.find('='))));
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

// The max-age=N of a Cache-Control value, -1 when absent or not a number.
int64_t cc_max_age(std::string_view v) {
    const std::string l = to_lower(v);
    for (size_t p = l.find("max-age="); p != std::string::npos; p = l.find("max-age=", p + 1)) {
        if (p > 0 && (std::isalnum(static_cast<unsigned char>(l[p - 1])) || l[p - 1] == '-')) continue;  // s-maxage is no max-age
        size_t e = p + 8;
        int64_t n = 0;
        bool digits = false;
        while (e < l.size() && l[e] >= '0' && l[e] <= '9') n = n * 10 + (l[e++] - '0'), digits = true;
        if (digits) return n;
    }
    return -1;
}

void ngx022(const Config& cfg, RuleSink& sink) {
    // Harmless losses (notes) of the same inherited headers in several blocks of one file are one root
    // cause: one note, at the first block, naming the others.
    struct Harmless {
        int first;
        std::vector<int> lost, more;
        std::string block;
    };
    std::vector<Harmless> harmless;
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        const Node& n = cfg[b];
        if (!http_level(n) && !(n.block && n.name == "location")) continue;
        const auto& mine = cfg.here(b, "add_header");
        if (mine.empty() || n.parent < 0) continue;
        const auto& inherited = cfg.effective(n.parent, "add_header");
        if (inherited.empty()) continue;
        std::vector<int> lost;
        bool severe = false;
        // The block proxies someone else's public resource, which carries its own Cache-Control: the
        // parent's cache policy was about the site's own responses.
        const bool external = n.name == "location" && !cfg.here(b, "proxy_pass").empty() && external_upstream(cfg, b);
        const bool passes = [&] {  // the block hands requests to an upstream whose own Cache-Control reaches the client
            for (auto d : {"proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass"})
                if (!cfg.here(b, d).empty()) return true;
            return false;
        }();
        const auto& exp = cfg.effective(b, "expires");
        const bool expires_on = !exp.empty() && cfg[exp.back()].arg(0) != "off";
        for (int p : inherited) {
            bool redefined = false;
            for (int m : mine) redefined = redefined || iequals(cfg[m].arg(0), cfg[p].arg(0));
            if (redefined) continue;
            lost.push_back(p);
            // A value that is one variable (h5bp's `add_header Cache-Control $cache_control;` fed by a map)
            // may be empty for what this block serves, and an empty add_header sends nothing: not severe.
            const std::string_view v = cfg[p].arg(1);
            const bool computed = v.starts_with("$") && vars_in(v).size() == 1 && v.find_first_of(" ,;") == std::string_view::npos;
            const std::string_view h = cfg[p].arg(0);
            bool matters = important(h) && !computed;
            // HSTS dropped in one location: browsers learn it from every other response of the server.
            if (iequals(h, "Strict-Transport-Security") && n.name == "location") matters = false;
            if (iequals(h, "Cache-Control") || iequals(h, "Expires")) {
                // `expires` still inherited here sends max-age; what is lost is only public/immutable.
                bool only_hints = true;
                for (const auto& t : cc_tokens(v)) only_hints = only_hints && (t == "public" || t == "immutable" || t == "no-transform");
                if ((only_hints && (expires_on || passes)) || external) matters = false;
            }
            severe = severe || matters;
        }
        if (lost.empty()) continue;
        if (!severe) {
            auto same = std::find_if(harmless.begin(), harmless.end(), [&](const Harmless& g) {
                return g.lost == lost && cfg[g.first].span.file == cfg[mine.front()].span.file;
            });
            if (same != harmless.end()) same->more.push_back(mine.front());
            else harmless.push_back({mine.front(), lost, {}, std::string(n.name)});
            continue;
        }
        std::string names;
        for (int p : lost) names += (names.empty() ? "" : ", ") + std::string(cfg[p].arg(0));
        Finding& f = sink.report(severe ? Severity::warning : Severity::note, cfg[mine.front()].span,
                                 "this add_header makes the " + std::string(n.name) + " block drop every inherited add_header: " +
                                     names + " no longer sent here (nginx inherits add_header only into levels with none of their own)");
        for (int p : lost) f.related.push_back({cfg[p].span, "inherited header dropped"});
        f.fix_hint = "repeat the inherited add_header lines in this block (an include file keeps them in one place)";
    }
    for (const auto& g : harmless) {
        std::string names;
        for (int p : g.lost) names += (names.empty() ? "" : ", ") + std::string(cfg[p].arg(0));
        std::string more;
        if (!g.more.empty()) {
            more = ", nor in " + std::to_string(g.more.size()) + " more block" + (g.more.size() > 1 ? "s" : "") + " of this file (line" +
                   (g.more.size() > 1 ? "s " : " ");
            for (size_t k = 0; k < g.more.size() && k < 5; ++k)
                more += (k ? ", " : "") + std::to_string(cfg[g.more[k]].span.file->position(cfg[g.more[k]].span.begin).line);
            more += std::string(g.more.size() > 5 ? ", ..." : "") + ")";
        }
        Finding& f = sink.report(Severity::note, cfg[g.first].span,
                                 "this add_header makes the " + g.block + " block drop every inherited add_header: " + names +
                                     " no longer sent here" + more + (more.empty() ? " (" : "; ") +
                                     "nginx inherits add_header only into levels with none of their own" + (more.empty() ? ")" : ""));
        for (int p : g.lost) f.related.push_back({cfg[p].span, "inherited header dropped"});
        f.fix_hint = "repeat the inherited add_header lines in this block (an include file keeps them in one place)";
    }
}

// What `expires` puts into Cache-Control (ngx_http_headers_filter_module.c, ngx_http_set_expires):
// "max-age=N" for a time (max: 10 years), "no-cache" for epoch or a negative time; -2 = computed per
// request (a variable, @time, modified).
int64_t expires_max_age(const Node& e) {
    std::string_view v = e.arg(e.args.size() - 1);
    if (e.args.size() == 2 || v.find('$') != std::string_view::npos || v.starts_with("@")) return -2;
    if (v == "epoch") return -1;
    if (v == "max") return 315360000;
    const bool negative = v.starts_with("-");
    if (negative || v.starts_with("+")) v.remove_prefix(1);
    auto t = parse_time(v, true);
    if (!t) return -2;
    return negative && *t > 0 ? -1 : *t;
}

// NGX023: expires and add_header Cache-Control both set Cache-Control, so responses carry two header
// lines, which caches read as one comma-joined list (RFC 9111 section 5.2). Repeating hints (public,
// immutable) is harmless; a conflict is not: no-store/no-cache beside a positive expires, or two
// different max-age values, which caches resolve differently.
void ngx023(const Config& cfg, RuleSink& sink) {
    std::set<int> seen;
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        const Node& n = cfg[b];
        if (!http_level(n)) continue;
        const auto& exp = cfg.effective(b, "expires");
        if (exp.empty()) continue;
        const Node& e = cfg[exp.back()];
        if (e.arg(0) == "off") continue;
        const int64_t age = expires_max_age(e);
        if (age == -2) continue;  // computed per request
        for (int h : cfg.effective(b, "add_header")) {
            if (!iequals(cfg[h].arg(0), "Cache-Control") || cfg[h].arg(1).empty()) continue;
            const std::string_view v = cfg[h].arg(1);
            if (v.find('$') != std::string_view::npos) continue;  // computed per request
            if (!seen.insert(h).second) continue;
            const auto tokens = cc_tokens(v);
            auto has = [&](std::string_view t) { return std::find(tokens.begin(), tokens.end(), t) != tokens.end(); };
            const int64_t other = cc_max_age(v);
            std::string conflict;
            if (age > 0 && (has("no-store") || has("no-cache")))
                conflict = std::string(has("no-store") ? "no-store" : "no-cache") + " beside `expires`'s max-age=" + std::to_string(age);
            else if (age == -1 && other > 0)
                conflict = "max-age=" + std::to_string(other) + " beside `expires`'s no-cache";
            else if (age >= 0 && other >= 0 && other != age)
                conflict = "max-age=" + std::to_string(other) + " beside `expires`'s max-age=" + std::to_string(age);
            // Two headers that agree (public or immutable beside expires's max-age) are read as one list
            // with the same meaning: nothing to report.
            if (conflict.empty()) continue;
            Finding& f = sink.report(Severity::warning, cfg[h].span,
                                     "add_header Cache-Control " + quote(v) + " together with `expires " + std::string(e.arg(0)) +
                                         "`: responses carry two Cache-Control headers that contradict each other (" + conflict +
                                         "), which browsers and CDNs resolve differently");
            f.related.push_back({e.span, "expires also sets Cache-Control"});
            f.fix_hint = "use one of them: drop expires, or put the extra directives into the single add_header";
        }
    }
}

// NGX027: `add_header Cache-Control public` (or s-maxage) where nginx authenticates the request. RFC 9111
// section 3.5 lets a shared cache store and reuse a response to a request with Authorization only when
// the response says public, s-maxage or must-revalidate: this header invites a CDN or proxy in front to
// store one user's page and serve it to anyone who asks for the URL.
void ngx027(const Config& cfg, RuleSink& sink) {
    std::set<int> seen;
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const int b = static_cast<int>(i);
        const Node& n = cfg[b];
        if (!n.block || n.entry || !(n.name == "location" || n.name == "server" || n.name == "if")) continue;
        int auth = -1;
        for (auto d : {"auth_basic", "auth_request", "auth_jwt"}) {
            const auto& occ = cfg.effective(b, d);
            if (!occ.empty() && cfg[occ.back()].arg(0) != "off") auth = occ.back();
        }
        if (auth < 0) continue;
        for (int h : cfg.effective(b, "add_header")) {
            if (!iequals(cfg[h].arg(0), "Cache-Control") || seen.count(h)) continue;
            const auto tokens = cc_tokens(cfg[h].arg(1));
            auto has = [&](std::string_view t) { return std::find(tokens.begin(), tokens.end(), t) != tokens.end(); };
            if (has("private") || has("no-store")) continue;
            const bool smax = has("s-maxage");
            if (!has("public") && !smax) continue;
            // A shared cache in front is what stores it: addressed to one explicitly (s-maxage), or the file
            // shows it trusts a proxy/CDN's client address.
            const bool front = smax || !cfg.effective(b, "set_real_ip_from").empty() || !cfg.effective(b, "real_ip_header").empty();
            seen.insert(h);
            Finding& f = sink.report(front ? Severity::warning : Severity::note, cfg[h].span,
                "add_header Cache-Control " + quote(cfg[h].arg(1)) + " on responses that nginx serves only after " +
                    std::string(cfg[auth].name) + ": " + (smax ? "s-maxage" : "public") +
                    " lets a shared cache (CDN, proxy) store one user's authenticated response and serve it to anyone "
                    "requesting the URL (RFC 9111 section 3.5)" +
                    (front ? std::string(smax ? "" : "; this server trusts a proxy/CDN in front (set_real_ip_from/real_ip_header)")
                           : std::string("; whether a shared cache sits in front of this server is not shown")));
            f.related.push_back({cfg[auth].span, "authentication configured here"});
            f.fix_hint = "send Cache-Control: private (or no-store) for authenticated responses";
        }
    }
}

CACHELINT_RULE(Config, ids::NGX022, ngx022);
CACHELINT_RULE(Config, ids::NGX027, ngx027);
CACHELINT_RULE(Config, ids::NGX023, ngx023);

}  // namespace
}  // namespace cachelint::nginx::rules
