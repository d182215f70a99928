#include "rules/nginx/common.hpp"

#include <map>
#include <memory>
#include <optional>

#include <re2/re2.h>

#include "core/text.hpp"

namespace cachelint::nginx::rules {

std::string quote(std::string_view s) { return "'" + printable(s, 80) + "'"; }

bool has_var(const std::set<std::string>& vars, std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (vars.count(std::string(n))) return true;
    return false;
}

bool has_var_prefix(const std::set<std::string>& vars, std::string_view prefix) {
    for (const auto& v : vars)
        if (v.starts_with(prefix)) return true;
    return false;
}

std::set<std::string> closure(const std::map<std::string, std::set<std::string>>& deps, std::set<std::string> vars) {
    std::vector<std::string> todo(vars.begin(), vars.end());
    while (!todo.empty()) {
        const std::string v = todo.back();
        todo.pop_back();
        auto it = deps.find(v);
        if (it == deps.end()) continue;
        for (const auto& s : it->second)
            if (vars.insert(s).second) todo.push_back(s);
    }
    return vars;
}

std::set<std::string> with_sources(const Config& cfg, std::set<std::string> vars) {
    return closure(cfg.var_deps().computed, std::move(vars));
}

std::set<std::string> carried_sources(const Config& cfg, std::set<std::string> vars) {
    return closure(cfg.var_deps().carried, std::move(vars));
}

bool in_subtree(const Config& cfg, int block, std::string_view name, bool* unknown) {
    std::vector<int> todo(cfg[block].children.begin(), cfg[block].children.end());
    while (!todo.empty()) {
        const int i = todo.back();
        todo.pop_back();
        const Node& n = cfg[i];
        if (n.entry) continue;
        if (n.name == name) return true;
        if (n.unresolved && unknown) *unknown = true;
        todo.insert(todo.end(), n.children.begin(), n.children.end());
    }
    return false;
}

std::set<std::string> guard_vars(const Config& cfg, const CachedLocation& cl, std::initializer_list<std::string_view> suffixes) {
    std::set<std::string> out;
    for (auto suffix : suffixes)
        for (int n : cfg.effective(cl.block, Config::directive(*cl.module, suffix)))
            for (const auto& a : cfg[n].args) for (auto& v : vars_in(a.value)) out.insert(v);
    return with_sources(cfg, std::move(out));
}

bool per_user(const std::set<std::string>& vars) {
    return has_var_prefix(vars, "cookie_") || has_var(vars, {"http_cookie", "http_authorization", "remote_user"});
}

bool external_or_internal(const Config& cfg, const CachedLocation& cl) {
    for (int b = cl.block; b >= 0; b = cfg[b].parent)
        if (cfg[b].name == "location" && !cfg.here(b, "internal").empty()) return true;
    return cl.module == &kCacheModules[0] && external_upstream(cfg, cl.block);
}

bool external_upstream(const Config& cfg, int block) {
    const auto& pass = cfg.effective(block, "proxy_pass");
    if (pass.empty()) return false;
    std::string_view url = cfg[pass.back()].arg(0);
    if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
    url.remove_prefix(url.find("://") + 3);
    const std::string_view host = url.substr(0, url.find_first_of(":/"));
    // A public DNS name with a dot, not a variable or an upstream{} name: somebody else's public resource.
    if (host.find('$') != std::string_view::npos || host.find('.') == std::string_view::npos) return false;
    if (host.find_first_not_of("0123456789.") == std::string_view::npos) return false;  // an IP: the own backend
    for (const auto& z : {"localhost", ".local", ".internal", ".svc", ".lan"})
        if (host.ends_with(z)) return false;
    // Forwarding the client's Host means the upstream serves this site under its public name: the own
    // backend, not someone else's resource.
    for (int h : cfg.effective(block, "proxy_set_header"))
        if (iequals(cfg[h].arg(0), "Host") && cfg[h].arg(1).find('$') != std::string_view::npos) return false;
    return true;
}

Flags flags(const Config& cfg, int block, std::string_view name) {
    std::vector<std::string_view> out;
    for (int n : cfg.effective(block, name))
        for (const auto& a : cfg[n].args)
            if (!iequals(a.value, "off")) out.push_back(a.value);
    return Flags(std::move(out));
}

bool Flags::has(std::string_view flag) const {
    for (auto a : args_)
        if (iequals(a, flag)) return true;
    return false;
}

bool flag_on(const Config& cfg, int block, std::string_view name, bool dflt) {
    const auto& occ = cfg.effective(block, name);
    if (occ.empty()) return dflt;
    return iequals(cfg[occ.back()].arg(0), "on");
}

std::optional<bool> regex_search(std::string_view re, bool icase, std::string_view subject) {
    // Compiled once per thread: the same few location regexes are asked about many sample paths.
    thread_local std::map<std::pair<std::string, bool>, std::unique_ptr<RE2>> cache;
    auto key = std::make_pair(std::string(re), icase);
    auto it = cache.find(key);
    if (it == cache.end()) {
        // PCRE's (?<name>...) is RE2's (?P<name>...); lookbehind (?<= (?<! stays and fails to compile.
        std::string pattern;
        for (size_t i = 0; i < re.size(); ++i) {
            pattern += re[i];
            if (re[i] == '\\' && i + 1 < re.size()) {
                pattern += re[++i];
                continue;
            }
            if (re.substr(i).starts_with("(?<") && i + 3 < re.size() && re[i + 3] != '=' && re[i + 3] != '!') {
                pattern += "?P<";
                i += 2;
            }
        }
        RE2::Options o;
        o.set_log_errors(false);
        o.set_case_sensitive(!icase);
        o.set_encoding(RE2::Options::EncodingLatin1);  // nginx's PCRE matches bytes (no UTF-8 flag)
        auto compiled = std::make_unique<RE2>(pattern, o);
        it = cache.emplace(std::move(key), compiled->ok() ? std::move(compiled) : nullptr).first;
    }
    if (!it->second) return std::nullopt;
    return RE2::PartialMatch(re2::StringPiece(subject.data(), subject.size()), *it->second);
}

namespace {
// URLs of pages an application renders (per user or not) and of assets, to ask a regex location which
// kind it serves.
constexpr std::string_view kPageSamples[] = {"/", "/index.php", "/blog/hello-world/", "/my-account/", "/account",
                                             "/wp-admin/", "/wp-login.php", "/cart/", "/checkout/", "/dashboard",
                                             "/profile", "/api/user", "/admin/", "/login"};
constexpr std::string_view kAssetSamples[] = {"/static/app.css", "/assets/app.js", "/img/logo.png", "/images/a.jpg",
                                              "/favicon.ico", "/fonts/a.woff2", "/media/clip.mp4", "/robots.txt",
                                              "/wp-content/uploads/2020/01/photo.jpeg", "/js/app.min.js", "/css/site.css",
                                              "/icons/logo.svg", "/img/a.gif", "/img/a.webp"};

bool static_markers(std::string_view pattern) {
    const std::string m = to_lower(pattern);
    static const std::string_view markers[] = {"/static", "/assets", "/media", "/_next/static", "/images", "/img",
                                               "/fonts", "/css", "/js", "\\.(", ".css", ".js", ".png", ".jpg",
                                               ".svg", ".woff", ".ico", "|css", "|js", "|png", "|jpe?g", "|woff",
                                               "|svg", "|gif", "|ico", "robots.txt"};
    for (auto mk : markers)
        if (m.find(mk) != std::string::npos) return true;
    return false;
}
}  // namespace

std::optional<bool> location_regex_static(std::string_view re, bool icase) {
    bool asset = false;
    for (auto p : kPageSamples) {
        auto m = regex_search(re, icase, p);
        if (!m) return std::nullopt;
        if (*m) return false;  // it also serves pages
    }
    for (auto a : kAssetSamples) {
        auto m = regex_search(re, icase, a);
        if (!m) return std::nullopt;
        asset = asset || *m;
    }
    if (!asset) return std::nullopt;  // neither pages nor the sample assets (`\.(csv|json)$`): undecided
    return true;
}

std::optional<int> select_location(const Config& cfg, int server, std::string_view uri) {
    // ngx_http_core_find_location: an exact match wins; else the longest matching prefix, final if ^~;
    // else the first regex (in order) that matches; else that prefix. Nested locations are not followed.
    int best = -1;
    size_t best_len = 0;
    bool best_final = false;
    std::vector<int> regexes;
    for (int c : cfg.here(server, "location")) {
        const Node& l = cfg[c];
        if (!l.block || l.args.empty()) continue;
        const std::string_view op = l.args.size() >= 2 ? l.arg(0) : std::string_view{};
        const std::string_view pat = l.args.back().value;
        if (op == "~" || op == "~*") {
            regexes.push_back(c);
        } else if (op == "=") {
            if (pat == uri) return c;
        } else if (op.empty() || op == "^~") {
            if (pat.starts_with("@")) continue;
            if (uri.starts_with(pat) && (best < 0 || pat.size() > best_len)) {
                best = c, best_len = pat.size(), best_final = op == "^~";
            }
        }
    }
    if (best_final) return best;
    for (int c : regexes) {
        auto m = regex_search(cfg[c].args.back().value, cfg[c].arg(0) == "~*", uri);
        if (!m) return std::nullopt;
        if (*m) return c;
    }
    return best;
}

std::optional<int> serving_location(const Config& cfg, int server, std::string_view uri, bool* redirected) {
    auto sel = select_location(cfg, server, uri);
    if (!sel || *sel < 0) return sel;
    // No handler of its own but a try_files fallback (WordPress's `try_files $uri $uri/ /index.php?$args`):
    // a page that is no file goes to the fallback's location.
    bool passes = false;
    for (const auto& m : kCacheModules) passes = passes || !cfg.here(*sel, Config::directive(m, "_pass")).empty();
    const auto& tf = cfg.effective(*sel, "try_files");
    if (passes || tf.empty() || cfg[tf.back()].args.size() < 2) return sel;
    std::string_view last = cfg[tf.back()].args.back().value;
    if (last.starts_with("=")) return sel;
    if (redirected) *redirected = true;
    if (last.starts_with("@")) {
        for (int c : cfg.here(server, "location"))
            if (cfg[c].args.size() == 1 && cfg[c].arg(0) == last) return c;
        return -1;
    }
    last = last.substr(0, last.find('?'));
    if (last.find('$') != std::string_view::npos) return std::nullopt;
    return select_location(cfg, server, last);
}

std::optional<bool> path_guarded(const Config& cfg, const std::set<std::string>& guard_names, std::string_view uri,
                                 bool request_uri_only) {
    const std::set<std::string> uri_vars = request_uri_only ? std::set<std::string>{"request_uri"}
                                                            : std::set<std::string>{"request_uri", "uri", "document_uri"};
    bool unknown = false;
    for (const Node& n : cfg.nodes) {
        if (n.entry) continue;
        // if ($request_uri ~* "/wp-admin/|/cart/") { set $skip_cache 1; }
        // The condition as ngx_http_rewrite_if_condition reads it: "(" and ")" stuck to (or standing
        // beside) the first and last words are not part of it.
        std::vector<std::string_view> cond;
        if (n.block && n.name == "if")
            for (size_t i = 0; i < n.args.size(); ++i) {
                std::string_view w = n.args[i].value;
                if (i == 0 && !n.args[i].quoted && w.starts_with("(")) w.remove_prefix(1);
                if (i + 1 == n.args.size() && !n.args[i].quoted && w.ends_with(")")) w.remove_suffix(1);
                if (!w.empty() || n.args[i].quoted) cond.push_back(w);
            }
        if (cond.size() == 3 && (cond[1] == "~" || cond[1] == "~*")) {
            auto lhs = vars_in(cond[0]);
            if (lhs.size() != 1 || !uri_vars.count(*lhs.begin())) continue;
            bool sets = false;
            for (int c : n.children) {
                const Node& d = cfg[c];
                if (d.name != "set" || d.args.size() < 2 || d.arg(1) == "0" || d.arg(1).empty()) continue;
                for (auto& v : vars_in(d.arg(0))) sets = sets || guard_names.count(v);
            }
            if (!sets) continue;
            auto m = regex_search(cond[2], cond[1] == "~*", uri);
            if (!m) unknown = true;
            else if (*m) return true;
        }
        // map $request_uri $skip_cache { ~*/my-account 1; default 0; }
        if (n.block && n.name == "map" && n.args.size() >= 2) {
            auto src = vars_in(n.arg(0)), dst = vars_in(n.arg(1));
            if (src.size() != 1 || !uri_vars.count(*src.begin()) || dst.size() != 1 || !guard_names.count(*dst.begin())) continue;
            for (int c : n.children) {
                const Node& e = cfg[c];
                if (!e.entry || e.args.empty() || e.arg(0) == "0" || e.arg(0).empty()) continue;
                std::string_view key = e.name;
                if (key == "default" || key == "hostnames" || key == "volatile") continue;
                if (key.starts_with("\\")) key.remove_prefix(1);
                std::optional<bool> m;
                if (key.starts_with("~*")) m = regex_search(key.substr(2), true, uri);
                else if (key.starts_with("~")) m = regex_search(key.substr(1), false, uri);
                else m = key == uri;
                if (!m) unknown = true;
                else if (*m) return true;
            }
        }
    }
    if (unknown) return std::nullopt;
    return false;
}

bool is_static(const Config& cfg, int block) {
    for (int b = block; b >= 0; b = cfg[b].parent) {
        const Node& n = cfg[b];
        if (n.name != "location") continue;
        if (n.args.empty()) return false;
        const std::string_view op = n.args.size() >= 2 ? n.arg(0) : std::string_view{};
        // A regex location is asked with the regex itself (RE2): `~ \.(php|css)$` serves pages too. PCRE
        // syntax RE2 lacks, or a regex matching neither sample pages nor sample assets, leaves the answer
        // to the markers below.
        if (op == "~" || op == "~*")
            if (auto r = location_regex_static(n.args.back().value, op == "~*")) return *r;
        return static_markers(n.args.back().value);
    }
    return false;
}

Span anchor(const Config& cfg, const CachedLocation& cl) { return cfg[cl.cache_node].span; }

}  // namespace cachelint::nginx::rules
