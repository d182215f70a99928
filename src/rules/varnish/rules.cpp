// The Varnish VCL rules. Every rule
// reasons on the paths of a method (parse/varnish/paths.hpp): what the user's code does, and whether a path
// ends in an explicit return (skipping the built-in VCL's safety checks) or falls through to it.
#include <map>
#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/varnish/parser.hpp"
#include "parse/varnish/paths.hpp"

namespace cachelint::varnish {
namespace {


// The source text of a whole expression (an operator's or a call's own span covers only its token).
void extent(const Expr& e, uint32_t& b, uint32_t& en) {
    if (e.span.file) {
        b = std::min(b, e.span.begin);
        en = std::max(en, e.span.end);
    }
    for (const auto& k : e.kids) extent(k, b, en);
}
std::string expr_text(const Expr& e, size_t max) {
    uint32_t b = UINT32_MAX, en = 0;
    extent(e, b, en);
    if (!e.span.file || b >= en) return printable(e.span.text(), max);
    // A call's closing parenthesis lies after its last argument.
    std::string_view all = e.span.file->text();
    if (e.kind == Expr::Call && en < all.size()) {
        size_t close = all.find(')', en);
        if (close != std::string_view::npos && all.substr(en, close - en).find_first_not_of(" \t\r\n\"") == std::string_view::npos)
            en = static_cast<uint32_t>(close + 1);
    }
    return printable(all.substr(b, en - b), max);
}

// The text contains the lower-case word in any case (without lower-casing a copy of a whole file).
bool icontains(std::string_view text, std::string_view lower_word) {
    if (lower_word.empty()) return true;
    for (size_t i = 0; i + lower_word.size() <= text.size(); ++i) {
        const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != lower_word[0]) continue;
        if (iequals(text.substr(i, lower_word.size()), lower_word)) return true;
    }
    return false;
}

bool istarts(std::string_view s, std::string_view lower_prefix) {
    return s.size() >= lower_prefix.size() && iequals(s.substr(0, lower_prefix.size()), lower_prefix);
}

bool is_set_true(const Stmt& s, std::string_view var) {
    return s.kind == Stmt::Set && iequals(s.target, var) && s.value && s.value->is_name("true");
}

bool is_call_to(const Stmt& s, std::string_view name) {
    return s.kind == Stmt::FuncCall && iequals(s.target, name);
}

bool ip_literal(std::string_view s);

// An ACL match (`client.ip ~ purgers`), a comparison of a request header with a literal secret, or a regex test of
// a request header against an address (`req.http.X-Forwarded-For ~ "^10\\."`: whether the client writes that
// header is VCL009's question).
bool is_guard(const Expr& e, const Program& p) {
    if (e.kind == Expr::Binary && e.kids.size() == 2) {
        const Expr& l = e.kids[0];
        const Expr& r = e.kids[1];
        if ((e.text == "~" || e.text == "!~") && r.kind == Expr::Name && r.text.find('.') == std::string_view::npos &&
            (p.fragment || p.has_acl(r.text)))
            return true;
        if ((e.text == "==" || e.text == "!=") && ((l.mentions("req.http.") && r.kind == Expr::String) ||
                                                   (r.mentions("req.http.") && l.kind == Expr::String)))
            return !l.mentions("req.http.host") && !r.mentions("req.http.host");
        if ((e.text == "~" || e.text == "!~") && l.mentions("req.http.") && r.kind == Expr::String && ip_literal(r.text))
            return true;
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

// vcl_recv ends every path in pass or pipe (or answers the request itself): nothing is looked up in the
// cache. VCL005 reports that; the waiting list and hit-for-miss questions do not arise then.
bool recv_never_looks_up(const Program& p) {
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    if (!mp.complete || mp.paths.empty()) return false;
    size_t bypass = 0;
    for (const auto& path : mp.paths) {
        const auto a = path.action();
        if (a == "pass" || a == "pipe") ++bypass;
        else if (a != "synth" && a != "fail") return false;  // hash, purge, restart, vcl, or the built-in (which may hash)
    }
    return bypass > 0;
}

// ---------------------------------------------------------------------------------------------
// VCL001 broken vcl_hash composition
bool static_asset_test(const Expr& e);

// The conditions every path of vcl_hash reaching `stmt` took with the same polarity all test the Cookie
// header only (or there are none).
bool cookie_only_conds_of(const MethodPaths& mp, const Stmt* stmt) {
    bool seen = false;
    std::vector<Cond> common;
    for (const auto& path : mp.paths)
        for (const auto& st : path.steps) {
            if (st.stmt != stmt) continue;
            std::vector<Cond> here(path.conds.begin(), path.conds.begin() + std::min(st.conds_before, path.conds.size()));
            if (!seen) {
                seen = true;
                common = std::move(here);
            } else {
                std::vector<Cond> kept;
                for (const auto& c : common)
                    for (const auto& h : here)
                        if (h.expr == c.expr && h.positive == c.positive) {
                            kept.push_back(c);
                            break;
                        }
                common = std::move(kept);
            }
        }
    for (const auto& c : common) {
        std::vector<std::string_view> names;
        std::function<bool(const Expr&)> only_cookie = [&](const Expr& e) -> bool {
            if (e.kind == Expr::Name) return e.is_name("req.http.cookie");
            for (const auto& k : e.kids)
                if (!only_cookie(k)) return false;
            return true;
        };
        if (!only_cookie(*c.expr)) return false;
    }
    return true;
}

// The Cookie header itself (alone or concatenated), not a value extracted from it.
bool raw_cookie(const Expr& e) {
    if (e.is_name("req.http.cookie")) return true;
    if (e.kind == Expr::Binary && e.text == "+")
        for (const auto& k : e.kids)
            if (raw_cookie(k)) return true;
    return false;
}

// A `set req.http.Cookie = ...` that keeps a list of named cookies (the regsuball keep-list idiom, whose
// replacement re-inserts a captured name, or a cookie VMOD's filter) rather than removing some.
bool keeps_cookie_list(const Stmt& s) {
    if (s.kind != Stmt::Set || !iequals(s.target, "req.http.cookie") || !s.value) return false;
    std::function<bool(const Expr&)> walk = [&](const Expr& e) -> bool {
        if (e.kind == Expr::Call) {
            const std::string c = to_lower(e.callee);
            if (c.rfind("cookie.", 0) == 0 || c.rfind("cookieplus.", 0) == 0) return true;
            if ((c == "regsuball" || c == "regsub") && e.kids.size() == 3 && e.kids[2].kind == Expr::String &&
                e.kids[2].text.find("\\1") != std::string_view::npos)
                return true;
        }
        for (const auto& k : e.kids)
            if (walk(k)) return true;
        return false;
    };
    return walk(*s.value);
}

// A vcl_recv path ending in return (hash) on which a Cookie header can still be present: not removed, not
// reduced to a keep-list, not known to be absent. Filters that delete named tracking cookies leave the
// session cookies in place.
const Stmt* cookie_reaches_hash(const Program& p) {
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    if (!mp.complete) return nullptr;
    for (const auto& path : mp.paths) {
        if (!path.end || path.action() != "hash") continue;
        bool gone = false;
        for (const auto& st : path.steps)
            if ((st.stmt->kind == Stmt::Unset && iequals(st.stmt->target, "req.http.cookie")) || keeps_cookie_list(*st.stmt))
                gone = true;
        for (const auto& c : path.conds) {
            const Expr& e = *c.expr;
            if (e.is_name("req.http.cookie") && !c.positive) gone = true;
            if (e.kind == Expr::Unary && e.text == "!" && e.kids.size() == 1 && e.kids[0].is_name("req.http.cookie") &&
                c.positive)
                gone = true;
            // a static-asset URL: the standard advice hashes those whatever their cookies
            if (c.positive && static_asset_test(e)) gone = true;
        }
        if (!gone) return path.end;
    }
    return nullptr;
}

// Host compared with a value (`req.http.host == "a.example"`, `~ "^www\."`): the VCL tells sites apart. A
// presence test (`if (req.http.host)`) or copying Host into another header shows nothing of the kind.
// One walk of the tree (every condition of vcl_recv is asked): returns whether `e` mentions req.http.host (as
// Expr::mentions does), and sets `compared` when a comparison in it has such an operand.
bool host_walk(const Expr& e, bool& compared) {
    bool below = false;
    for (const auto& k : e.kids) below |= host_walk(k, compared);
    if (below && e.kind == Expr::Binary && (e.text == "==" || e.text == "!=" || e.text == "~" || e.text == "!~"))
        compared = true;
    return below || (e.kind == Expr::Name && istarts(e.text, "req.http.host")) ||
           (e.kind == Expr::Call && istarts(e.callee, "req.http.host"));
}
bool host_compared(const Expr& e) {
    bool compared = false;
    host_walk(e, compared);
    return compared;
}

void vcl001(const Program& p, RuleSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_hash");
    if (mp.paths.empty()) return;  // the built-in vcl_hash: nothing below applies, so vcl_recv is not even looked at
    // Does the VCL serve several hosts? Host compared or rewritten in vcl_recv. Several backends alone say
    // nothing: most VCLs with many backends route one site's paths to its services.
    bool multihost = false;
    bool cookie_filtered = false;
    for (const Stmt* s : method_statements(p, "vcl_recv")) {
        if ((s->kind == Stmt::Set || s->kind == Stmt::Unset) && iequals(s->target, "req.http.host")) multihost = true;
        if ((s->kind == Stmt::Set || s->kind == Stmt::Unset) && iequals(s->target, "req.http.cookie")) cookie_filtered = true;
        for (const auto& b : s->branches)
            if (b.cond && host_compared(*b.cond)) multihost = true;
    }
    const Stmt* cookie_hash_path = cookie_reaches_hash(p);
    auto cookie_only_conds = [&](const Stmt* s) { return mp.complete && cookie_only_conds_of(mp, s); };
    auto describe_cookie_path = [&](const Stmt* end) {
        return "return (hash) at line " + std::to_string(end->span.file->position(end->span.begin).line) + " keeps them";
    };
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
        // lookup requests, and only those). A condition on the Cookie itself (`if (req.http.Cookie)`) partitions
        // nothing: it is the same as hashing it always.
        for (const auto& st : path.steps) {
            if (!is_call_to(*st.stmt, "hash_data") || !st.stmt->value || done.count(st.stmt)) continue;
            const bool cookie_only = cookie_only_conds(st.stmt);
            if (st.conds_before > 0 && !cookie_only) continue;
            for (const auto& a : st.stmt->value->kids) {
                std::string_view what;
                if (st.conds_before == 0 && a.mentions("req.http.user-agent")) what = "req.http.User-Agent";
                else if (st.conds_before == 0 && a.mentions("client.ip")) what = "client.ip";
                else if (st.conds_before == 0 && a.mentions("req.xid")) what = "req.xid";
                else if (st.conds_before == 0 && a.mentions("now")) what = "now";
                else if ((st.conds_before == 0 && !cookie_filtered && a.mentions("req.http.cookie")) ||
                         (cookie_hash_path && raw_cookie(a)))
                    what = "req.http.Cookie";
                if (what.empty()) continue;
                done.insert(st.stmt);
                std::string msg = "hash_data(" + expr_text(a, 60) + ") puts " + std::string(what) +
                                  " in the cache key";
                if (what == "req.http.Cookie" && cookie_hash_path)
                    msg += " while vcl_recv looks requests up with their cookies (" + describe_cookie_path(cookie_hash_path) + ")";
                msg += ": nearly every request gets its own object, so the hit rate drops to near zero and memory "
                       "churns; hash a normalised value (a device class, a filtered cookie) instead";
                sink.report(Severity::warning, st.stmt->span, msg);
                break;
            }
        }
        if (!path.end || path.action() != "lookup" || done.count(path.end)) continue;
        if (!any("req.url")) {
            done.insert(path.end);
            sink.report(Severity::error, path.end->span,
                        "vcl_hash returns (lookup) without hash_data(req.url) on this path: the built-in vcl_hash is "
                        "skipped, so every URL maps to the same cached object");
        } else if (!any("req.http.host") && !any("server.ip") && multihost) {
            done.insert(path.end);
            sink.report(Severity::error, path.end->span,
                        "vcl_hash returns (lookup) without hashing req.http.host (or server.ip) while this VCL serves "
                        "several hosts: one site's page is served for the same URL on another site");
        }
    }
}
CACHELINT_RULE(Program, ids::VCL001, vcl001);

// ---------------------------------------------------------------------------------------------
// VCL002 vcl_recv returns hash for requests with Cookie/Authorization

// A string literal anywhere below e that contains one of the words (case-insensitive).
bool literal_mentions(const Expr& e, std::initializer_list<std::string_view> words, std::string* which = nullptr) {
    if (e.kind == Expr::String) {
        for (auto w : words)
            if (icontains(e.text, w)) {
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

void vcl002(const Program& p, RuleSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    // Hashing a header into the key keeps each user's variant apart, which is as safe as passing.
    bool cookie_hashed = false, auth_hashed = false;
    for (const Stmt* s : method_statements(p, "vcl_hash")) {
        if (is_call_to(*s, "hash_data") && s->value && s->value->mentions("req.http.cookie")) cookie_hashed = true;
        if (is_call_to(*s, "hash_data") && s->value && s->value->mentions("req.http.authorization")) auth_hashed = true;
    }
    // FOSHttpCache's user context: every page request is looked up, and the backend separates users with
    // Vary: X-User-Context-Hash (or marks the response private). Per-user separation is the backend's job by design.
    // Both are walks of all vcl_recv, done only once a path is reported.
    std::optional<bool> user_context_memo;
    auto user_context = [&] {
        if (!user_context_memo) {
            user_context_memo = false;
            for (const Stmt* s : method_statements(p, "vcl_recv"))
                for (const auto& b : s->branches)
                    if (b.cond && literal_mentions(*b.cond, {"user-context-hash"})) user_context_memo = true;
        }
        return *user_context_memo;
    };
    std::optional<std::string> evidence_memo;
    auto evidence = [&] {
        if (!evidence_memo) evidence_memo = login_evidence(p);
        return *evidence_memo;
    };
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
        if (shown.empty() && !cookie_ok) shown = evidence();
        const bool warn = !shown.empty() && !user_context();
        std::string msg = "return (hash) in vcl_recv skips the built-in checks that pass requests carrying " + missing +
                          ", and nothing on this path tests or removes " + (!cookie_ok && !auth_ok ? "them" : "it");
        if (warn)
            msg += ": " + shown + ", so pages rendered for a logged-in user are looked up in the shared cache and, "
                   "unless the backend marks them private, served to other users";
        else if (user_context())
            msg += "; this VCL leaves per-user separation to the backend (user context hash / Vary), so it is safe "
                   "only if every per-user response varies on it or is marked private";
        else
            msg += ": safe only if the backend renders the same page whatever the " +
                   std::string(!cookie_ok ? "cookies" : "credentials") +
                   " (this VCL does not show whether it has logged-in users)";
        auto& f = sink.report(warn ? Severity::warning : Severity::note, path.end->span, msg);
        f.fix_hint = !cookie_ok ? "before return (hash), `unset req.http.Cookie;` (or filter it to cache-safe cookies), or "
                                  "`if (req.http.Cookie) { return (pass); }`"
                                : "before return (hash), add `if (req.http.Authorization) { return (pass); }`";
    }
}
CACHELINT_RULE(Program, ids::VCL002, vcl002);

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

// `l op r` for a VCL comparison operator; nullopt for any other operator.
std::optional<bool> compare(std::string_view op, double l, double r) {
    if (op == "==") return l == r;
    if (op == "!=") return l != r;
    if (op == "<") return l < r;
    if (op == "<=") return l <= r;
    if (op == ">") return l > r;
    if (op == ">=") return l >= r;
    return std::nullopt;
}

// Three-valued evaluation of a condition: `!`, `&&` and `||` over what `leaf` says of each comparison in it
// (nullopt: unknown).
template <class Leaf>
std::optional<bool> eval_cond(const Expr& e, const Leaf& leaf) {
    if (e.kind == Expr::Unary && e.text == "!" && e.kids.size() == 1) {
        if (auto v = eval_cond(e.kids[0], leaf)) return !*v;
        return std::nullopt;
    }
    if (e.kind != Expr::Binary || e.kids.size() != 2) return std::nullopt;
    if (e.text == "&&" || e.text == "||") {
        const auto a = eval_cond(e.kids[0], leaf), b = eval_cond(e.kids[1], leaf);
        const bool conj = e.text == "&&";
        if ((a && *a != conj) || (b && *b != conj)) return !conj;  // false && x, true || x
        if (a && b) return conj;
        return std::nullopt;
    }
    return leaf(e);
}

// Three-valued evaluation of a condition on beresp.ttl given its known constant value.
std::optional<bool> eval_ttl(const Expr& e, std::optional<double> ttl) {
    return eval_cond(e, [&](const Expr& c) -> std::optional<bool> {
        if (!ttl || !c.kids[0].is_name("beresp.ttl")) return std::nullopt;
        const auto v = const_duration(c.kids[1]);
        return v ? compare(c.text, *ttl, *v) : std::nullopt;
    });
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

// VCL003 return (deliver) skips the built-in Set-Cookie / Cache-Control checks

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
    std::unordered_set<std::string_view, IHash, IEqual> on_pass, elsewhere;  // "http.<name>" as written
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    for (const auto& path : mp.paths) {
        const bool pass = path.action() == "pass" || path.action() == "pipe";
        for (const auto& st : path.steps)
            if (st.stmt->kind == Stmt::Set && istarts(st.stmt->target, "req.http."))
                (pass ? on_pass : elsewhere).insert(st.stmt->target.substr(4));
    }
    std::set<std::string> out;
    for (const auto& h : on_pass)
        if (!elsewhere.count(h)) out.insert("bereq." + to_lower(h));
    return out;
}

// The path tested one of those markers: only passed requests take it.
bool pass_only(const Path& path, const std::set<std::string>& markers) {
    for (const auto& c : path.conds)
        if (c.positive && c.expr->kind == Expr::Name && markers.count(to_lower(c.expr->text))) return true;
    return false;
}

void vcl003(const Program& p, RuleSink& sink) {
    if (recv_never_looks_up(p)) return;  // nothing is stored: VCL005
    std::optional<bool> site_cookies;  // site_uses_cookies() walks three methods: asked once a path is reported
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
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        if (!path.end || path.action() != "deliver" || done.count(path.end) || !feasible(path)) continue;
        if (sets_uncacheable(path) || took_positive(path, "bereq.uncacheable") || took_positive(path, "beresp.uncacheable"))
            continue;
        if (auto ttl = last_ttl(path); ttl && *ttl <= 0) continue;  // VCL004's case
        if (pass_only(path, passed)) continue;
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
            auto& f = sink.report(Severity::error, path.end->span,
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
        if (!site_cookies) site_cookies = site_uses_cookies(p);
        const bool cookies = *site_cookies;
        if (!cookie_ok) {
            auto& f = sink.report(cookies ? Severity::error : Severity::note, path.end->span,
                                  "return (deliver) in vcl_backend_response skips the built-in check that makes responses "
                                  "with Set-Cookie uncacheable, and nothing on this path tests or removes "
                                  "beresp.http.Set-Cookie: a response that sets a session cookie is cached and the cookie "
                                  "handed to every client" + (cookies ? std::string() : unknown));
            f.fix_hint = "before return (deliver): `if (beresp.http.Set-Cookie) { set beresp.uncacheable = true; "
                         "return (deliver); }` (or `unset beresp.http.Set-Cookie;` for responses that never personalise)";
        } else {
            auto& f = sink.report(cookies ? Severity::warning : Severity::note, path.end->span,
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
CACHELINT_RULE(Program, ids::VCL003, vcl003);

// VCL004 zero/negative TTL delivered without beresp.uncacheable

void vcl004(const Program& p, RuleSink& sink) {
    if (recv_never_looks_up(p)) return;
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
        auto& f = sink.report(where->span, msg);
        f.fix_hint = "add `set beresp.uncacheable = true; set beresp.ttl = 120s;` (hit-for-miss) or use "
                     "`return (pass(120s));` for responses that must not be cached";
    }
}
CACHELINT_RULE(Program, ids::VCL004, vcl004);

// ---------------------------------------------------------------------------------------------
// VCL005 everything passed / piped
void vcl005(const Program& p, RuleSink& sink) {
    if (recv_never_looks_up(p)) {
        const Stmt* first = nullptr;  // the unconditional bypass if there is one, else the first
        for (const auto& path : method_paths(p, "vcl_recv").paths) {
            const auto a = path.action();
            if (a != "pass" && a != "pipe") continue;
            if (!first || path.conds.empty()) first = path.end;
        }
        sink.report(first->span,
                    "every path through vcl_recv ends in return (" + std::string(first->target) +
                        "): nothing is ever looked up in the cache, so Varnish only adds latency (hit rate 0%)")
            .fix_hint = "return (pass) only for requests that must not be cached (non-GET/HEAD, logged-in users), "
                        "and let the rest reach return (hash) or the built-in VCL";
        return;  // one root cause: what vcl_backend_response stores no longer matters
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
        sink.report(first->span,
                    "every response leaves vcl_backend_response uncacheable (" + how +
                        " on every path): nothing is ever stored, so Varnish only adds latency (hit rate 0%)")
            .fix_hint = "mark only the responses that must not be cached uncacheable (Set-Cookie, private, errors)";
}
CACHELINT_RULE(Program, ids::VCL005, vcl005);

// ---------------------------------------------------------------------------------------------
// VCL006 no grace / graced objects replaced by errors
void vcl006(const Program& p, RuleSink& sink) {
    if (recv_never_looks_up(p)) return;  // nothing is stored: VCL005
    auto top_level_zero = [&](std::string_view method, std::string_view var) {
        for (const Sub* s : p.definitions(method))
            for (const auto& st : s->body)
                if (st.kind == Stmt::Set && iequals(st.target, var) && st.value)
                    if (auto v = const_duration(*st.value); v && *v <= 0)
                        sink.report(st.span,
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
    sink.report(caches_errors ? Severity::warning : Severity::note, grace->span, msg).fix_hint =
        "in vcl_backend_response: `if (beresp.status >= 500 && bereq.is_bgfetch) { return (abandon); }`";
}
CACHELINT_RULE(Program, ids::VCL006, vcl006);

// ---------------------------------------------------------------------------------------------
// VCL007 unconditional long TTL override
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

// Does taking `e` with this polarity keep error responses out? A test of the status, the TTL varnishd derived
// (negative for statuses it does not cache, such as 500 and 503) or uncacheable does; so does requiring an origin
// header to be present or to match (Cache-Control ~ "max-age", Content-Type ~ "image"). A test of the request
// (URL, request headers) or of an origin header's absence does not: errors come for static URLs too, and a
// backend's 500 page rarely carries Cache-Control.
// The value of `e` for a response with this status (three-valued: nullopt when it depends on anything else).
std::optional<bool> status_value(const Expr& e, int status) {
    return eval_cond(e, [&](const Expr& c) -> std::optional<bool> {
        const bool left = c.kids[0].is_name("beresp.status");
        if (!left && !c.kids[1].is_name("beresp.status")) return std::nullopt;
        const Expr& num = left ? c.kids[1] : c.kids[0];
        if (num.kind != Expr::Number) return std::nullopt;
        return left ? compare(c.text, status, num.number) : compare(c.text, num.number, status);
    });
}

bool restricts_status(const Expr& e, bool positive) {
    // A test of the status alone is a guard when no 5xx passes it, or when a 200 does not (a TTL chosen for
    // errors on purpose, VCL006's business); the else of `if (beresp.status == 404) { set beresp.ttl = 15m; }`
    // lets 200s and every 5xx through alike.
    bool decided = true, excludes_errors = true;
    for (int status : {500, 502, 503, 504}) {
        const auto v = status_value(e, status);
        if (!v) decided = false;
        else if (*v == positive) excludes_errors = false;
    }
    const auto ok = status_value(e, 200);
    if (decided && ok) return excludes_errors || *ok != positive;
    // A test of the TTL varnishd derived: it is -1 for the statuses it does not cache (500, 503, ...), so
    // `beresp.ttl > 0s` keeps them out and the floor `if (beresp.ttl <= 30s) { set beresp.ttl = 30s; }` takes them in.
    if (e.kind == Expr::Binary && e.kids.size() == 2 && e.kids[0].is_name("beresp.ttl"))
        if (const auto holds = eval_ttl(e, -1.0)) return *holds != positive;
    for (std::string_view prefix : {"beresp.status", "beresp.ttl", "beresp.uncacheable", "bereq.uncacheable"})
        if (e.mentions(prefix)) return true;
    if (!e.mentions("beresp.http.")) return false;
    if (e.kind == Expr::Unary && e.text == "!" && e.kids.size() == 1) return restricts_status(e.kids[0], !positive);
    if (e.kind == Expr::Binary && e.kids.size() == 2) {
        if (e.text == "&&" || e.text == "||") {
            // A positive && (or a negated ||) restricts when one side does; a positive || only when both do.
            const bool conj = (e.text == "&&") == positive;
            const bool a = restricts_status(e.kids[0], positive), b = restricts_status(e.kids[1], positive);
            return conj ? (a || b) : (a && b);
        }
        if (e.text == "!~" || e.text == "!=") return !positive;
        if (e.text == "~" || e.text == "==") return positive;
        return false;
    }
    return positive;  // a bare header name: present
}

void vcl007(const Program& p, RuleSink& sink) {
    if (recv_never_looks_up(p)) return;  // nothing is stored: VCL005
    const MethodPaths& mp = method_paths(p, "vcl_backend_response");
    const bool invalidation = has_invalidation(p);
    const std::set<std::string> passed = pass_markers(p);
    // For each TTL override, the conditions every path reaching it has taken with the same polarity: those
    // are the ones it really runs under (an `if` the path only passed through, with both outcomes reaching the
    // statement, restricts nothing).
    struct Reach {
        std::vector<Cond> common;
        bool seen = false;
    };
    std::map<const Stmt*, Reach> reach;
    std::vector<const Stmt*> order;
    for (const auto& path : mp.paths) {
        const auto a = path.action();
        if (a == "abandon" || a == "retry" || a == "fail" || a == "error" || a == "pass") continue;
        if (sets_uncacheable(path) || pass_only(path, passed)) continue;
        // The TTL the object is stored with is the last one set on the path; what the path tests anywhere (before
        // or after it: `if (beresp.status != 200) { set beresp.uncacheable = true; }` below still keeps errors out)
        // holds for every response stored that way.
        const Stmt* last = nullptr;
        for (const auto& st : path.steps)
            if (st.stmt->kind == Stmt::Set && iequals(st.stmt->target, "beresp.ttl") && st.stmt->value) last = st.stmt;
        if (!last) continue;
        auto v = const_duration(*last->value);
        if (!v || *v < 60) continue;
        Reach& r = reach[last];
        if (!r.seen) {
            r.seen = true;
            r.common = path.conds;
            order.push_back(last);
            continue;
        }
        std::vector<Cond> kept;
        for (const auto& c : r.common)
            for (const auto& h : path.conds)
                if (h.expr == c.expr && h.positive == c.positive) {
                    kept.push_back(c);
                    break;
                }
        r.common = std::move(kept);
    }
    for (const Stmt* s : order) {
        const Reach& r = reach[s];
        bool guard = false;
        const Expr* under = nullptr;
        for (const auto& cd : r.common) {
            // A path that went past `if (A && B) { return ...; }` only knows !A || !B, which restricts neither.
            if (!cd.positive && cd.expr->kind == Expr::Binary && cd.expr->text == "&&") continue;
            if (restricts_status(*cd.expr, cd.positive)) guard = true;
            else if (cd.positive && !under) under = cd.expr;
        }
        if (guard) continue;
        std::string msg = "beresp.ttl = " + printable(s->value->span.text(), 20);
        msg += under ? " under `" + expr_text(*under, 50) + "`, which does not test the response status: "
                     : " for every response, whatever its status: ";
        msg += "5xx errors and 404s the origin sends without no-cache/private are cached for that long (varnishd "
               "itself gives a 404 only default_ttl and does not cache a 5xx)";
        if (!invalidation) msg += ", and this VCL has no purge or ban path to take a bad object out early";
        sink.report(s->span, msg).fix_hint =
            "guard the override: `if (beresp.status == 200 && beresp.ttl > 0s) { set beresp.ttl = ...; }`";
    }
}
CACHELINT_RULE(Program, ids::VCL007, vcl007);

// ---------------------------------------------------------------------------------------------
// VCL008 purge/ban without an ACL

// Does the VCL anywhere read X: the first expression, in source order (a branch's condition before its body), that
// mentions one of the prefixes; `which` gets the first of them it mentions.
bool block_reads(const Block& b, std::initializer_list<std::string_view> prefixes, std::string* which) {
    auto hit = [&](const Expr& e) {
        for (auto pre : prefixes)
            if (e.mentions(pre)) {
                if (which) *which = std::string(pre);
                return true;
            }
        return false;
    };
    for (const auto& s : b) {
        if (s.value && hit(*s.value)) return true;
        for (const auto& br : s.branches)
            if ((br.cond && hit(*br.cond)) || block_reads(br.body, prefixes, which)) return true;
        if (block_reads(s.body, prefixes, which)) return true;
    }
    return false;
}

bool program_reads(const Program& p, std::initializer_list<std::string_view> prefixes, std::string* which = nullptr) {
    for (const auto& sub : p.subs)
        if (block_reads(sub.body, prefixes, which)) return true;
    return false;
}

std::optional<uint32_t> ipv4(std::string_view a) {
    uint32_t v = 0;
    int parts = 0;
    size_t i = 0;
    while (i <= a.size() && parts < 4) {
        size_t j = a.find('.', i);
        if (j == std::string_view::npos) j = a.size();
        auto part = a.substr(i, j - i);
        if (part.empty() || part.size() > 3) return std::nullopt;
        int n = 0;
        for (char c : part) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + (c - '0');
        }
        if (n > 255) return std::nullopt;
        v = (v << 8) | static_cast<uint32_t>(n);
        ++parts;
        i = j + 1;
        if (j == a.size()) break;
    }
    if (parts != 4) return std::nullopt;
    return v;
}

// An entry admitting a whole private network (or more): behind a proxy, load balancer or ingress on such a
// network, every client's request arrives from an address in it.
bool wide_entry(const AclEntry& e) {
    if (e.negated || e.mask < 0) return false;
    if (e.addr == "::" || e.addr == "0.0.0.0") return e.mask <= 8;
    auto v = ipv4(e.addr);
    if (!v) return false;
    if (e.mask <= 8) return true;
    const bool rfc1918 = (*v >> 24) == 10 || (*v >> 20) == ((172u << 4) | 1u) || (*v >> 16) == ((192u << 8) | 168u);
    return rfc1918 && e.mask <= 16;
}

bool local_entry(const AclEntry& e) {
    if (e.addr == "localhost" || e.addr == "::1") return true;
    auto v = ipv4(e.addr);
    return v && (*v >> 24) == 127;
}

const Decl* find_acl(const Program& p, std::string_view name) {
    for (const auto& a : p.acls)
        if (iequals(a.name, name)) return &a;
    return nullptr;
}

// The ACL of a `client.ip ~ acl` (or !~) test, when `e` is one.
const Decl* client_ip_acl(const Expr& e, const Program& p) {
    if (e.kind == Expr::Unary && e.text == "!" && e.kids.size() == 1) return client_ip_acl(e.kids[0], p);
    if (e.kind == Expr::Binary && (e.text == "~" || e.text == "!~") && e.kids.size() == 2 &&
        e.kids[0].is_name("client.ip") && e.kids[1].kind == Expr::Name)
        return find_acl(p, e.kids[1].text);
    return nullptr;
}

void vcl008(const Program& p, RuleSink& sink) {
    const MethodPaths& mp = method_paths(p, "vcl_recv");
    std::set<const Stmt*> done;
    for (const auto& path : mp.paths) {
        auto check = [&](const Stmt* s, size_t before, const std::string& what) {
            if (done.count(s) || guarded(path, before, p)) return;
            done.insert(s);
            const bool one_url = what.rfind("return (purge)", 0) == 0 || what.rfind("req.hash_always_miss", 0) == 0;
            sink.report(s->span,
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
    // Guarded, but by an ACL that lets every client through in common deployments. Whether the file says it runs
    // in Kubernetes is read only when such an ACL is found (a scan of the whole file).
    auto in_k8s = [&] {
        const std::string_view text = p.main ? p.main->text() : std::string_view{};
        return icontains(text, "kubernetes") || icontains(text, "k8s") || icontains(text, "ingress");
    };
    // Whether the VCL reads a proxy's header, and which: a walk of the whole program, done only for a local-only ACL.
    std::string proxy_header;
    std::optional<bool> behind_proxy_memo;
    auto behind_proxy = [&] {
        if (behind_proxy_memo) return *behind_proxy_memo;
        // X-Forwarded-For is left out: varnishd sets it itself, and Varnish 3 era VCLs append to it by habit.
        behind_proxy_memo = program_reads(p, {"req.http.x-forwarded-proto", "req.http.x-real-ip",
                                              "req.http.x-forwarded-host", "req.http.x-forwarded-port"},
                                          &proxy_header);
        // req.http.x-forwarded-proto -> X-Forwarded-Proto
        if (*behind_proxy_memo) {
            proxy_header = proxy_header.substr(9);
            for (size_t i = 0; i < proxy_header.size(); ++i)
                if (i == 0 || proxy_header[i - 1] == '-')
                    proxy_header[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(proxy_header[i])));
            if (proxy_header == "X-Real-Ip") proxy_header = "X-Real-IP";
        }
        return *behind_proxy_memo;
    };
    std::set<const Expr*> judged;
    for (const auto& path : mp.paths) {
        bool invalidates = path.end && path.action() == "purge";
        for (const auto& st : path.steps) {
            const Stmt& s = *st.stmt;
            if (s.kind == Stmt::FuncCall && (iequals(s.target, "ban") || iequals(s.target, "std.ban") ||
                                             iequals(s.target, "xkey.purge") || iequals(s.target, "xkey.softpurge")))
                invalidates = true;
        }
        if (!invalidates) continue;
        for (const auto& c : path.conds) {
            const Decl* acl = client_ip_acl(*c.expr, p);
            if (!acl || acl->entries.empty() || !judged.insert(c.expr).second) continue;
            const AclEntry* wide = nullptr;
            bool all_local = true;
            for (const auto& e : acl->entries) {
                if (!wide && wide_entry(e)) wide = &e;
                if (!e.negated && !local_entry(e)) all_local = false;
            }
            if (wide) {
                const bool k8s = in_k8s();
                std::string net = "\"" + wide->addr + "\"/" + std::to_string(wide->mask);
                std::string msg = "the purge/ban ACL '" + acl->name + "' admits the whole network " + net +
                                  ": behind a reverse proxy, load balancer or ingress on such a network, every client's "
                                  "request comes from an address in it, so every client passes this check";
                msg += k8s ? " (this file says it runs in Kubernetes, where requests reach Varnish from the ingress "
                             "controller's or kube-proxy's pod-network address)"
                           : " (whether this Varnish sits behind such a proxy is not shown here)";
                sink.report(k8s ? Severity::warning : Severity::note, c.expr->span, msg).fix_hint =
                    "list the invalidating hosts' own addresses (or a /32 per pod or service), or check a secret header "
                    "as well";
            } else if (all_local && behind_proxy()) {
                sink.report(Severity::note, c.expr->span,
                            "the purge/ban ACL '" + acl->name + "' admits only this host, and the VCL reads " +
                                proxy_header +
                                ", so it sits behind a proxy: if that proxy runs on this host and connects without the "
                                "PROXY protocol, client.ip is the proxy's 127.0.0.1 for every request and every client "
                                "can purge (whether it does is not shown here)")
                    .fix_hint = "accept the proxy's connections with the PROXY protocol (`-a :6081,PROXY`) so client.ip "
                                "is the real client, or check a secret header as well";
            }
        }
    }
}
CACHELINT_RULE(Program, ids::VCL008, vcl008);


// ---------------------------------------------------------------------------------------------
// VCL009 access decision on the client-writable X-Forwarded-For
//
// varnishd appends the connecting address to X-Forwarded-For before vcl_recv; everything to its left is what
// the client (or a proxy that appends) sent. Classes: 0 not derived from X-Forwarded-For (or only its last,
// trustworthy entry), 1 everything but the entry varnishd appended (the client's own words when it connects
// directly), 2 a client-address header varnishd does not set (X-Real-IP ...: the client's words unless a proxy in
// front overwrites it), 3 the first entry (the client's own words, whatever proxies sit in front).
constexpr std::string_view kClientIpHeaders[] = {"req.http.x-real-ip", "req.http.true-client-ip",
                                                 "req.http.cf-connecting-ip", "req.http.x-client-ip",
                                                 "req.http.client-ip", "req.http.fastly-client-ip"};
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
using Tainted = std::unordered_map<std::string_view, int, IHash, IEqual>;  // request header (as written) -> class

int xff_class(const Expr& e, const Tainted& tainted);

int regsub_class(const Expr& call, const Tainted& tainted) {
    const int c = xff_class(call.kids[0], tainted);
    if (c == 0 || call.kids.size() < 3 || call.kids[1].kind != Expr::String || call.kids[2].kind != Expr::String) return c;
    const std::string_view pat = call.kids[1].text, rep = call.kids[2].text;
    const size_t comma = pat.rfind(','), paren = pat.rfind('(');
    // The last entry: drop everything up to the last comma, or keep a group after it.
    if ((starts(pat, "^.*") || starts(pat, "^.+") || starts(pat, ".*") || starts(pat, "^(.*)") || starts(pat, "^(.+)")) &&
        rep.empty())
        return 0;
    if (comma != std::string_view::npos && paren != std::string_view::npos && paren > comma && rep.find("\\1") != std::string_view::npos)
        return 0;
    // The first entry: drop from the first comma, or keep a leading group without commas.
    if ((starts(pat, ",") && rep.empty()) || starts(pat, "^([^,") || starts(pat, "^\\s*([^,") || starts(pat, "([^,"))
        return 3;
    return c;
}

bool client_ip_header(std::string_view name) {
    for (auto h : kClientIpHeaders)
        if (iequals(name, h)) return true;
    return false;
}

int xff_class(const Expr& e, const Tainted& tainted) {
    if (e.kind == Expr::Name) {
        if (e.is_name("req.http.x-forwarded-for")) return 1;
        auto it = tainted.find(e.text);
        if (it != tainted.end()) return it->second;  // set by the VCL: what it was set from
        return client_ip_header(e.text) ? 2 : 0;
    }
    if (e.kind == Expr::Call) {
        const std::string_view c = e.callee;
        if ((iequals(c, "regsub") || iequals(c, "regsuball")) && !e.kids.empty()) return regsub_class(e, tainted);
        // std.ip() of the whole header fails on "a, b" and returns its fallback (verified on varnishd 7.1): only a
        // derived value can be spoofed.
        if (iequals(c, "std.ip") && !e.kids.empty() && e.kids[0].is_name("req.http.x-forwarded-for")) return 0;
    }
    int best = 0;
    for (const auto& k : e.kids) best = std::max(best, xff_class(k, tainted));
    return best;
}

void each_stmt(const Block& b, const std::function<void(const Stmt&)>& f) {
    for (const auto& s : b) {
        f(s);
        for (const auto& br : s.branches) each_stmt(br.body, f);
        each_stmt(s.body, f);
    }
}

// An ACL match of an X-Forwarded-For-derived address inside `e`: the match expression and its class.
// A regex or literal that only an IP address would match ("^10\\.1\\.", "192.168.1.5").
bool ip_literal(std::string_view s) {
    bool digit = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') digit = true;
        else if (std::string_view(".^$\\|()[]-*+?{},: ").find(c) == std::string_view::npos) return false;
    }
    return digit;
}

std::pair<const Expr*, int> xff_acl_match(const Expr& e, const Program& p, const Tainted& tainted) {
    if (e.kind == Expr::Binary && (e.text == "~" || e.text == "!~") && e.kids.size() == 2 &&
        e.kids[1].kind == Expr::Name && find_acl(p, e.kids[1].text))
        if (int c = xff_class(e.kids[0], tainted)) return {&e, c};
    // A string test of the address: `req.http.X-Forwarded-For ~ "^10\\."`. The raw header's start is the client's
    // own text; its end (`"10\\.0\\.0\\.1$"`) is the entry varnishd appended, and `==` a literal address can only
    // hold for a header that is that one entry.
    if (e.kind == Expr::Binary && (e.text == "~" || e.text == "!~" || e.text == "==" || e.text == "!=") &&
        e.kids.size() == 2 && e.kids[1].kind == Expr::String && ip_literal(e.kids[1].text)) {
        const Expr& l = e.kids[0];
        int c = xff_class(l, tainted);
        if (l.is_name("req.http.x-forwarded-for")) {
            const std::string_view pat = e.kids[1].text;
            const bool regex = e.text == "~" || e.text == "!~";
            c = !regex ? 0 : (pat.ends_with("$") && !pat.starts_with("^")) ? 0 : 3;
        }
        if (c) return {&e, c};
    }
    for (const auto& k : e.kids)
        if (auto r = xff_acl_match(k, p, tainted); r.first) return r;
    return {nullptr, 0};
}

void vcl009(const Program& p, RuleSink& sink) {
    const std::vector<const Stmt*>& stmts = program_statements(p);
    // Request headers set from X-Forwarded-For, to a fixpoint (set req.http.xff = regsub(X-Forwarded-For, ...)).
    // The assignments are gathered once, each with its entry in `tainted` once a round has reached it with a class
    // (a header is unknown to the statements before that). A header still at class 0 reads as 0 whether it has an
    // entry or not, except a client-address header, whose entry says the VCL set it: only those get one at once.
    std::vector<std::pair<const Stmt*, int*>> header_sets;
    for (const Stmt* s : stmts)
        if (s->kind == Stmt::Set && s->value && istarts(s->target, "req.http.")) header_sets.emplace_back(s, nullptr);
    Tainted tainted;
    for (bool changed = true; changed;) {
        changed = false;
        for (auto& [s, slot] : header_sets) {
            const int c = xff_class(*s->value, tainted);
            if (!slot && (c > 0 || client_ip_header(s->target))) slot = &tainted[s->target];
            if (slot && c > *slot) {
                *slot = c;
                changed = true;
            }
        }
    }
    // Conditions on the way to a purge or ban: the decision authorises it.
    std::set<const Expr*> guards_invalidation;
    for (const auto& path : method_paths(p, "vcl_recv").paths) {
        bool inv = path.end && path.action() == "purge";
        for (const auto& st : path.steps)
            if (st.stmt->kind == Stmt::FuncCall && (iequals(st.stmt->target, "ban") || iequals(st.stmt->target, "std.ban") ||
                                                    iequals(st.stmt->target, "xkey.purge")))
                inv = true;
        if (inv)
            for (const auto& c : path.conds) guards_invalidation.insert(c.expr);
    }
    std::set<const Expr*> done;
    for (const Stmt* sp : stmts) {
        const Stmt& s = *sp;
        for (const auto& br : s.branches) {
            if (!br.cond) continue;
            auto [m, cls] = xff_acl_match(*br.cond, p, tainted);
            if (!m || !done.insert(m).second) continue;
            // What the decision controls: an invalidation, an answer, the cache variant or the backend.
            std::string what;
            if (guards_invalidation.count(&*br.cond)) what = "who may purge or ban";
            bool hashed = false;
            each_stmt(br.body, [&](const Stmt& t) {
                if (t.kind == Stmt::Return && what.empty()) what = "a return (" + std::string(t.target) + ")";
                if (t.kind == Stmt::FuncCall && (iequals(t.target, "ban") || iequals(t.target, "std.ban")))
                    what = "who may purge or ban";
                if (t.kind == Stmt::Set && starts(to_lower(t.target), "req.http."))
                    for (const Stmt* h : stmts)
                        if (is_call_to(*h, "hash_data") && h->value && h->value->mentions(to_lower(t.target)))
                            hashed = true;
            });
            if (what.empty() && hashed) what = "the cache variant (the header it sets is hashed in vcl_hash)";
            if (what.empty()) what = "what this branch does";
            std::string msg = "`" + expr_text(*m, 70) + "` decides " + what +
                              " on an address taken from X-Forwarded-For, which the client writes: varnishd only "
                              "appends the connecting address to it";
            if (cls == 3)
                msg += ", and the first entry is whatever the client sent, even behind a proxy that appends, so "
                       "any client passes this check by sending a matching address";
            else if (cls == 2)
                msg = "`" + expr_text(*m, 70) + "` decides " + what +
                      " on a client-address header varnishd does not set: unless a proxy in front overwrites it on "
                      "every request, any client passes this check by sending a matching address (whether one does "
                      "is not shown here)";
            else
                msg += "; the address tested is the header without that last entry, so a client that connects to "
                       "Varnish directly passes this check by sending one matching address (behind a proxy that "
                       "appends, the spoofed value no longer parses as one address; whether the port is reachable "
                       "directly is not shown here)";
            sink.report(cls == 3 ? Severity::warning : Severity::note, m->span, msg).fix_hint =
                "decide on client.ip (with the PROXY protocol from the proxy in front), or on the entry the "
                "trusted proxy appended (the last one before Varnish's own)";
        }
    }
}
CACHELINT_RULE(Program, ids::VCL009, vcl009);


// ---------------------------------------------------------------------------------------------
// VCL010 a PURGE turned into a ban on the request URL as an unanchored regex
//
// ban("req.url ~ " + req.url): the ban operand is a PCRE2 regex, so the requested URL matches as a substring with
// its `.`, `?`, `+`, `(` as operators. Verified on varnishd 7.1: PURGE / banned every object, and PURGE /sparql?x=1
// left /sparql?x=1 cached (`?` makes the `l` before it optional). Only PURGE requests: the method names one URL,
// while a BAN method or a branch selected by an "X-Purge-Method: regex" header asks for a regex on purpose.

void concat_terms(const Expr& e, std::vector<const Expr*>& out) {
    if (e.kind == Expr::Binary && e.text == "+" && e.kids.size() == 2) {
        concat_terms(e.kids[0], out);
        concat_terms(e.kids[1], out);
    } else {
        out.push_back(&e);
    }
}

bool tests_method(const Expr& e, std::string_view method, bool equal) {
    if (e.kind == Expr::Binary && e.kids.size() == 2 &&
        (equal ? (e.text == "==" || e.text == "~") : e.text == "!=")) {
        const Expr& l = e.kids[0];
        const Expr& r = e.kids[1];
        const Expr* lit = r.kind == Expr::String ? &r : l.kind == Expr::String ? &l : nullptr;
        if (lit && (l.is_name("req.method") || r.is_name("req.method")) &&
            to_lower(lit->text).find(method) != std::string::npos)
            return true;
    }
    if (e.kind == Expr::Binary && (e.text == "||" || (!equal && e.text == "&&")))
        for (const auto& k : e.kids)
            if (tests_method(k, method, equal)) return true;
    return false;
}

// A condition that selects regex semantics: a header or literal naming "regex", or a test of the URL for escaped
// regex operators (`req.url ~ "\.\*"`, the WordPress purge libraries' guess).
bool selects_regex(const Expr& e) {
    if ((e.kind == Expr::Name || e.kind == Expr::String) && to_lower(e.text).find("regex") != std::string::npos) return true;
    if (e.kind == Expr::Binary && (e.text == "~") && e.kids.size() == 2 && e.kids[0].is_name("req.url") &&
        e.kids[1].kind == Expr::String) {
        const std::string_view pat = e.kids[1].text;
        for (size_t i = 0; i + 1 < pat.size(); ++i)
            if (pat[i] == '\\' && std::string_view("*^$|[").find(pat[i + 1]) != std::string_view::npos) return true;
    }
    for (const auto& k : e.kids)
        if (selects_regex(k)) return true;
    return false;
}

void vcl010(const Program& p, RuleSink& sink) {
    std::set<const Stmt*> done;
    for (const auto& path : method_paths(p, "vcl_recv").paths) {
        for (const auto& st : path.steps) {
            const Stmt& s = *st.stmt;
            if (s.kind != Stmt::FuncCall || !(iequals(s.target, "ban") || iequals(s.target, "std.ban")) || !s.value ||
                s.value->kids.empty() || done.count(&s))
                continue;
            bool purge = false, regex = false;
            for (size_t i = 0; i < std::min(st.conds_before, path.conds.size()); ++i) {
                const Cond& c = path.conds[i];
                if (c.positive ? tests_method(*c.expr, "purge", true) : tests_method(*c.expr, "purge", false)) purge = true;
                if (c.positive && selects_regex(*c.expr)) regex = true;
            }
            if (!purge || regex) continue;
            const Expr& arg = s.value->kids[0];
            std::vector<const Expr*> terms;
            concat_terms(arg, terms);
            for (size_t i = 1; i < terms.size(); ++i) {
                if (!terms[i]->is_name("req.url") || terms[i - 1]->kind != Expr::String) continue;
                std::string_view lhs = terms[i - 1]->text;
                while (!lhs.empty() && lhs.back() == ' ') lhs.remove_suffix(1);
                if (lhs.empty() || lhs.back() != '~' || (lhs.size() >= 2 && lhs[lhs.size() - 2] == '!')) continue;
                // `"obj.http.x-url ~ ^" + req.url`: a prefix ban, a deliberate subtree purge
                done.insert(&s);
                bool req_ban = false;  // a condition on req.* anywhere in the ban expression
                for (const Expr* t : terms)
                    if (t->kind == Expr::String && to_lower(t->text).find("req.") != std::string::npos) req_ban = true;
                std::string msg = "`" + expr_text(arg, 70) +
                                  "` on a PURGE request uses the requested URL as an unanchored regular expression: "
                                  "PURGE / matches every cached URL and empties the cache, and a URL with regex "
                                  "operators (`?`, `+`, `(`) does not match itself (PURGE /page?id=1 leaves "
                                  "/page?id=1 cached)";
                if (req_ban)
                    msg += "; a ban on req.* cannot be tested by the ban lurker either, so it is only checked when "
                           "each older object is next requested and stays on the ban list until then";
                sink.report(s.span, msg).fix_hint =
                    "store the URL on the object (`set beresp.http.x-url = bereq.url;` in vcl_backend_response) and "
                    "ban on equality: `ban(\"obj.http.x-url == \" + req.url);`, or `return (purge);` for one URL";
                break;
            }
        }
    }
}
CACHELINT_RULE(Program, ids::VCL010, vcl010);

// ---------------------------------------------------------------------------------------------
// VCL011 return (restart) in vcl_hit that changes nothing the next lookup depends on
//
// The restarted request runs vcl_recv and vcl_hash again, finds the same object and takes the same path: after
// max_restarts it is answered 503 (VCL_Error "Too many restarts", verified on varnishd 7.1 with a graced object
// and a healthy backend). Quiet when the path sets any req.* variable (hash_always_miss, url, backend_hint, a
// marker header), or the restart count is tested on the path, in vcl_recv or in vcl_hash.
bool method_tests(const Program& p, std::string_view method, std::string_view lower_prefix) {
    for (const Stmt* s : method_statements(p, method)) {
        if (s->value && s->value->mentions(lower_prefix)) return true;
        for (const auto& b : s->branches)
            if (b.cond && b.cond->mentions(lower_prefix)) return true;
    }
    return false;
}

void vcl011(const Program& p, RuleSink& sink) {
    if (p.fragment || !p.includes_complete) return;  // vcl_recv may be elsewhere
    // Whether vcl_recv or vcl_hash tests req.restarts (walks of both) is asked only once vcl_hit has a restart.
    std::optional<bool> tested_elsewhere;
    std::set<const Stmt*> done;
    for (const auto& path : method_paths(p, "vcl_hit").paths) {
        if (!path.end || path.action() != "restart" || done.count(path.end)) continue;
        if (!tested_elsewhere)
            tested_elsewhere = method_tests(p, "vcl_recv", "req.restarts") || method_tests(p, "vcl_hash", "req.restarts");
        if (*tested_elsewhere) return;
        if (path.tested("req.restarts")) continue;
        bool changes = false;
        for (const auto& st : path.steps)
            if ((st.stmt->kind == Stmt::Set || st.stmt->kind == Stmt::Unset) && istarts(st.stmt->target, "req."))
                changes = true;
        if (changes) continue;
        done.insert(path.end);
        sink.report(path.end->span,
                    "return (restart) in vcl_hit changes nothing the next lookup depends on (no req.* variable is set "
                    "on this path, and neither this path, vcl_recv nor vcl_hash tests req.restarts): the restarted request finds the same "
                    "object, takes this path again, and after max_restarts (default 4) is answered 503 \"Too many "
                    "restarts\"")
            .fix_hint = "to fetch a fresh copy, `set req.hash_always_miss = true;` before the restart (only while "
                        "`req.restarts == 0`); to bound how stale a hit may be, set req.grace in vcl_recv";
    }
}
CACHELINT_RULE(Program, ids::VCL011, vcl011);


// ---------------------------------------------------------------------------------------------
// VCL012 backend chosen by the listening address or port, which the hash does not include
//
// `if (std.port(server.ip) == 7443) { set req.backend_hint = secure; } else { set req.backend_hint = default; }`
// with the built-in vcl_hash (URL and Host): a request on either listener finds the object the other backend
// returned, e.g. the plain-HTTP vhost's redirect to https served to HTTPS clients (a redirect loop).
bool listener_value(const Expr& e) {
    if (e.kind == Expr::Name)
        return e.is_name("server.ip") || e.is_name("local.ip") || e.is_name("local.endpoint") ||
               e.is_name("local.socket");
    if (e.kind == Expr::Call && to_lower(e.callee).rfind("proxy.", 0) == 0) return true;  // vmod_proxy: is_ssl() ...
    for (const auto& k : e.kids)
        if (listener_value(k)) return true;
    return false;
}

// The TLS side of the split is visible: a port ending in 443 in the test, or a backend named for it.
bool tls_hint(const Expr& e) {
    if (e.kind == Expr::Number && static_cast<long>(e.number) % 1000 == 443) return true;
    if (e.kind == Expr::String && e.text.ends_with("443")) return true;
    if (e.kind == Expr::Call && iequals(e.callee, "proxy.is_ssl")) return true;
    for (const auto& k : e.kids)
        if (tls_hint(k)) return true;
    return false;
}
bool tls_name(std::string_view n) {
    const std::string l = to_lower(n);
    for (auto w : {"ssl", "tls", "https", "secure"})
        if (l.find(w) != std::string::npos) return true;
    return false;
}

void vcl012(const Program& p, RuleSink& sink) {
    if (p.fragment || !p.includes_complete || p.backends.size() < 2) return;
    const auto hash_stmts = method_statements(p, "vcl_hash");
    auto hashed = [&](std::string_view lower_prefix) {
        for (const Stmt* h : hash_stmts)
            if (is_call_to(*h, "hash_data") && h->value && h->value->mentions(lower_prefix)) return true;
        return false;
    };
    if (hashed("server.ip") || hashed("local.") || hashed("std.port") || hashed("proxy.")) return;
    for (const Stmt* s : method_statements(p, "vcl_recv")) {
        if (s->kind != Stmt::If) continue;
        const Expr* cond = nullptr;
        for (const auto& b : s->branches)
            if (b.cond && listener_value(*b.cond)) cond = &*b.cond;
        if (!cond) continue;
        // What each branch does: the backend it picks, whether its requests are cached, what else it changes.
        std::vector<std::string> picked;
        bool changes_key = false, has_else = false, uncached = false;
        for (const auto& b : s->branches) {
            if (!b.cond) has_else = true;
            std::string backend;
            each_stmt(b.body, [&](const Stmt& t) {
                if (t.kind == Stmt::Set && iequals(t.target, "req.backend_hint") && t.value && t.value->kind == Expr::Name)
                    backend = to_lower(t.value->text);
                if ((t.kind == Stmt::Set || t.kind == Stmt::Unset) &&
                    (iequals(t.target, "req.url") || iequals(t.target, "req.http.host") ||
                     (starts(to_lower(t.target), "req.http.") && hashed(to_lower(t.target)))))
                    changes_key = true;
                if (t.kind == Stmt::Return && (iequals(t.target, "pass") || iequals(t.target, "pipe") ||
                                               iequals(t.target, "synth")))
                    uncached = true;
            });
            if (!backend.empty()) picked.push_back(backend);
        }
        if (changes_key || uncached || picked.empty()) continue;
        // No else: the other listener keeps the backend chosen before (the first declared one by default).
        if (!has_else) picked.push_back(p.backends.front().name);
        std::set<std::string> distinct(picked.begin(), picked.end());
        if (distinct.size() < 2) continue;
        bool tls = tls_hint(*cond);
        for (const auto& b : distinct)
            if (tls_name(b)) tls = true;
        std::string names;
        for (const auto& b : distinct) names += (names.empty() ? "" : ", ") + b;
        const bool own_hash = !hash_stmts.empty();
        std::string msg = "`" + expr_text(*cond, 60) + "` sends requests to different backends (" + names +
                          ") by the address or port they arrived on, but " +
                          (own_hash ? std::string("vcl_hash does not hash it")
                                    : std::string("the hash (the built-in one: URL and Host) does not include it")) +
                          ": a URL and Host asked on either listener is one cache entry, so whichever backend "
                          "answered first is served to the clients of the other";
        if (tls)
            msg += " (here HTTP and HTTPS: a plain-HTTP redirect to https, or a page with http:// links, is served to "
                   "HTTPS clients)";
        else
            msg += " (whether these backends answer the same URL differently is not shown here)";
        sink.report(tls ? Severity::warning : Severity::note, s->span, msg).fix_hint =
            "hash what decides the backend: `hash_data(std.port(server.ip));` in vcl_hash (or set a header such as "
            "X-Forwarded-Proto in each branch and hash that)";
    }
}
CACHELINT_RULE(Program, ids::VCL012, vcl012);

}  // namespace
}  // namespace cachelint::varnish
