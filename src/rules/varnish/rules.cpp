// The Varnish VCL rule catalog (VCL-001..VCL-008, docs: shared/domain/webcache.md section 3.2). Every rule
// reasons on the paths of a method (parse/varnish/paths.hpp): what the user's code does, and whether a path
// ends in an explicit return (skipping the built-in VCL's safety checks) or falls through to it.
#include <set>
#include <string>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/varnish/parser.hpp"
#include "parse/varnish/paths.hpp"

namespace cachelint::varnish {
namespace {


bool is_set_true(const Stmt& s, std::string_view var) {
    return s.kind == Stmt::Set && iequals(s.target, var) && s.value && s.value->is_name("true");
}

bool is_call_to(const Stmt& s, std::string_view name) {
    return s.kind == Stmt::FuncCall && iequals(s.target, name);
}

// An ACL match (`client.ip ~ purgers`), or a comparison of a request header with a literal secret.
bool is_guard(const Expr& e, const Program& p) {
    if (e.kind == Expr::Binary && e.kids.size() == 2) {
        const Expr& l = e.kids[0];
        const Expr& r = e.kids[1];
        if ((e.text == "~" || e.text == "!~") && r.kind == Expr::Name && r.text.find('.') == std::string_view::npos &&
            (p.fragment || p.has_acl(to_lower(r.text))))
            return true;
        if ((e.text == "==" || e.text == "!=") && ((l.mentions("req.http.") && r.kind == Expr::String) ||
                                                   (r.mentions("req.http.") && l.kind == Expr::String)))
            return !l.mentions("req.http.host") && !r.mentions("req.http.host");
    }
    for (const auto& k : e.kids)
        if (is_guard(k, p)) return true;
    return false;
}

bool guarded(const Path& path, size_t before, const Program& p) {
    for (size_t i = 0; i < std::min(before, path.conds.size()); ++i)
        if (is_guard(*path.conds[i].expr, p)) return true;
    return false;
}

// ---------------------------------------------------------------------------------------------
// VCL-001 broken vcl_hash composition
void vcl001(const Program& p, FindingSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_hash");
    // Does the VCL serve several hosts? (Host tested or rewritten in vcl_recv, or several backends.)
    bool multihost = p.backends.size() > 1;
    bool cookie_filtered = false;
    for (const Stmt* s : method_statements(p, "vcl_recv")) {
        if ((s->kind == Stmt::Set || s->kind == Stmt::Unset) && iequals(s->target, "req.http.host")) multihost = true;
        if ((s->kind == Stmt::Set || s->kind == Stmt::Unset) && iequals(s->target, "req.http.cookie")) cookie_filtered = true;
        for (const auto& b : s->branches)
            if (b.cond && b.cond->mentions("req.http.host")) multihost = true;
    }
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        std::vector<const Expr*> hashed;
        for (const auto& st : path.steps)
            if (is_call_to(*st.stmt, "hash_data") && st.stmt->value)
                for (const auto& a : st.stmt->value->kids) hashed.push_back(&a);
        auto any = [&](std::string_view prefix) {
            for (const Expr* e : hashed)
                if (e->mentions(prefix)) return true;
            return false;
        };
        // (c) per-request values fragment the cache, whatever the path's end. Only when hashed unconditionally:
        // under a condition it is a deliberate partition (FOSHttpCache hashes the Cookie of its user-context
        // lookup requests, and only those).
        for (const auto& st : path.steps) {
            if (!is_call_to(*st.stmt, "hash_data") || !st.stmt->value || done.count(st.stmt) || st.conds_before > 0)
                continue;
            for (const auto& a : st.stmt->value->kids) {
                std::string_view what;
                if (a.mentions("req.http.user-agent")) what = "req.http.User-Agent";
                else if (a.mentions("client.ip")) what = "client.ip";
                else if (a.mentions("req.xid")) what = "req.xid";
                else if (a.mentions("now")) what = "now";
                else if (a.mentions("req.http.cookie") && !cookie_filtered) what = "req.http.Cookie";
                if (what.empty()) continue;
                done.insert(st.stmt);
                sink.report("VCL-001", Severity::warning, st.stmt->span,
                            "hash_data(" + printable(a.span.text(), 60) + ") puts " + std::string(what) +
                                " in the cache key: nearly every request gets its own object, so the hit rate drops "
                                "to near zero and memory churns; hash a normalised value (a device class, a filtered "
                                "cookie) instead");
                break;
            }
        }
        if (!path.end || path.action() != "lookup" || done.count(path.end)) continue;
        if (!any("req.url")) {
            done.insert(path.end);
            sink.report("VCL-001", Severity::error, path.end->span,
                        "vcl_hash returns (lookup) without hash_data(req.url) on this path: the built-in vcl_hash is "
                        "skipped, so every URL maps to the same cached object");
        } else if (!any("req.http.host") && !any("server.ip") && multihost) {
            done.insert(path.end);
            sink.report("VCL-001", Severity::error, path.end->span,
                        "vcl_hash returns (lookup) without hashing req.http.host (or server.ip) while this VCL serves "
                        "several hosts: one site's page is served for the same URL on another site");
        }
    }
}
CACHELINT_RULE(Program, "VCL-001", vcl001);

// ---------------------------------------------------------------------------------------------
// VCL-002 vcl_recv returns hash for requests with Cookie/Authorization

// A string literal anywhere below e that contains one of the words (case-insensitive).
bool literal_mentions(const Expr& e, std::initializer_list<std::string_view> words, std::string* which = nullptr) {
    if (e.kind == Expr::String) {
        const std::string t = to_lower(e.text);
        for (auto w : words)
            if (t.find(w) != std::string::npos) {
                if (which) *which = printable(e.text, 40);
                return true;
            }
    }
    for (const auto& k : e.kids)
        if (literal_mentions(k, words, which)) return true;
    return false;
}

// A request URL test against static-file extensions: assets never differ per user, and hashing them with the
// Cookie ignored is the standard advice.
bool static_asset_test(const Expr& e) {
    if (e.kind == Expr::Binary && e.text == "~" && e.kids.size() == 2 && e.kids[0].mentions("req.url") &&
        e.kids[1].kind == Expr::String) {
        const std::string r = to_lower(e.kids[1].text);
        if (r.find("\\.") != std::string::npos)
            for (std::string_view ext : {"css", "js", "png", "jpg", "jpe?g", "gif", "ico", "svg", "woff", "ttf", "webp"})
                if (r.find(ext) != std::string::npos) return true;
        return r.rfind("^/(static|media|assets", 0) == 0 || r.rfind("^/static/", 0) == 0 || r.rfind("^/assets/", 0) == 0;
    }
    if (e.kind == Expr::Binary && e.text == "&&")
        for (const auto& k : e.kids)
            if (static_asset_test(k)) return true;
    return false;
}

// What the VCL shows about per-user content: a test or filter of req.http.Cookie naming a session or login
// cookie, or (on the path) a URL test naming a per-user page.
std::string login_evidence(const Program& p) {
    static const std::initializer_list<std::string_view> kWords = {
        "sess", "logged", "login", "wordpress_", "wp-postpass", "comment_author", "auth", "token", "user"};
    std::string which;
    for (const Stmt* s : method_statements(p, "vcl_recv")) {
        for (const auto& b : s->branches)
            if (b.cond && b.cond->mentions("req.http.cookie") && literal_mentions(*b.cond, kWords, &which))
                return "the VCL tests the cookie '" + which + "'";
        if (s->kind == Stmt::Set && iequals(s->target, "req.http.cookie") && s->value &&
            literal_mentions(*s->value, kWords, &which))
            return "the VCL filters the cookie '" + which + "'";
    }
    return {};
}

std::string user_page(const Path& path) {
    static const std::initializer_list<std::string_view> kPages = {
        "account", "login", "logout", "admin", "user", "cart", "checkout", "profile", "dashboard", "wp-admin"};
    std::string which;
    for (const auto& c : path.conds)
        if (c.positive && c.expr->mentions("req.url") && literal_mentions(*c.expr, kPages, &which))
            return "this path serves '" + which + "'";
    return {};
}

void vcl002(const Program& p, FindingSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    // Hashing a header into the key keeps each user's variant apart, which is as safe as passing.
    bool cookie_hashed = false, auth_hashed = false;
    for (const Stmt* s : method_statements(p, "vcl_hash")) {
        if (is_call_to(*s, "hash_data") && s->value && s->value->mentions("req.http.cookie")) cookie_hashed = true;
        if (is_call_to(*s, "hash_data") && s->value && s->value->mentions("req.http.authorization")) auth_hashed = true;
    }
    // FOSHttpCache's user context: every page request is looked up, and the backend separates users with
    // Vary: X-User-Context-Hash (or marks the response private). Per-user separation is the backend's job by design.
    bool user_context = false;
    for (const Stmt* s : method_statements(p, "vcl_recv"))
        for (const auto& b : s->branches)
            if (b.cond && literal_mentions(*b.cond, {"user-context-hash"})) user_context = true;
    const std::string evidence = login_evidence(p);
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        if (!path.end || path.action() != "hash" || done.count(path.end)) continue;
        const bool auth_ok =
            path.tested("req.http.authorization") || path.assigned("req.http.authorization") || auth_hashed;
        const bool cookie_ok = path.tested("req.http.cookie") || path.assigned("req.http.cookie") || cookie_hashed;
        if (auth_ok && cookie_ok) continue;
        bool asset = false;
        for (const auto& c : path.conds)
            if (c.positive && static_asset_test(*c.expr)) asset = true;
        if (asset) continue;
        done.insert(path.end);
        const std::string missing = !cookie_ok && !auth_ok ? "a Cookie or an Authorization header"
                                    : !cookie_ok           ? "a Cookie header"
                                                           : "an Authorization header";
        std::string shown = cookie_ok ? std::string() : user_page(path);
        if (shown.empty() && !cookie_ok) shown = evidence;
        const bool warn = !shown.empty() && !user_context;
        std::string msg = "return (hash) in vcl_recv skips the built-in checks that pass requests carrying " + missing +
                          ", and nothing on this path tests or removes " + (!cookie_ok && !auth_ok ? "them" : "it");
        if (warn)
            msg += ": " + shown + ", so pages rendered for a logged-in user are looked up in the shared cache and, "
                   "unless the backend marks them private, served to other users";
        else if (user_context)
            msg += "; this VCL leaves per-user separation to the backend (user context hash / Vary), so it is safe "
                   "only if every per-user response varies on it or is marked private";
        else
            msg += ": safe only if the backend renders the same page whatever the " +
                   std::string(!cookie_ok ? "cookies" : "credentials") +
                   " (this VCL does not show whether it has logged-in users)";
        auto& f = sink.report("VCL-002", warn ? Severity::warning : Severity::note, path.end->span, msg);
        f.fix_hint = !cookie_ok ? "before return (hash), `unset req.http.Cookie;` (or filter it to cache-safe cookies), or "
                                  "`if (req.http.Cookie) { return (pass); }`"
                                : "before return (hash), add `if (req.http.Authorization) { return (pass); }`";
    }
}
CACHELINT_RULE(Program, "VCL-002", vcl002);

// ---------------------------------------------------------------------------------------------
// Helpers for vcl_backend_response
std::optional<double> last_ttl(const Path& path, const Stmt** where = nullptr) {
    std::optional<double> v;
    for (const auto& st : path.steps)
        if (st.stmt->kind == Stmt::Set && iequals(st.stmt->target, "beresp.ttl") && st.stmt->value) {
            v = const_duration(*st.stmt->value);
            if (where) *where = st.stmt;
            if (!v) v.reset();
        }
    return v;
}

// Three-valued evaluation of a condition on beresp.ttl given its known constant value.
std::optional<bool> eval_ttl(const Expr& e, std::optional<double> ttl) {
    if (e.kind == Expr::Unary && e.text == "!" && e.kids.size() == 1) {
        if (auto v = eval_ttl(e.kids[0], ttl)) return !*v;
        return std::nullopt;
    }
    if (e.kind != Expr::Binary || e.kids.size() != 2) return std::nullopt;
    if (e.text == "&&" || e.text == "||") {
        auto a = eval_ttl(e.kids[0], ttl), b = eval_ttl(e.kids[1], ttl);
        if (e.text == "&&") {
            if ((a && !*a) || (b && !*b)) return false;
            if (a && b) return true;
        } else {
            if ((a && *a) || (b && *b)) return true;
            if (a && b) return false;
        }
        return std::nullopt;
    }
    if (!ttl || !e.kids[0].is_name("beresp.ttl")) return std::nullopt;
    auto v = const_duration(e.kids[1]);
    if (!v) return std::nullopt;
    const std::string_view op = e.text;
    if (op == "<=") return *ttl <= *v;
    if (op == "<") return *ttl < *v;
    if (op == ">=") return *ttl >= *v;
    if (op == ">") return *ttl > *v;
    if (op == "==") return *ttl == *v;
    if (op == "!=") return *ttl != *v;
    return std::nullopt;
}

// False when the path tests beresp.ttl against a value the path itself set just before, the other way
// round (`set beresp.ttl = 0s;` then the `else` of `if (beresp.ttl <= 0s)`): varnishd never runs it.
bool feasible(const Path& path) {
    std::optional<double> ttl;
    size_t step = 0;
    for (size_t i = 0; i < path.conds.size(); ++i) {
        for (; step < path.steps.size() && path.steps[step].conds_before <= i; ++step) {
            const Stmt& s = *path.steps[step].stmt;
            if (s.kind == Stmt::Set && iequals(s.target, "beresp.ttl") && s.value)
                ttl = s.op == "=" ? const_duration(*s.value) : std::nullopt;
        }
        if (auto v = eval_ttl(*path.conds[i].expr, ttl); v && *v != path.conds[i].positive) return false;
    }
    return true;
}

bool sets_uncacheable(const Path& path) {
    for (const auto& st : path.steps)
        if (is_set_true(*st.stmt, "beresp.uncacheable")) return true;
    return false;
}

bool took_positive(const Path& path, std::string_view name) {
    for (const auto& c : path.conds)
        if (c.positive && c.expr->is_name(name)) return true;
    return false;
}

// VCL-003 return (deliver) skips the built-in Set-Cookie / Cache-Control checks

// The path's condition admits a response carrying the header: the header itself, a comparison of it, or a
// disjunction/conjunction with such a term (`beresp.ttl <= 0s || beresp.http.Set-Cookie`). A negation does not.
bool may_carry(const Expr& e, std::string_view header) {
    if (e.kind == Expr::Name) return e.is_name(header);
    if (e.kind == Expr::Binary && (e.text == "||" || e.text == "&&")) {
        for (const auto& k : e.kids)
            if (may_carry(k, header)) return true;
        return false;
    }
    if (e.kind == Expr::Binary && (e.text == "~" || e.text == "==") && e.kids.size() == 2) return e.kids[0].is_name(header);
    return false;
}

// Does the site use cookies (vcl_recv looks at them, or some method handles Set-Cookie)? Then its backend sets them.
bool site_uses_cookies(const Program& p) {
    for (std::string_view m : {"vcl_recv", "vcl_hash", "vcl_deliver"})
        for (const Stmt* s : method_statements(p, m)) {
            if ((s->kind == Stmt::Set || s->kind == Stmt::Unset) &&
                (iequals(s->target, "req.http.cookie") || iequals(s->target, "resp.http.set-cookie")))
                return true;
            if (s->value && (s->value->mentions("req.http.cookie") || s->value->mentions("resp.http.set-cookie"))) return true;
            for (const auto& b : s->branches)
                if (b.cond && (b.cond->mentions("req.http.cookie") || b.cond->mentions("resp.http.set-cookie"))) return true;
        }
    return false;
}

// Request headers vcl_recv sets only on paths that end in return (pass) or (pipe): on the backend side a test of
// bereq.http.<that header> selects passed requests, whose responses are never stored (bereq.uncacheable).
std::set<std::string> pass_markers(const Program& p) {
    std::set<std::string> on_pass, elsewhere;
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    for (const auto& path : mp.paths) {
        const bool pass = path.action() == "pass" || path.action() == "pipe";
        for (const auto& st : path.steps)
            if (st.stmt->kind == Stmt::Set && to_lower(st.stmt->target).rfind("req.http.", 0) == 0)
                (pass ? on_pass : elsewhere).insert(to_lower(st.stmt->target).substr(4));
    }
    std::set<std::string> out;
    for (const auto& h : on_pass)
        if (!elsewhere.count(h)) out.insert("bereq." + h);
    return out;
}

void vcl003(const Program& p, FindingSink& sink) {
    const std::set<std::string> passed = pass_markers(p);
    const MethodPaths& mp = method_paths(p, "vcl_backend_response");
    // A VCL that handles Set-Cookie (or Cache-Control) somewhere in vcl_backend_response was written by
    // someone who knows the built-in checks; the paths it leaves out are usually infeasible ones (Magento's
    // "ttl > 0s && GET" block), so only a method that never looks at the header is reported.
    bool cookie_anywhere = false, control_anywhere = false;
    for (const Stmt* s : method_statements(p, "vcl_backend_response")) {
        auto look = [&](const Expr& e) {
            if (e.mentions("beresp.http.set-cookie")) cookie_anywhere = true;
            if (e.mentions("beresp.http.cache-control") || e.mentions("beresp.http.surrogate-control")) control_anywhere = true;
        };
        if ((s->kind == Stmt::Set || s->kind == Stmt::Unset) && iequals(s->target, "beresp.http.set-cookie")) cookie_anywhere = true;
        if (s->value) look(*s->value);
        for (const auto& b : s->branches)
            if (b.cond) look(*b.cond);
    }
    const bool cookies = site_uses_cookies(p);
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        if (!path.end || path.action() != "deliver" || done.count(path.end) || !feasible(path)) continue;
        if (sets_uncacheable(path) || took_positive(path, "bereq.uncacheable") || took_positive(path, "beresp.uncacheable"))
            continue;
        if (auto ttl = last_ttl(path); ttl && *ttl <= 0) continue;  // VCL-004's case
        bool pass_only = false;
        for (const auto& c : path.conds)
            if (c.positive && c.expr->kind == Expr::Name && passed.count(to_lower(c.expr->text))) pass_only = true;
        if (pass_only) continue;
        bool expired = false;  // on a path where beresp.ttl <= 0s nothing is stored, so nothing leaks
        for (const auto& c : path.conds)
            if (c.positive && c.expr->kind == Expr::Binary && (c.expr->text == "<=" || c.expr->text == "<") &&
                c.expr->kids.size() == 2 && c.expr->kids[0].is_name("beresp.ttl"))
                if (auto v = const_duration(c.expr->kids[1]); v && *v <= 0) expired = true;
        if (expired) continue;
        // (a) The path is taken for responses that carry Set-Cookie and still stores them: the copied-but-broken
        // built-in (`if (... || beresp.http.Set-Cookie) { set beresp.ttl = 120s; return (deliver); }` without
        // beresp.uncacheable) caches the cookie and hands it to every client for the TTL.
        bool carries = false;
        for (const auto& c : path.conds)
            if (c.positive && may_carry(*c.expr, "beresp.http.set-cookie")) carries = true;
        if (carries && !path.assigned("beresp.http.set-cookie")) {
            done.insert(path.end);
            auto& f = sink.report("VCL-003", Severity::error, path.end->span,
                                  "return (deliver) in vcl_backend_response on a path taken for responses with "
                                  "Set-Cookie, without `set beresp.uncacheable = true` or a zero TTL: the response is "
                                  "stored, Set-Cookie included, and the cookie is handed to every client that gets a hit");
            f.fix_hint = "add `set beresp.uncacheable = true;` before return (deliver) on this path (the built-in "
                         "VCL's hit-for-miss)";
            continue;
        }
        const bool cookie_ok =
            cookie_anywhere || path.tested("beresp.http.set-cookie") || path.assigned("beresp.http.set-cookie");
        const bool control_ok = control_anywhere || path.tested("beresp.http.cache-control") ||
                                path.tested("beresp.http.surrogate-control") || path.assigned("beresp.http.cache-control");
        if (cookie_ok && control_ok) continue;
        done.insert(path.end);
        // Whether the backend sets cookies or marks responses private is the backend's business; the VCL shows it
        // when it handles cookies on the request side (a site with sessions).
        const std::string unknown = " (this VCL handles no cookies, so whether its backend sets any is not shown here)";
        if (!cookie_ok) {
            auto& f = sink.report("VCL-003", cookies ? Severity::error : Severity::note, path.end->span,
                                  "return (deliver) in vcl_backend_response skips the built-in check that makes responses "
                                  "with Set-Cookie uncacheable, and nothing on this path tests or removes "
                                  "beresp.http.Set-Cookie: a response that sets a session cookie is cached and the cookie "
                                  "handed to every client" + (cookies ? std::string() : unknown));
            f.fix_hint = "before return (deliver): `if (beresp.http.Set-Cookie) { set beresp.uncacheable = true; "
                         "return (deliver); }` (or `unset beresp.http.Set-Cookie;` for responses that never personalise)";
        } else {
            auto& f = sink.report("VCL-003", cookies ? Severity::warning : Severity::note, path.end->span,
                                  "return (deliver) in vcl_backend_response skips the built-in check of Cache-Control "
                                  "private/no-store/no-cache (and Surrogate-Control no-store), and nothing on this path "
                                  "tests them: responses the origin marked private are cached and shared" +
                                      (cookies ? std::string()
                                               : std::string(" (this VCL handles no cookies, so whether its backend has "
                                                             "per-user responses is not shown here)")));
            f.fix_hint = "test `beresp.http.Cache-Control ~ \"private|no-store|no-cache\"` and mark those uncacheable, or "
                         "let the sub fall through to the built-in VCL instead of returning";
        }
    }
}
CACHELINT_RULE(Program, "VCL-003", vcl003);

// VCL-004 zero/negative TTL delivered without beresp.uncacheable
void vcl004(const Program& p, FindingSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_backend_response");
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        if (!path.end || path.action() != "deliver" || !feasible(path)) continue;
        // beresp.uncacheable cannot be set back to false: set anywhere on the path, before or after the TTL, it
        // makes the object a hit-for-miss.
        if (sets_uncacheable(path) || took_positive(path, "bereq.uncacheable") || took_positive(path, "beresp.uncacheable"))
            continue;
        const Stmt* where = nullptr;
        auto ttl = last_ttl(path, &where);
        std::string msg;
        if (ttl && *ttl <= 0 && where) {
            msg = "beresp.ttl = " + printable(where->value->span.text(), 40) + " then return (deliver) without "
                  "`set beresp.uncacheable = true`: no hit-for-miss object is created, so concurrent requests for this "
                  "URL queue behind one another on the waiting list (request serialisation)";
        } else if (!ttl && where == nullptr) {
            for (const auto& c : path.conds) {
                const Expr& e = *c.expr;
                if (!c.positive || e.kind != Expr::Binary || e.kids.size() != 2) continue;
                if ((e.text == "<=" || e.text == "<") && e.kids[0].is_name("beresp.ttl")) {
                    auto v = const_duration(e.kids[1]);
                    if (v && *v <= 0) {
                        where = path.end;
                        msg = "return (deliver) for responses with beresp.ttl " + std::string(e.text) + " " +
                              printable(e.kids[1].span.text(), 20) +
                              " without `set beresp.uncacheable = true`: the built-in hit-for-miss is skipped, so "
                              "concurrent requests for this URL are serialised on the waiting list";
                    }
                }
            }
        }
        if (msg.empty() || !where || done.count(where)) continue;
        done.insert(where);
        auto& f = sink.report("VCL-004", where->span, msg);
        f.fix_hint = "add `set beresp.uncacheable = true; set beresp.ttl = 120s;` (hit-for-miss) or use "
                     "`return (pass(120s));` for responses that must not be cached";
    }
}
CACHELINT_RULE(Program, "VCL-004", vcl004);

// ---------------------------------------------------------------------------------------------
// VCL-005 everything passed / piped
void vcl005(const Program& p, FindingSink& sink) {
    {
        const MethodPaths& mp = method_paths(p, "vcl_recv");
        if (mp.complete && !mp.paths.empty()) {
            size_t bypass = 0, other = 0;
            const Stmt* first = nullptr;
            for (const auto& path : mp.paths) {
                const auto a = path.action();
                if (a == "pass" || a == "pipe") {
                    ++bypass;
                    if (!first || (path.conds.empty() && !first)) first = path.end;
                    if (path.conds.empty()) first = path.end;
                } else if (a != "synth" && a != "fail") {
                    ++other;  // hash, purge, restart, vcl, or the built-in (which may hash)
                }
            }
            if (bypass > 0 && other == 0)
                sink.report("VCL-005", first->span,
                            "every path through vcl_recv ends in return (" + std::string(first->target) +
                                "): nothing is ever looked up in the cache, so Varnish only adds latency (hit rate 0%)")
                    .fix_hint = "return (pass) only for requests that must not be cached (non-GET/HEAD, logged-in users), "
                                "and let the rest reach return (hash) or the built-in VCL";
        }
    }
    const MethodPaths& mp = method_paths(p, "vcl_backend_response");
    if (!mp.complete || mp.paths.empty()) return;
    size_t storing = 0, bypass = 0;
    const Stmt* first = nullptr;
    std::string how;
    for (const auto& path : mp.paths) {
        const auto a = path.action();
        if (a == "abandon" || a == "retry" || a == "fail" || a == "error") continue;
        ++storing;
        const Stmt* where = nullptr;
        auto ttl = last_ttl(path, &where);
        const Stmt* unc = nullptr;
        for (const auto& st : path.steps)
            if (is_set_true(*st.stmt, "beresp.uncacheable")) unc = st.stmt;
        if (unc || (ttl && *ttl <= 0) || a == "pass") {
            ++bypass;
            if (!first) {
                first = unc ? unc : (a == "pass" ? path.end : where);
                how = unc ? "beresp.uncacheable = true" : a == "pass" ? "return (pass)" : "beresp.ttl <= 0s";
            }
        }
    }
    if (storing > 0 && bypass == storing && first)
        sink.report("VCL-005", first->span,
                    "every response leaves vcl_backend_response uncacheable (" + how +
                        " on every path): nothing is ever stored, so Varnish only adds latency (hit rate 0%)")
            .fix_hint = "mark only the responses that must not be cached uncacheable (Set-Cookie, private, errors)";
}
CACHELINT_RULE(Program, "VCL-005", vcl005);

// ---------------------------------------------------------------------------------------------
// VCL-006 no grace / graced objects replaced by errors
void vcl006(const Program& p, FindingSink& sink) {
    auto top_level_zero = [&](std::string_view method, std::string_view var) {
        for (const Sub* s : p.definitions(method))
            for (const auto& st : s->body)
                if (st.kind == Stmt::Set && iequals(st.target, var) && st.value)
                    if (auto v = const_duration(*st.value); v && *v <= 0)
                        sink.report("VCL-006", st.span,
                                    std::string(var) + " = " + printable(st.value->span.text(), 20) +
                                        " unconditionally: no grace, so every expiry of a popular object queues clients "
                                        "behind a fresh fetch and a sick backend surfaces at once")
                            .fix_hint = "keep a grace period (e.g. `set beresp.grace = 1h;`) and shorten it per request "
                                        "with req.grace only while the backend is healthy";
    };
    top_level_zero("vcl_backend_response", "beresp.grace");
    top_level_zero("vcl_recv", "req.grace");

    // (b) long grace, but a failed background fetch replaces the good stale object.
    const Stmt* grace = nullptr;
    bool abandons = false;
    for (const Stmt* s : method_statements(p, "vcl_backend_response")) {
        if (s->kind == Stmt::Set && iequals(s->target, "beresp.grace") && s->value)
            if (auto v = const_duration(*s->value); v && *v >= 3600 && !grace) grace = s;
        if (s->kind == Stmt::Return && (s->target == "abandon")) abandons = true;
        for (const auto& b : s->branches)
            if (b.cond && b.cond->mentions("bereq.is_bgfetch")) abandons = true;
    }
    if (!grace || abandons) return;
    // The failure mode needs a 5xx from the backend during grace. The file shows it when it stores 5xx responses
    // itself (a positive TTL under a test for 5xx statuses): then a failed background fetch certainly replaces the
    // stale object by the error for that TTL. Otherwise it is advice.
    const Stmt* caches_errors = nullptr;
    const MethodPaths& mp = method_paths(p, "vcl_backend_response");
    for (const auto& path : mp.paths) {
        if (caches_errors) break;
        for (const auto& st : path.steps) {
            if (st.stmt->kind != Stmt::Set || !iequals(st.stmt->target, "beresp.ttl") || !st.stmt->value) continue;
            auto v = const_duration(*st.stmt->value);
            if (!v || *v <= 0) continue;
            for (size_t c = 0; c < std::min(st.conds_before, path.conds.size()); ++c) {
                const Expr& e = *path.conds[c].expr;
                if (path.conds[c].positive && e.kind == Expr::Binary && e.kids.size() == 2 &&
                    e.kids[0].is_name("beresp.status") && e.kids[1].kind == Expr::Number &&
                    ((e.text == "==" && e.kids[1].number >= 500) || (e.text == ">=" && e.kids[1].number >= 500) ||
                     (e.text == ">" && e.kids[1].number >= 499)))
                    caches_errors = st.stmt;
            }
        }
    }
    std::string msg = "beresp.grace = " + printable(grace->value->span.text(), 20) +
                      " but no `return (abandon)` for failed background fetches: ";
    if (caches_errors)
        msg += "this VCL stores 5xx responses (beresp.ttl = " + printable(caches_errors->value->span.text(), 20) +
               "), so a background fetch that fails during grace replaces the good stale object with the error";
    else
        msg += "if the backend answers 5xx during grace, the error replaces the good stale object instead of it being "
               "served (whether the backend fails that way is not shown here)";
    sink.report("VCL-006", caches_errors ? Severity::warning : Severity::note, grace->span, msg).fix_hint =
        "in vcl_backend_response: `if (beresp.status >= 500 && bereq.is_bgfetch) { return (abandon); }`";
}
CACHELINT_RULE(Program, "VCL-006", vcl006);

// ---------------------------------------------------------------------------------------------
// VCL-007 unconditional long TTL override
bool has_invalidation(const Program& p) {
    for (const Stmt* s : method_statements(p, "vcl_recv")) {
        if (s->kind == Stmt::Return && s->target == "purge") return true;
        if (s->kind == Stmt::FuncCall && (iequals(s->target, "ban") || iequals(s->target, "std.ban") ||
                                          iequals(s->target, "xkey.purge") || iequals(s->target, "xkey.softpurge")))
            return true;
        if (is_set_true(*s, "req.hash_always_miss")) return true;
    }
    return false;
}

void vcl007(const Program& p, FindingSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_backend_response");
    std::set<const Stmt*> done;
    const bool invalidation = has_invalidation(p);
    for (const auto& path : mp.paths) {
        const auto a = path.action();
        if (a == "abandon" || a == "retry" || a == "fail" || a == "error" || a == "pass") continue;
        for (const auto& st : path.steps) {
            if (st.stmt->kind != Stmt::Set || !iequals(st.stmt->target, "beresp.ttl") || !st.stmt->value) continue;
            auto v = const_duration(*st.stmt->value);
            if (!v || *v < 60 || done.count(st.stmt)) continue;
            // Guarded: reached only under a test of the status, the TTL, an origin header or the URL. A path that
            // went past `if (A && B) { return ...; }` only knows !A || !B, which restricts neither A nor B.
            bool guard = false;
            for (size_t c = 0; c < std::min(st.conds_before, path.conds.size()) && !guard; ++c) {
                const Cond& cd = path.conds[c];
                if (!cd.positive && cd.expr->kind == Expr::Binary && cd.expr->text == "&&") continue;
                for (std::string_view prefix : {"beresp.status", "beresp.ttl", "beresp.http.", "bereq.url", "bereq.http."})
                    if (cd.expr->mentions(prefix)) guard = true;
            }
            if (guard) continue;
            if (sets_uncacheable(path)) continue;
            done.insert(st.stmt);
            std::string msg = "beresp.ttl = " + printable(st.stmt->value->span.text(), 20) +
                              " for every response, whatever its status: errors and redirects the origin sends "
                              "without no-cache/private, and responses it marked max-age=0, are cached for that long";
            if (!invalidation) msg += ", and this VCL has no purge or ban path to take a bad object out early";
            sink.report("VCL-007", st.stmt->span, msg).fix_hint =
                "guard the override: `if (beresp.status == 200 && beresp.ttl > 0s) { set beresp.ttl = ...; }`";
        }
    }
}
CACHELINT_RULE(Program, "VCL-007", vcl007);

// ---------------------------------------------------------------------------------------------
// VCL-008 purge/ban without an ACL
void vcl008(const Program& p, FindingSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        auto check = [&](const Stmt* s, size_t before, std::string what) {
            if (done.count(s) || guarded(path, before, p)) return;
            done.insert(s);
            const bool one_url = what.rfind("return (purge)", 0) == 0 || what.rfind("req.hash_always_miss", 0) == 0;
            sink.report("VCL-008", s->span,
                        what + " is reachable in vcl_recv without an ACL check (client.ip ~ <acl>) or a secret-header "
                               "test: every client of this Varnish can " +
                            (one_url ? std::string("evict (or refetch) any cached URL on demand and send that load "
                                                   "to the origin")
                                     : std::string("invalidate any set of objects, up to the whole cache, and send the "
                                                   "load to the origin")))
                .fix_hint = "acl purgers { \"127.0.0.1\"; } ... `if (!client.ip ~ purgers) { return (synth(405)); }` "
                            "before the purge or ban";
        };
        for (const auto& st : path.steps) {
            const Stmt& s = *st.stmt;
            if (s.kind == Stmt::FuncCall && (iequals(s.target, "ban") || iequals(s.target, "std.ban") ||
                                             iequals(s.target, "xkey.purge") || iequals(s.target, "xkey.softpurge")))
                check(&s, st.conds_before, std::string(s.target) + "(...)");
            // A forced miss on a restart is the VCL's own refresh logic (restarts come from vcl_hit/deliver), not
            // something a client can trigger directly.
            if (is_set_true(s, "req.hash_always_miss") && !path.tested("req.restarts", st.conds_before))
                check(&s, st.conds_before, "req.hash_always_miss = true");
        }
        if (path.end && path.action() == "purge") check(path.end, path.conds.size(), "return (purge)");
    }
}
CACHELINT_RULE(Program, "VCL-008", vcl008);

}  // namespace
}  // namespace cachelint::varnish
