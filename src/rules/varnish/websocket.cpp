// VCL013: WebSocket upgrades that vcl_recv routes where the handshake cannot reach the backend.
//
// Upgrade and Connection are hop-by-hop: varnishd builds the backend request without them, in pass and in pipe
// alike. Only vcl_pipe can put them back (`set bereq.http.upgrade = req.http.upgrade;`), and only a piped
// connection can carry the 101 answer and the frames after it. Verified on varnishd 7.1: with `return (pass)`,
// or `return (pipe)` and no such vcl_pipe, the backend received a plain GET and answered 426.
#include <set>
#include <string>

#include "core/dialect.hpp"
#include "core/text.hpp"
#include "parse/varnish/parser.hpp"
#include "parse/varnish/paths.hpp"

namespace cachelint::varnish {
namespace {

bool string_has(const Expr& e, std::string_view lower_word) {
    return e.kind == Expr::String && to_lower(e.text).find(lower_word) != std::string::npos;
}

// Requests that hold the condition `e` (or, when !positive, fail it) are WebSocket upgrades: the Upgrade header
// is present or matched, or Connection matches "upgrade".
bool selects_upgrades(const Expr& e, bool positive) {
    switch (e.kind) {
        case Expr::Name:
            return positive && e.is_name("req.http.upgrade");
        case Expr::Unary:
            return e.text == "!" && !e.kids.empty() && selects_upgrades(e.kids[0], !positive);
        case Expr::Binary: {
            if (e.kids.size() != 2) return false;
            const Expr& l = e.kids[0];
            const Expr& r = e.kids[1];
            if (e.text == "&&") return positive && (selects_upgrades(l, true) || selects_upgrades(r, true));
            if (e.text == "||")
                return positive ? selects_upgrades(l, true) || selects_upgrades(r, true)
                                : selects_upgrades(l, false) || selects_upgrades(r, false);
            const bool matches = e.text == "~" || e.text == "==";
            const bool differs = e.text == "!~" || e.text == "!=";
            if (!(positive ? matches : differs)) return false;
            return l.is_name("req.http.upgrade") || (l.is_name("req.http.connection") && string_has(r, "upgrade"));
        }
        default:
            return false;
    }
}

bool sets_anywhere(const Program& p, std::string_view method, std::string_view lower_var) {
    for (const Stmt* s : method_statements(p, method))
        if (s->kind == Stmt::Set && iequals(s->target, lower_var)) return true;
    return false;
}

void vcl013(const Program& p, RuleSink& sink) {
    const bool whole = !p.fragment && p.includes_complete;  // else vcl_pipe may be defined elsewhere
    const bool pipe_restores = sets_anywhere(p, "vcl_pipe", "bereq.http.upgrade");
    const bool fetch_restores = sets_anywhere(p, "vcl_backend_fetch", "bereq.http.upgrade");
    std::set<const Stmt*> done;
    for (const auto& path : method_paths(p, "vcl_recv").paths) {
        if (!path.end || done.count(path.end)) continue;
        const std::string action = to_lower(path.action());
        if (action != "pass" && action != "pipe") continue;
        // The path must be taken by upgrades, after no condition that sent them elsewhere (an earlier
        // `if (req.http.upgrade ~ "websocket") { return (pipe); }` leaves only other Upgrade values here).
        const Expr* cond = nullptr;
        bool sent_elsewhere = false;
        for (const auto& c : path.conds) {
            if (selects_upgrades(*c.expr, c.positive)) cond = c.expr;
            if (selects_upgrades(*c.expr, !c.positive)) sent_elsewhere = true;
        }
        if (!cond || sent_elsewhere) continue;
        if (action == "pipe" && (pipe_restores || !whole)) continue;
        if (action == "pass" && fetch_restores) continue;  // the handshake is forwarded by hand: not shown to fail
        done.insert(path.end);
        Finding& f = sink.report(
            path.end->span,
            action == "pass"
                ? "WebSocket upgrades are sent to pass: varnishd fetches them as ordinary requests without the hop-by-hop "
                  "Upgrade and Connection headers, so the backend never sees the handshake and no WebSocket connects"
                : "WebSocket upgrades are piped, but vcl_pipe does not copy the Upgrade and Connection headers into the "
                  "backend request (varnishd drops both as hop-by-hop): the backend never sees the handshake and no "
                  "WebSocket connects");
        f.related.push_back({cond->span, "the upgrade is recognised here"});
        f.fix_hint = "return (pipe) for upgrades, and in vcl_pipe: if (req.http.upgrade) { set bereq.http.upgrade = "
                     "req.http.upgrade; set bereq.http.connection = req.http.connection; }";
    }
}
CACHELINT_RULE(Program, ids::VCL013, vcl013);

}  // namespace
}  // namespace cachelint::varnish
