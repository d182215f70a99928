// Rules about who can reach cache machinery, and about variables read before they have a value.
#include <map>

#include "core/text.hpp"
#include "core/rule_ids.hpp"
#include "rules/nginx/common.hpp"

namespace cachelint::nginx::rules {
namespace {

int enclosing_location(const Config& cfg, int b) {
    for (; b >= 0; b = cfg[b].parent) {
        const Node& n = cfg[b];
        if (n.block && n.name == "location") return b;
        if (!(n.block && (n.name == "if" || n.name == "limit_except"))) return -1;
    }
    return -1;
}

// The access module's rules are one array: the nearest level with any allow/deny supplies all of them.
bool denies(const Config& cfg, int block) {
    for (int b = block; b >= 0; b = cfg[b].parent) {
        const auto& allow = cfg.here(b, "allow"), deny = cfg.here(b, "deny");
        if (allow.empty() && deny.empty()) continue;
        return !deny.empty();
    }
    return false;
}

bool on(const Config& cfg, int block, std::string_view name) {
    const auto& occ = cfg.effective(block, name);
    return !occ.empty() && cfg[occ.back()].arg(0) != "off";
}

// Something in the location itself restricts who gets through: an `if` that answers by itself on
// something about the client (address, token, header, cookie; a test of the method alone restricts
// nobody), an access list under limit_except, secure_link.
bool own_check(const Config& cfg, int loc) {
    std::vector<int> todo(cfg[loc].children.begin(), cfg[loc].children.end());
    while (!todo.empty()) {
        const Node& n = cfg[todo.back()];
        todo.pop_back();
        if (n.entry) continue;
        if (n.name == "secure_link" || n.name == "deny") return true;
        if (n.block && n.name == "if") {
            std::set<std::string> tested;
            for (const auto& a : n.args) for (auto& v : vars_in(a.value)) tested.insert(v);
            tested.erase("request_method");
            if (!tested.empty())
                for (int c : n.children)
                    if (cfg[c].name == "return" || cfg[c].name == "deny") return true;
        }
        todo.insert(todo.end(), n.children.begin(), n.children.end());
    }
    return false;
}

// The server only listens on loopback or a unix socket: only local clients reach it.
bool local_only(const Config& cfg, int server) {
    if (server < 0) return false;
    const auto& listens = cfg.here(server, "listen");
    if (listens.empty()) return false;
    for (int l : listens) {
        const std::string_view a = cfg[l].arg(0);
        if (!(a.starts_with("127.") || a.starts_with("localhost") || a.starts_with("[::1]") || a.starts_with("unix:"))) return false;
    }
    return true;
}

// A variable a `geo` block defines (from the client address).
bool geo_defined(const Config& cfg, const std::set<std::string>& vars) {
    for (const Node& n : cfg.nodes) {
        if (!n.block || n.name != "geo" || n.args.empty()) continue;
        for (auto& v : vars_in(n.args.back().value))
            if (vars.count(v)) return true;
    }
    return false;
}

// NGX025: a cache purge endpoint (ngx_cache_purge's `X_cache_purge zone key` location, its
// `X_cache_purge PURGE from all`, or NGINX Plus's `X_cache_purge $var`) that nothing restricts.
void ngx025(const Config& cfg, RuleSink& sink) {
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const Node& n = cfg.nodes[i];
        if (n.entry || n.block || n.args.empty()) continue;
        const bool purge = module_of(n.name, "_cache_purge") != nullptr;
        if (!purge || n.arg(0) == "off") continue;
        const int at = n.parent;
        std::string form;
        if (n.args.size() == 1 && n.arg(0).starts_with("$")) {
            // NGINX Plus: purges when the variable is non-empty and not "0". A geo or an address test behind it is a guard.
            const auto src = with_sources(cfg, carried_sources(cfg, vars_in(n.arg(0))));
            if (geo_defined(cfg, src) || has_var(src, {"remote_addr", "binary_remote_addr", "realip_remote_addr"}) ||
                has_var_prefix(src, "cookie_") || has_var_prefix(src, "arg_") || has_var(src, {"http_authorization"}))
                continue;
            form = "purges whenever " + std::string(n.arg(0)) + " is set";
        } else if (n.args.size() == 2 && n.arg(1) != "purge_all" && n.arg(1) != "from") {
            form = "is a purge endpoint (ngx_cache_purge)";
        } else {
            // ngx_cache_purge's same-location syntax: `from` lists who may purge.
            bool from = false, all = false;
            for (const auto& a : n.args) {
                if (a.value == "from") from = true;
                else if (from && a.value == "all") all = true;
            }
            if (!from || !all) continue;  // addresses listed; without `from` the module's own default applies
            form = "accepts " + std::string(n.arg(0)) + " requests from all addresses";
        }
        if (denies(cfg, at) || on(cfg, at, "auth_basic") || on(cfg, at, "auth_request") || on(cfg, at, "auth_jwt")) continue;
        const int loc = enclosing_location(cfg, at);
        if (loc >= 0 && (!cfg.here(loc, "internal").empty() || own_check(cfg, loc))) continue;
        const int server = cfg.enclosing_server(at);
        if (local_only(cfg, server)) continue;
        bool unknown = false;  // an include inside the location that was not read may hold the guard
        if (loc >= 0) in_subtree(cfg, loc, "allow", &unknown);
        if (unknown) continue;
        const bool unseen = server < 0 && cfg.fragment;  // the server this fragment goes into is not shown
        sink.report(n.span,
                    std::string(n.name) + " " + form + ", and no allow/deny, auth_basic, auth_request, internal or own check "
                    "restricts it" + (unseen ? " (the server including this fragment is not shown; an allow/deny there would restrict the whole site)" : "") +
                    ": any client can evict cached pages at will and keep the cache cold, sending every request to the backend")
            .fix_hint = "restrict it: allow 127.0.0.1; allow <your admin network>; deny all;";
    }
}

// Response variables: they have a value only once a response exists (after the content phase).
bool response_var(const std::string& v) {
    return v.starts_with("sent_http_") || v.starts_with("sent_trailer_") || v.starts_with("upstream_http_") ||
           v.starts_with("upstream_trailer_") || v.starts_with("upstream_cookie_") || v == "upstream_cache_status" ||
           v == "upstream_status";
}

// `vars` plus the sources of the maps they name (a map is computed when read, so reading it in the
// rewrite phase reads its source then).
std::set<std::string> through_maps(const Config& cfg, std::set<std::string> vars) {
    return closure(cfg.var_deps().mapped, std::move(vars));
}

// NGX026: `if`/`set` (the rewrite module runs in the rewrite phase, before the request is handed to
// the upstream) reading $sent_http_*/$upstream_*: empty then, so the condition never holds (or always,
// negated) and the set variable is empty. Only in a location reached directly: an internal redirect
// after a response (error_page to a named location, X-Accel-Redirect to an internal one) keeps the
// upstream's values, and those locations are named or internal by convention.
void ngx026(const Config& cfg, RuleSink& sink) {
    for (size_t i = 0; i < cfg.nodes.size(); ++i) {
        const Node& n = cfg.nodes[i];
        if (n.entry || n.args.empty()) continue;
        const bool is_if = n.block && n.name == "if";
        const bool is_set = !n.block && n.name == "set" && n.args.size() >= 2;
        if (!is_if && !is_set) continue;
        const int loc = enclosing_location(cfg, n.parent);
        if (loc < 0) {
            // A fragment's own top level is the location it is included into; the server level runs again
            // after every internal redirect.
            if (!(cfg.fragment && n.parent == 0)) continue;
        } else {
            if (cfg[loc].arg(0).starts_with("@") || !cfg.here(loc, "internal").empty()) continue;
        }
        std::set<std::string> read;
        if (is_if)
            for (const auto& a : n.args) for (auto& v : vars_in(a.value)) read.insert(v);
        else
            read = vars_in(n.arg(1));
        std::string hit;
        for (const auto& v : through_maps(cfg, read))
            if (response_var(v)) {
                hit = v;
                break;
            }
        if (hit.empty()) continue;
        std::string via;  // the map (or maps) between the directive and the response variable
        for (const auto& v : read)
            if (!response_var(v) && through_maps(cfg, {v}).count(hit)) via = v;
        const std::string what = "$" + hit;
        std::string msg = std::string(is_if ? "`if` tests " : "`set` copies ") + (via.empty() ? what : "$" + via + ", a map of " + what + ",") +
                          " in the rewrite phase, before any response exists: " + what + " is always empty there, so ";
        if (is_if)
            msg += via.empty() ? "the test never matches (negated, it always does), whatever the response says"
                               : "the map always yields its value for an empty string and the test never depends on the response";
        else
            msg += via.empty() ? "the variable stays empty whatever the response says"
                               : "the variable always gets the map's value for an empty string";
        sink.report(n.span, msg)
            .fix_hint = "decide on response headers where they exist: map the variable and use it in add_header, "
                        "or make the backend send X-Accel-Expires / Cache-Control: no-store for such responses";
    }
}

CACHELINT_RULE(Config, ids::NGX025, ngx025);
CACHELINT_RULE(Config, ids::NGX026, ngx026);

}  // namespace
}  // namespace cachelint::nginx::rules
