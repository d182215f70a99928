#include "parse/varnish/parser.hpp"
#include "core/rule_ids.hpp"

#include <arpa/inet.h>
#include <fnmatch.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "core/include_resolver.hpp"
#include "core/includes.hpp"
#include "core/lint_job.hpp"
#include "core/text.hpp"
#include "parse/varnish/lexer.hpp"

namespace cachelint::varnish {

// ---------------------------------------------------------------------------------------------
// Model helpers

bool Expr::is_name(std::string_view lower_name) const { return kind == Name && iequals(text, lower_name); }

bool Expr::mentions(std::string_view lower_prefix) const {
    if (kind == Name && text.size() >= lower_prefix.size() && iequals(text.substr(0, lower_prefix.size()), lower_prefix))
        return true;
    if (kind == Call && callee.size() >= lower_prefix.size() && iequals(callee.substr(0, lower_prefix.size()), lower_prefix))
        return true;
    for (const auto& k : kids)
        if (k.mentions(lower_prefix)) return true;
    return false;
}

const std::vector<const Sub*>& Program::definitions(std::string_view name) const {
    if (sub_index_size != subs.size()) {
        sub_index.clear();
        for (const auto& s : subs) sub_index[s.name].push_back(&s);
        sub_index_size = subs.size();
    }
    static const std::vector<const Sub*> kNone;
    auto it = sub_index.find(name);
    return it == sub_index.end() ? kNone : it->second;
}
const Sub* Program::find_sub(std::string_view lower_name) const {
    for (const auto& s : subs)
        if (s.name == lower_name) return &s;
    return nullptr;
}
bool Program::has_acl(std::string_view name) const {
    for (const auto& a : acls)
        if (iequals(a.name, name)) return true;
    return false;
}

std::optional<double> const_duration(const Expr& e) {
    switch (e.kind) {
        case Expr::Duration: return e.number;
        case Expr::Unary:
            if (e.text == "-" && e.kids.size() == 1) {
                if (auto v = const_duration(e.kids[0])) return -*v;
            }
            return std::nullopt;
        case Expr::Binary: {
            if (e.kids.size() != 2) return std::nullopt;
            auto a = const_duration(e.kids[0]), b = const_duration(e.kids[1]);
            if (e.text == "+" && a && b) return *a + *b;
            if (e.text == "-" && a && b) return *a - *b;
            if (e.text == "*" && a && e.kids[1].kind == Expr::Number) return *a * e.kids[1].number;
            if (e.text == "*" && b && e.kids[0].kind == Expr::Number) return *b * e.kids[0].number;
            if (e.text == "/" && a && e.kids[1].kind == Expr::Number && e.kids[1].number != 0) return *a / e.kids[1].number;
            return std::nullopt;
        }
        default: return std::nullopt;
    }
}

namespace {

struct MethodActions {
    std::string_view method;
    std::initializer_list<std::string_view> actions;
};
// varnish 7.1 generate.py (returns per method).
const MethodActions kMethods[] = {
    {"recv", {"fail", "synth", "restart", "pass", "pipe", "hash", "purge", "vcl"}},
    {"pipe", {"fail", "synth", "pipe"}},
    {"pass", {"fail", "synth", "restart", "fetch"}},
    {"hash", {"fail", "lookup"}},
    {"purge", {"fail", "synth", "restart"}},
    {"hit", {"fail", "synth", "restart", "pass", "deliver"}},
    {"miss", {"fail", "synth", "restart", "pass", "fetch"}},
    {"deliver", {"fail", "synth", "restart", "deliver"}},
    {"synth", {"fail", "restart", "deliver"}},
    {"backend_fetch", {"fail", "fetch", "abandon", "error"}},
    {"backend_response", {"fail", "deliver", "retry", "abandon", "pass", "error"}},
    {"backend_error", {"fail", "deliver", "retry", "abandon"}},
    {"init", {"ok", "fail"}},
    {"fini", {"ok"}},
};
constexpr std::string_view kAllActions[] = {"abandon", "deliver", "error", "fail", "fetch", "hash", "lookup", "ok",
                                            "pass", "pipe", "purge", "restart", "retry", "synth", "vcl"};

// Subs builtin.vcl 7.1 defines besides the methods, and the method each belongs to.
std::string_view builtin_sub_method(std::string_view name) {
    static const std::pair<std::string_view, std::string_view> kSubs[] = {
        {"vcl_builtin_recv", "recv"}, {"vcl_req_host", "recv"}, {"vcl_req_method", "recv"},
        {"vcl_req_authorization", "recv"}, {"vcl_req_cookie", "recv"}, {"vcl_builtin_pipe", "pipe"},
        {"vcl_builtin_pass", "pass"}, {"vcl_builtin_hash", "hash"}, {"vcl_builtin_purge", "purge"},
        {"vcl_builtin_hit", "hit"}, {"vcl_builtin_miss", "miss"}, {"vcl_builtin_deliver", "deliver"},
        {"vcl_builtin_synth", "synth"}, {"vcl_builtin_backend_fetch", "backend_fetch"},
        {"vcl_builtin_backend_response", "backend_response"}, {"vcl_beresp_stale", "backend_response"},
        {"vcl_beresp_cookie", "backend_response"}, {"vcl_beresp_control", "backend_response"},
        {"vcl_beresp_vary", "backend_response"}, {"vcl_beresp_hitmiss", "backend_response"},
        {"vcl_builtin_backend_error", "backend_error"}};
    for (auto& [n, m] : kSubs)
        if (n == name) return m;
    return {};
}

std::string q(std::string_view s) { return "'" + printable(s, 60) + "'"; }

// For a literal address with bits set under its mask, the network vcc_acl.c suggests ("10.1.2.3", 8 ->
// "10.0.0.0"); none when the host part is zero, for host names and for out-of-range masks.
std::optional<std::string> masked_network(const std::string& addr, int mask) {
    unsigned char buf[16];
    int af = 0, bits = 0;
    if (inet_pton(AF_INET, addr.c_str(), buf) == 1) af = AF_INET, bits = 32;
    else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) af = AF_INET6, bits = 128;
    else return std::nullopt;
    if (mask < 0 || mask > bits) return std::nullopt;
    bool set = false;
    for (int i = mask; i < bits; ++i) {
        const auto bit = static_cast<unsigned char>(0x80u >> (i % 8));
        if (buf[i / 8] & bit) set = true;
        buf[i / 8] &= static_cast<unsigned char>(~bit);
    }
    if (!set) return std::nullopt;
    char out[INET6_ADDRSTRLEN];
    if (!inet_ntop(af, buf, out, sizeof out)) return std::nullopt;
    return std::string(out);
}

// ---------------------------------------------------------------------------------------------
// Include expansion (vcc_lex_include / vcc_resolve_includes): `include` is handled at token level.

struct Abort {};

class Expander {
public:
    Expander(LintJob& job, FindingSink& sink, const VarnishTarget& target) : job_(job), sink_(sink), target_(target) {}

    // Appends the tokens of `file` (includes spliced in) to out. Returns false on a fatal problem.
    bool expand(const SourceFile& file, std::vector<Token>& out) {
        std::vector<Token> toks;
        LexError err;
        const bool lexed = lex_vcl(file, toks, err, !target_.at_least(7, 0));
        const bool includes = std::any_of(toks.begin(), toks.end(), [](const Token& t) { return t.kind == Tok::Id && t.text() == "include"; });
        if (lexed && !includes && out.empty()) {  // the common case: the file's tokens are the program's
            out = std::move(toks);
            return true;
        }
        out.reserve(out.size() + toks.size());
        for (size_t i = 0; i < toks.size(); ++i) {
            const Token& t = toks[i];
            if (!(t.kind == Tok::Id && t.text() == "include")) {
                out.push_back(t);
                continue;
            }
            bool glob = false;
            size_t j = i + 1;
            if (j + 1 < toks.size() && toks[j].is("+") && toks[j + 1].kind == Tok::Id && toks[j + 1].text() == "glob") {
                if (!target_.at_least(7, 0)) {
                    sink_.report(ids::VCL901, toks[j].span(),
                                 "include +glob is a Varnish 7.0 feature: varnishd " + target_.name() +
                                     " expects the file name string right after 'include' and refuses the VCL" +
                                     target_.reason);
                    return false;
                }
                glob = true;
                j += 2;
            }
            if (j >= toks.size() || toks[j].kind != Tok::CStr) {
                if (j >= toks.size() && !lexed) break;  // the lexer error explains it
                sink_.report(ids::VCL901, t.span(), "include not followed by string constant; varnishd refuses the VCL "
                                                   "('include' is a reserved word everywhere, even as a header name)");
                return false;
            }
            const Token& path_tok = toks[j];
            if (j + 1 >= toks.size() || !toks[j + 1].is(";")) {
                if (j + 1 >= toks.size() && !lexed) break;
                sink_.report(ids::VCL901, path_tok.span(), "include " + q(path_tok.text()) + " must be followed by ';'");
                return false;
            }
            i = j + 1;
            if (!include(file, path_tok, glob, out)) return false;
        }
        if (!lexed) {
            sink_.report(ids::VCL901, err.where, err.message + "; varnishd refuses the VCL");
            return false;
        }
        return true;
    }

private:
    std::vector<std::string> candidates(const SourceFile& from, const std::string& rel) {
        if (!rel.empty() && rel[0] == '/') return {rel};
        if (rel.rfind("./", 0) == 0) return {join_path(directory_of(from.path()), rel.substr(2))};
        // varnishd searches vcl_path (default /etc/varnish:/usr/share/varnish/vcl); a project keeps its
        // includes beside the main file and passes that folder in vcl_path, so look there first.
        std::vector<std::string> c = {join_path(directory_of(from.path()), rel)};
        if (job_.main && directory_of(job_.main->path()) != directory_of(from.path()))
            c.push_back(join_path(directory_of(job_.main->path()), rel));
        c.push_back(join_path("/etc/varnish", rel));
        c.push_back(join_path("/usr/share/varnish/vcl", rel));
        return c;
    }

    bool include(const SourceFile& from, const Token& path_tok, bool glob, std::vector<Token>& out) {
        const std::string rel(path_tok.value());
        std::vector<std::string> files;
        std::optional<MappedInclude> mapped;
        std::string written = rel;
        if (glob) {
            for (const auto& c : candidates(from, rel)) {
                files = expand_glob(c);
                if (!files.empty()) break;
            }
            for (const auto& c : candidates(from, rel)) {
                if (!files.empty()) break;
                if ((mapped = resolver_.map(c, true, from.path()))) {
                    files = expand_glob(mapped->path);
                    written = c;
                }
            }
            if (files.empty()) {
                if (!local(rel)) return unresolved(path_tok, "include +glob " + q(rel) + " matches no file on this machine");
                sink_.report(ids::VCL910, path_tok.span(), "include +glob " + q(rel) + " matches no file; varnishd refuses the VCL");
                return false;
            }
        } else {
            std::string last_error = "No such file or directory";
            for (const auto& c : candidates(from, rel)) {
                if (access_ok(c)) {
                    files.push_back(c);
                    break;
                }
            }
            // A path of the deployment host (/etc/varnish/x.vcl, or a vcl_path folder) that the repository keeps
            // in its own tree: the [paths] table, a Dockerfile COPY, or the path's trailing part (core/include_resolver).
            for (const auto& c : candidates(from, rel)) {
                if (!files.empty()) break;
                if ((mapped = resolver_.map(c, false, from.path()))) {
                    files.push_back(mapped->path);
                    written = c;
                }
            }
            if (files.empty() && job_.main && job_.main->masked() && !rel.empty() && rel[0] != '/') {
                // A template: where it is rendered to (and so what its relative includes find) is not known here.
                sink_.report(ids::VCL910, Severity::note, path_tok.span(),
                             "included file " + q(rel) + " was not found beside this template or in the default vcl_path; "
                             "the VCL was not checked further (where the template is rendered to is unknown)");
                return false;
            }
            if (files.empty()) {
                // Only a './' path names a file of this tree for certain; an absolute path or a vcl_path search
                // depends on the machine varnishd runs on (a generated backends.vcl, a file the installer copies).
                if (!local(rel))
                    return unresolved(path_tok, "included file " + q(rel) + " was not found on this machine" +
                                                    (rel[0] == '/' ? std::string()
                                                                   : std::string(" (varnishd searches vcl_path for it)")));
                sink_.report(ids::VCL910, path_tok.span(),
                             "cannot read included file " + q(rel) + ": " + last_error + "; varnishd refuses the VCL");
                return false;
            }
        }
        for (const auto& f : files) {
            const IncludeGuard::Scope scope = guard_.enter(canonical_path(f));
            if (!scope) {
                const bool cycle = scope.refusal() == IncludeRefusal::cycle;
                sink_.report(ids::VCL910, path_tok.span(),
                             "include " + q(rel) + ": " +
                                 (cycle ? std::string("include cycle (the file is already being included)")
                                        : describe(scope.refusal(), f)) +
                                 "; varnishd refuses recursive includes");
                return false;
            }
            auto loaded = job_.loader->load(f);
            if (!loaded.file) {
                sink_.report(ids::VCL910, path_tok.span(), "cannot read included file " + q(f) + ": " + loaded.error);
                return false;
            }
            if (mapped) resolver_.record(job_, path_tok.span(), written, *mapped, {loaded.file});
            if (!expand(*loaded.file, out)) return false;
        }
        return true;
    }

    // vcc_include_file(): only "./" is resolved against the including file; anything else relative is
    // searched in vcl_path.
    static bool local(const std::string& rel) { return rel.rfind("./", 0) == 0; }

    // The include is skipped: what it declares (backends, subs, ACLs, imports) is unknown from here on.
    bool unresolved(const Token& path_tok, const std::string& what) {
        incomplete = true;
        sink_.report(ids::VCL913, path_tok.span(),
                     what + "; its contents were not checked, and neither were references to what it may declare");
        return true;
    }

    static bool access_ok(const std::string& path) {
        FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) return false;
        std::fclose(f);
        return true;
    }

public:
    IncludeGuard guard_;
    bool incomplete = false;  // an include was unresolved (VCL913)

private:
    LintJob& job_;
    IncludeResolver resolver_{job_};  // deploy paths (/etc/varnish/...) to the repository's files
    FindingSink& sink_;
    const VarnishTarget& target_;
};

// ---------------------------------------------------------------------------------------------
// Parser (vcc_Parse / vcc_Compound / vcc_expr)

class Parser {
public:
    Parser(std::vector<Token>& toks, Program& prog, FindingSink& sink) : t_(toks), prog_(prog), sink_(sink) {}

    void parse_program() {
        // The very first token must be `vcl` (vcc_ParseVcl); the program is otherwise "version-less".
        if (!at_end() && cur().kind == Tok::Id && cur().text() == "vcl") {
            parse_vcl_line();
            prog_.has_version = true;
        }
        while (!at_end()) {
            const Token& k = cur();
            if (k.kind == Tok::CSrc) inline_c(k);
            if (k.kind != Tok::Id) expected_toplevel();
            // vcc_Parse() compares the top-level keywords case-sensitively (`SUB` is refused), while
            // statements inside a sub go through the case-insensitive symbol table (`SET` is fine).
            const std::string_view kw = k.text();
            if (kw == "sub") parse_sub();
            else if (kw == "acl") parse_acl();
            else if (kw == "backend") parse_backend();
            else if (kw == "probe") parse_probe();
            else if (kw == "import") parse_import();
            else if (kw == "vcl") parse_vcl_line();
            else expected_toplevel();
        }
    }

    std::vector<std::pair<std::string, Span>> probe_refs;  // backend .probe = name

private:
    // -- token helpers
    bool at_end() const { return i_ >= t_.size(); }
    const Token& cur() const { return t_[i_]; }
    Span here() const {
        if (!at_end()) return cur().span();
        if (t_.empty()) return {prog_.main, 0, 0};
        const Token& l = t_.back();
        return {l.file, l.end, l.end};
    }
    std::string found() const { return at_end() ? std::string("end of input") : q(cur().text()); }
    [[noreturn]] void fail(Span where, std::string msg, const RuleId& id = ids::VCL901) {
        sink_.report(id, where, std::move(msg));
        throw Abort{};
    }
    [[noreturn]] void expected(std::string_view what) {
        fail(here(), "expected " + std::string(what) + ", found " + found() + "; varnishd refuses the VCL");
    }
    [[noreturn]] void expected_toplevel() {
        fail(here(), "expected one of 'acl', 'sub', 'backend', 'probe', 'import' or 'vcl' at top level, found " + found() +
                         "; varnishd refuses the VCL");
    }
    [[noreturn]] void inline_c(const Token& k) {
        fail(k.span(), "inline C (C{ ... }C) is not allowed: varnishd refuses it unless started with -p vcc_allow_inline_c=on; "
                       "move the code into a VMOD",
             ids::VCL908);
    }
    const Token& take() {
        if (at_end()) expected("more input");
        return t_[i_++];
    }
    bool accept(std::string_view op) {
        if (!at_end() && cur().is(op)) {
            ++i_;
            return true;
        }
        return false;
    }
    void expect(std::string_view op) {
        if (!accept(op)) expected(q(op));
    }
    bool at_id(std::string_view lower_kw) const {
        return !at_end() && cur().kind == Tok::Id && iequals(cur().text(), lower_kw);
    }
    bool at_word(std::string_view exact) const { return !at_end() && cur().kind == Tok::Id && cur().text() == exact; }
    const Token& expect_id(std::string_view what) {
        if (at_end() || cur().kind != Tok::Id) expected(what);
        return t_[i_++];
    }
    struct Depth {
        Parser& p;
        explicit Depth(Parser& parser) : p(parser) {
            if (++p.depth_ > kMaxNesting) {
                p.sink_.report(ids::VCL909, p.here(),
                               "nesting deeper than " + std::to_string(kMaxNesting) +
                                   " levels: cachelint stops checking this file here; flatten the conditions");
                throw Abort{};
            }
        }
        ~Depth() { --p.depth_; }
    };

    // -- top level
    void parse_vcl_line() {
        const Token& kw = take();
        if (at_end() || (cur().kind != Tok::FNum && cur().kind != Tok::CNum)) expected("a VCL version number (4.0 or 4.1)");
        const Token& num = take();
        const std::string v(num.text());
        if (v != "4.0" && v != "4.1")
            fail(num.span(), "VCL version " + q(v) + " is not supported; varnish 7.1 accepts 'vcl 4.0;' and 'vcl 4.1;'", ids::VCL902);
        expect(";");
        (void)kw;
        if (prog_.version.empty()) prog_.version = v;
    }

    std::string dotted_name(Span& span) {
        const Token& first = expect_id("a name");
        span = first.span();
        while (!at_end() && cur().is(".") && i_ + 1 < t_.size() && t_[i_ + 1].kind == Tok::Id &&
               t_[i_ + 1].file == first.file) {
            i_ += 2;
            span.end = t_[i_ - 1].end;
        }
        return std::string(span.text());
    }

    void parse_import() {
        ++i_;
        const Token& name = expect_id("a VMOD name after 'import'");
        if (at_word("from")) {
            ++i_;
            if (at_end() || cur().kind != Tok::CStr) expected("a file name string after 'from'");
            ++i_;
        }
        expect(";");
        prog_.imports.push_back({to_lower(name.text()), name.span(), false, {}, {}});
    }

    void parse_acl() {
        ++i_;
        const Token& name = expect_id("an ACL name");
        Decl acl{to_lower(name.text()), name.span(), false, {}, {}};
        // flags (7.0): +log, -pedantic, +table, and +fold since 7.5 (vcc_acl.c vcc_ParseAcl)
        bool pedantic = prog_.target.at_least(7, 0);
        while (!at_end() && (cur().is("+") || cur().is("-"))) {
            if (!prog_.target.at_least(7, 0))
                fail(cur().span(), "ACL flags (acl " + std::string(name.text()) + " +log/-pedantic ...) are a Varnish 7.0 "
                                   "feature: varnishd " + prog_.target.name() + " expects '{' and refuses the VCL" +
                                   prog_.target.reason);
            std::string flag(cur().text());
            const bool on = cur().is("+");
            ++i_;
            const Token& f = expect_id("an ACL flag");
            const std::string_view fn = f.text();
            if (fn != "log" && fn != "pedantic" && fn != "table" && !(fn == "fold" && prog_.target.at_least(7, 5)))
                fail(f.span(), "Unknown ACL flag " + q(fn) + " (varnishd " + prog_.target.name() + " knows log, pedantic" +
                                   (prog_.target.at_least(7, 5) ? ", table and fold" : " and table; fold came in 7.5") +
                                   "); varnishd refuses the VCL" + prog_.target.reason);
            if (fn == "pedantic") pedantic = on;
            flag += std::string(fn);
            acl.flags.push_back(flag);
        }
        expect("{");
        while (!accept("}")) {
            AclEntry e;
            e.negated = accept("!");
            const bool paren = accept("(");
            if (at_end() || cur().kind != Tok::CStr) expected("an ACL entry (a quoted address or host name)");
            e.addr = std::string(cur().value());
            e.span = cur().span();
            ++i_;
            if (accept("/")) {
                if (at_end() || cur().kind != Tok::CNum) expected("a mask length after '/'");
                e.mask = std::atoi(std::string(cur().text()).c_str());
                ++i_;
                // 7.0 made ACLs pedantic by default: host bits under the mask are an error (6.0 only warned).
                if (pedantic)
                    if (auto fixed = masked_network(e.addr, e.mask))
                        fail(e.span, "Non-zero bits in masked part of " + q(e.addr) + "/" + std::to_string(e.mask) +
                                         " (maybe use " + *fixed + "/" + std::to_string(e.mask) +
                                         " ?): varnishd " + prog_.target.name() +
                                         " refuses it in a pedantic ACL (the default since 7.0; `acl name -pedantic` "
                                         "only warns)" + prog_.target.reason);
            }
            if (paren) expect(")");
            expect(";");
            acl.entries.push_back(std::move(e));
        }
        prog_.acls.push_back(std::move(acl));
    }

    // `.field = value;` lists of backend and probe definitions.
    void parse_fields(bool backend) {
        expect("{");
        while (!accept("}")) {
            expect(".");
            const Token& field = expect_id("a field name");
            expect("=");
            if (!at_end() && cur().is("{")) {
                parse_fields(false);  // inline .probe = { ... }
                continue;
            }
            if (backend && iequals(field.text(), "probe") && !at_end() && cur().kind == Tok::Id) {
                probe_refs.push_back({to_lower(cur().text()), cur().span()});
                ++i_;
                expect(";");
                continue;
            }
            // The value: one or more string literals (`.request = "a" "b";`), a number, a duration...
            if (at_end() || cur().is(";")) expected("a value");
            while (!at_end() && !cur().is(";") && !cur().is("}")) {
                if (cur().kind == Tok::CSrc) inline_c(cur());
                ++i_;
            }
            expect(";");
        }
    }

    void parse_backend() {
        ++i_;
        const Token& name = expect_id("a backend name");
        if (at_word("none")) {
            ++i_;
            expect(";");
            prog_.backends.push_back({to_lower(name.text()), name.span(), true, {}, {}});
            return;
        }
        const size_t fields_at = i_;
        parse_fields(true);
        bool host = false;
        for (size_t k = fields_at; k + 1 < i_; ++k)
            if (t_[k].is(".") && t_[k + 1].kind == Tok::Id &&
                (iequals(t_[k + 1].text(), "host") || iequals(t_[k + 1].text(), "path")))
                host = true;
        if (!host)
            fail(name.span(), "backend " + q(name.text()) + " has neither '.host' nor '.path'; varnishd refuses the VCL",
                 ids::VCL901);
        prog_.backends.push_back({to_lower(name.text()), name.span(), false, {}, {}});
    }

    void parse_probe() {
        ++i_;
        const Token& name = expect_id("a probe name");
        parse_fields(false);
        prog_.probes.push_back({to_lower(name.text()), name.span(), false, {}, {}});
    }

    void parse_sub() {
        ++i_;
        const Token& name = expect_id("a sub name");
        Sub s;
        s.name = to_lower(name.text());
        s.name_span = name.span();
        if (at_end() || !cur().is("{")) expected("'{'");
        s.body = parse_compound();
        prog_.subs.push_back(std::move(s));
    }

    // -- statements
    Block parse_compound() {
        Depth d(*this);
        expect("{");
        Block body;
        for (;;) {
            if (at_end()) fail(here(), "end of input while in a compound statement (missing '}'); varnishd refuses the VCL");
            const Token& k = cur();
            if (k.is("}")) {
                ++i_;
                return body;
            }
            if (k.is("{")) {
                Stmt s;
                s.kind = Stmt::Compound;
                s.span = k.span();
                s.body = parse_compound();
                body.push_back(std::move(s));
                continue;
            }
            if (k.kind == Tok::CSrc) inline_c(k);
            if (k.kind != Tok::Id) expected("an action, 'if', '{' or '}'");
            body.push_back(parse_statement());
        }
    }

    Stmt parse_statement() {
        const Token& k = cur();
        const std::string kw = to_lower(k.text());
        Stmt s;
        s.span = k.span();
        if (kw == "if") {
            s.kind = Stmt::If;
            ++i_;
            parse_if_chain(s);
            return s;
        }
        if (k.text() == "else" || k.text() == "elsif" || k.text() == "elseif" || k.text() == "elif")
            fail(k.span(), "'" + kw + "' without a preceding 'if'; varnishd refuses the VCL");
        if (kw == "set") {
            ++i_;
            s.kind = Stmt::Set;
            s.target = std::string_view(dotted_name(s.target_span));
            s.target = s.target_span.text();
            if (at_end() || cur().kind != Tok::Op) expected("an assignment operator");
            const std::string_view op = cur().text();
            if (op != "=" && op != "+=" && op != "-=" && op != "*=" && op != "/=") expected("'=', '+=', '-=', '*=' or '/='");
            s.op = op;
            ++i_;
            s.value = parse_expr();
            expect(";");
            return s;
        }
        if (kw == "unset") {
            ++i_;
            s.kind = Stmt::Unset;
            dotted_name(s.target_span);
            s.target = s.target_span.text();
            expect(";");
            return s;
        }
        if (kw == "call") {
            ++i_;
            s.kind = Stmt::Call;
            const Token& n = expect_id("a sub name after 'call'");
            s.target = n.text();
            s.target_span = n.span();
            expect(";");
            return s;
        }
        if (kw == "return") {
            ++i_;
            s.kind = Stmt::Return;
            // vcc_act_return(): a bare `return;` leaves a user sub (back to its caller); in a vcl_* method
            // the checker refuses it, as VCC does ("Expected '(' got ';'").
            if (!at_end() && cur().is(";")) {
                s.target_span = cur().span();
                ++i_;
                return s;
            }
            expect("(");
            if (at_end() || cur().kind != Tok::Id) fail(here(), "expected return action name, found " + found() + "; varnishd refuses the VCL", ids::VCL904);
            const Token& a = take();
            s.target = a.text();
            s.target_span = a.span();
            if (!at_end() && cur().is("(")) {
                Expr args;
                args.kind = Expr::Call;
                args.callee = a.text();
                args.span = a.span();
                parse_args(args);
                s.value = std::move(args);
            }
            expect(")");
            expect(";");
            return s;
        }
        if (kw == "new") {
            ++i_;
            s.kind = Stmt::New;
            const Token& n = expect_id("an object name after 'new'");
            s.target = n.text();
            s.target_span = n.span();
            expect("=");
            s.value = parse_expr();
            expect(";");
            prog_.news.push_back(to_lower(n.text()));
            return s;
        }
        // A function or method call used as a statement: hash_data(x); std.log(x); ban(x); synthetic(x);
        s.kind = Stmt::FuncCall;
        Expr e = parse_primary();
        if (e.kind != Expr::Call) fail(s.span, "expected an action, 'if', '{' or '}', found " + q(k.text()) + "; varnishd refuses the VCL");
        s.target = e.callee;
        s.target_span = e.span;
        s.value = std::move(e);
        expect(";");
        return s;
    }

    void parse_if_chain(Stmt& s) {
        for (;;) {
            Branch b;
            b.span = t_[i_ - 1].span();
            expect("(");
            b.cond = parse_expr();
            expect(")");
            if (at_end() || !cur().is("{")) expected("'{'");
            b.body = parse_compound();
            s.branches.push_back(std::move(b));
            // The else-chain words are compared case-sensitively by vcc_IfStmt (`ELSE` is refused).
            if (at_word("elsif") || at_word("elseif") || at_word("elif")) {
                ++i_;
                continue;
            }
            if (at_word("else")) {
                const Span else_span = cur().span();
                ++i_;
                if (at_word("if")) {
                    ++i_;
                    continue;
                }
                Branch e;
                e.span = else_span;
                if (at_end() || !cur().is("{"))
                    fail(here(), "'else' must be followed by 'if' or '{' (both lower-case); varnishd refuses the VCL");
                e.body = parse_compound();
                s.branches.push_back(std::move(e));
            }
            return;
        }
    }

    // -- expressions
    Expr binary(std::string_view op, Expr a, Expr b) {
        Expr e;
        e.kind = Expr::Binary;
        e.text = op;
        e.span = {a.span.file, a.span.begin, a.span.file == b.span.file ? std::max(a.span.end, b.span.end) : a.span.end};
        e.kids.push_back(std::move(a));
        e.kids.push_back(std::move(b));
        return e;
    }

    Expr parse_expr() {
        Depth d(*this);
        Expr e = parse_and();
        while (!at_end() && cur().is("||")) {
            ++i_;
            e = binary("||", std::move(e), parse_and());
        }
        return e;
    }
    Expr parse_and() {
        Expr e = parse_not();
        while (!at_end() && cur().is("&&")) {
            ++i_;
            e = binary("&&", std::move(e), parse_not());
        }
        return e;
    }
    Expr parse_not() {
        if (!at_end() && cur().is("!")) {
            Depth d(*this);
            const Span sp = cur().span();
            ++i_;
            Expr e;
            e.kind = Expr::Unary;
            e.text = "!";
            e.span = sp;
            e.kids.push_back(parse_not());
            return e;
        }
        return parse_cmp();
    }
    Expr parse_cmp() {
        Expr e = parse_add();
        if (at_end() || cur().kind != Tok::Op) return e;
        const std::string_view op = cur().text();
        if (op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=" || op == "~" || op == "!~") {
            ++i_;
            e = binary(op, std::move(e), parse_add());
        }
        return e;
    }
    Expr parse_add() {
        Expr e = parse_mul();
        while (!at_end() && (cur().is("+") || cur().is("-"))) {
            const std::string_view op = cur().text();
            ++i_;
            e = binary(op, std::move(e), parse_mul());
        }
        return e;
    }
    Expr parse_mul() {
        Expr e = parse_unary();
        while (!at_end() && (cur().is("*") || cur().is("/") || cur().is("%"))) {
            const std::string_view op = cur().text();
            ++i_;
            e = binary(op, std::move(e), parse_unary());
        }
        return e;
    }
    Expr parse_unary() {
        if (!at_end() && (cur().is("-") || cur().is("+"))) {
            Depth d(*this);
            Expr e;
            e.kind = Expr::Unary;
            e.text = cur().text();
            e.span = cur().span();
            ++i_;
            e.kids.push_back(parse_unary());
            return e;
        }
        return parse_primary();
    }

    void parse_args(Expr& call) {
        expect("(");
        if (accept(")")) return;
        for (;;) {
            // named argument: ID '=' expr
            if (!at_end() && cur().kind == Tok::Id && i_ + 1 < t_.size() && t_[i_ + 1].is("=")) {
                Expr na;
                na.kind = Expr::NamedArg;
                na.text = cur().text();
                na.span = cur().span();
                i_ += 2;
                na.kids.push_back(parse_expr());
                call.kids.push_back(std::move(na));
            } else {
                call.kids.push_back(parse_expr());
            }
            if (accept(")")) return;
            expect(",");
        }
    }

    static double unit_seconds(std::string_view u) {
        if (u == "ms") return 0.001;
        if (u == "s") return 1;
        if (u == "m") return 60;
        if (u == "h") return 3600;
        if (u == "d") return 86400;
        if (u == "w") return 604800;
        if (u == "y") return 31536000;
        return -1;
    }

    Expr parse_primary() {
        if (at_end()) expected("an expression");
        const Token& k = cur();
        Expr e;
        e.span = k.span();
        switch (k.kind) {
            case Tok::CStr: {
                ++i_;
                e.kind = Expr::String;
                e.text = k.value();
                return e;
            }
            case Tok::Blob:
                ++i_;
                e.kind = Expr::Blob;
                return e;
            case Tok::CNum:
            case Tok::FNum: {
                ++i_;
                e.kind = Expr::Number;
                e.number = std::strtod(std::string(k.text()).c_str(), nullptr);
                if (!at_end() && cur().kind == Tok::Id) {
                    const std::string_view u = cur().text();
                    const double mult = unit_seconds(u);
                    if (mult > 0) {
                        e.kind = Expr::Duration;
                        e.number *= mult;
                    } else if (u == "B" || u == "KB" || u == "MB" || u == "GB" || u == "TB") {
                        e.kind = Expr::Bytes;
                    } else {
                        fail(cur().span(), "unknown duration unit " + q(u) +
                                               "; legal units are 'ms', 's', 'm', 'h', 'd', 'w' and 'y' (there are no months); "
                                               "varnishd refuses the VCL");
                    }
                    e.span.end = cur().span().file == e.span.file ? cur().end : e.span.end;
                    ++i_;
                }
                return e;
            }
            case Tok::CSrc: inline_c(k);
            case Tok::Op:
                if (k.is("(")) {
                    ++i_;
                    e = parse_expr();
                    expect(")");
                    return e;
                }
                expected("an expression");
            case Tok::Id: {
                Span sp;
                dotted_name(sp);
                if (!at_end() && cur().is(".")) {
                    ++i_;
                    expected("a name after '.'");
                }
                e.kind = Expr::Name;
                e.text = sp.text();
                e.span = sp;
                while (!at_end() && cur().is("(")) {
                    Expr call;
                    call.kind = Expr::Call;
                    call.callee = e.kind == Expr::Name ? e.text : std::string_view{};
                    call.span = e.span;
                    if (e.kind != Expr::Name) call.kids.push_back(std::move(e));
                    parse_args(call);
                    e = std::move(call);
                    // a method on a call result: foo.bar().baz()
                    if (!at_end() && cur().is(".") && i_ + 1 < t_.size() && t_[i_ + 1].kind == Tok::Id) {
                        i_ += 2;
                        Expr m;
                        m.kind = Expr::Name;
                        m.text = t_[i_ - 1].text();
                        m.span = t_[i_ - 1].span();
                        Expr wrapped;
                        wrapped.kind = Expr::Call;
                        wrapped.callee = m.text;
                        wrapped.span = m.span;
                        wrapped.kids.push_back(std::move(e));
                        if (at_end() || !cur().is("(")) expected("'(' after a method name");
                        parse_args(wrapped);
                        e = std::move(wrapped);
                    }
                }
                return e;
            }
            case Tok::Eoi: break;
        }
        expected("an expression");
    }

    std::vector<Token>& t_;
    Program& prog_;
    FindingSink& sink_;
    size_t i_ = 0;
    size_t depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Semantic checks (vcc_CheckReferences, vcc_CheckAction, symbol lookups)

bool is_root_variable(std::string_view name) {
    static constexpr std::string_view roots[] = {"req",    "req_top", "bereq", "beresp", "resp",  "obj",
                                                 "client", "server",  "local", "remote", "now",   "storage",
                                                 "sess"};
    const std::string first = to_lower(name.substr(0, name.find('.')));
    for (auto r : roots)
        if (first == r) return true;
    return false;
}

bool is_duration_var(std::string_view name) {
    static constexpr std::string_view vars[] = {"beresp.ttl", "beresp.grace", "beresp.keep", "req.ttl", "req.grace"};
    for (auto v : vars)
        if (iequals(name, v)) return true;
    return false;
}

class Checker {
public:
    Checker(Program& p, FindingSink& sink) : p_(p), sink_(sink) {}

    void run() {
        check_sub_names();
        for (const auto& s : p_.subs) walk_block(s.body, s);
        for (const auto& [name, span] : probe_refs) use(name, span, Kind::Probe);
        check_references();
        check_returns();
        if (!p_.fragment && p_.includes_complete && p_.backends.empty() && p_.news.empty())
            sink_.report(ids::VCL907, Span{p_.main, 0, 0},
                         "no backend declared: varnishd refuses a VCL without at least one backend or director "
                         "(declare one, or 'backend default none;' for a synth-only VCL)");
    }

    std::vector<std::pair<std::string, Span>> probe_refs;

private:
    enum class Kind { Sub, Acl, Backend, Probe };
    struct Ref {
        std::string name;
        Span span;
        Kind kind;
    };

    void check_sub_names() {
        std::map<std::string, Span> seen;
        for (const auto& s : p_.subs) {
            const bool reserved = s.name.rfind("vcl_", 0) == 0;
            if (reserved && !is_method(s.name) && builtin_sub_method(s.name).empty()) {
                sink_.report(ids::VCL903, s.name_span,
                             "sub " + q(s.name_span.text()) +
                                 ": the names 'vcl_*' are reserved for the built-in subroutines; varnishd refuses the VCL "
                                 "(a typo of a method name, or a method of another Varnish version?)");
                continue;
            }
            if (reserved) continue;  // methods and builtin subs are concatenated, not redefined
            auto [it, fresh] = seen.emplace(s.name, s.name_span);
            if (!fresh)
                sink_.report(ids::VCL911, s.name_span, "sub " + q(s.name_span.text()) + " redefined; varnishd refuses the VCL")
                    .related.push_back({it->second, "first defined here"});
        }
        auto dup = [&](const std::vector<Decl>& decls, const char* what) {
            std::map<std::string, Span> s2;
            for (const auto& d : decls) {
                auto [it, fresh] = s2.emplace(d.name, d.name_span);
                if (!fresh)
                    sink_.report(ids::VCL911, d.name_span, std::string(what) + " " + q(d.name_span.text()) + " redefined; varnishd refuses the VCL")
                        .related.push_back({it->second, "first defined here"});
            }
        };
        dup(p_.backends, "backend");
        dup(p_.acls, "acl");
        dup(p_.probes, "probe");
    }

    void use(const std::string& lower, Span span, Kind kind) { refs_.push_back({lower, span, kind}); }

    void walk_expr(const Expr& e) {
        if (e.kind == Expr::Name && e.text.find('.') == std::string_view::npos) names_.insert(to_lower(e.text));
        if (e.kind == Expr::Binary && (e.text == "~" || e.text == "!~") && e.kids.size() == 2 &&
            e.kids[1].kind == Expr::Name && e.kids[1].text.find('.') == std::string_view::npos)
            use(to_lower(e.kids[1].text), e.kids[1].span, Kind::Acl);
        if (e.kind == Expr::Call && e.callee.find('.') != std::string_view::npos) {
            const std::string root = to_lower(e.callee.substr(0, e.callee.find('.')));
            if (!is_root_variable(e.callee) && !p_.fragment && p_.includes_complete && !imported(root) && !newed(root))
                sink_.report(ids::VCL905, e.span,
                             "symbol not found: " + q(e.callee) + " (no 'import " + root + ";' and no object '" + root +
                                 "'); varnishd refuses the VCL");
        }
        for (const auto& k : e.kids) walk_expr(k);
    }
    bool imported(const std::string& root) const {
        for (const auto& i : p_.imports)
            if (i.name == root) return true;
        return false;
    }
    bool newed(const std::string& root) const {
        return std::find(p_.news.begin(), p_.news.end(), root) != p_.news.end();
    }

    void walk_block(const Block& b, const Sub& sub) {
        for (const auto& s : b) {
            switch (s.kind) {
                case Stmt::Call: use(to_lower(s.target), s.target_span, Kind::Sub); break;
                case Stmt::Set:
                    if ((iequals(s.target, "req.backend_hint") || iequals(s.target, "bereq.backend")) && s.value &&
                        s.value->kind == Expr::Name && s.value->text.find('.') == std::string_view::npos)
                        use(to_lower(s.value->text), s.value->span, Kind::Backend);
                    if (is_duration_var(s.target) && s.value && s.value->kind == Expr::Number)
                        sink_.report(ids::VCL912, s.value->span,
                                     "expression has type INT, expected DURATION: " + q(s.target) + " = " +
                                         q(s.value->span.text()) + " needs a unit (e.g. '" +
                                         std::string(s.value->span.text()) + "s'); varnishd refuses the VCL");
                    break;
                case Stmt::Return: returns_.push_back({&sub, &s}); break;
                default: break;
            }
            if (s.value) walk_expr(*s.value);
            for (const auto& br : s.branches) {
                if (br.cond) walk_expr(*br.cond);
                walk_block(br.body, sub);
            }
            walk_block(s.body, sub);
        }
    }

    bool declared(const std::string& name, Kind kind) const {
        auto in = [&](const std::vector<Decl>& v) {
            for (const auto& d : v)
                if (d.name == name) return true;
            return false;
        };
        switch (kind) {
            case Kind::Sub: return p_.find_sub(name) != nullptr || !builtin_sub_method(name).empty() || is_method(name);
            case Kind::Acl: return in(p_.acls);
            case Kind::Backend: return in(p_.backends) || newed(name);
            case Kind::Probe: return in(p_.probes);
        }
        return false;
    }

    static const char* kind_name(Kind k) {
        switch (k) {
            case Kind::Sub: return "sub";
            case Kind::Acl: return "acl";
            case Kind::Backend: return "backend";
            case Kind::Probe: return "probe";
        }
        return "";
    }

    void check_references() {
        // What an include fragment refers to is defined by the file including it; an unresolved include may
        // declare (or use) any of them.
        if (p_.fragment || !p_.includes_complete) return;
        std::set<std::string> reported;
        for (const auto& r : refs_) {
            if (declared(r.name, r.kind)) continue;
            if (r.kind == Kind::Acl && (declared(r.name, Kind::Backend) || p_.find_sub(r.name))) continue;
            if (!reported.insert(std::string(kind_name(r.kind)) + r.name).second) continue;
            sink_.report(ids::VCL905, r.span,
                         std::string("undefined ") + kind_name(r.kind) + " " + q(r.span.text()) + "; varnishd refuses the VCL");
        }
        auto referenced = [&](const std::string& n, Kind k) {
            for (const auto& r : refs_)
                if (r.name == n && r.kind == k) return true;
            return names_.count(n) > 0;
        };
        for (const auto& s : p_.subs) {
            if (s.name.rfind("vcl_", 0) == 0) continue;
            bool used = false;
            for (const auto& r : refs_)
                if (r.kind == Kind::Sub && r.name == s.name) used = true;
            if (!used && p_.find_sub(s.name) == &s)
                sink_.report(ids::VCL906, s.name_span, "sub " + q(s.name_span.text()) + " is never called; varnishd refuses "
                                                     "unused subs (vcc_err_unref)");
        }
        for (size_t i = 0; i < p_.backends.size(); ++i) {
            const auto& b = p_.backends[i];
            if (i == 0 || referenced(b.name, Kind::Backend)) continue;  // the first backend is the default
            sink_.report(ids::VCL906, b.name_span, "backend " + q(b.name_span.text()) + " is never used (only the first "
                                                 "backend is the default); varnishd refuses unused backends (vcc_err_unref)");
        }
        for (const auto& a : p_.acls)
            if (!referenced(a.name, Kind::Acl))
                sink_.report(ids::VCL906, a.name_span, "acl " + q(a.name_span.text()) + " is never used; varnishd refuses "
                                                     "unused ACLs (vcc_err_unref)");
        for (const auto& pr : p_.probes)
            if (!referenced(pr.name, Kind::Probe))
                sink_.report(ids::VCL906, pr.name_span, "probe " + q(pr.name_span.text()) + " is never used; varnishd refuses "
                                                      "unused probes (vcc_err_unref)");
    }

    // Which methods reach each sub (through calls), then each return is checked against each of them.
    void check_returns() {
        std::map<std::string, std::set<std::string>> callers;  // sub -> methods
        std::map<std::string, std::vector<std::string>> calls;  // sub -> subs it calls
        std::function<void(const Block&, const std::string&)> collect = [&](const Block& b, const std::string& from) {
            for (const auto& s : b) {
                if (s.kind == Stmt::Call) calls[from].push_back(to_lower(s.target));
                for (const auto& br : s.branches) collect(br.body, from);
                collect(s.body, from);
            }
        };
        for (const auto& s : p_.subs) collect(s.body, s.name);
        for (const auto& s : p_.subs) {
            std::string m;
            if (is_method(s.name)) m = s.name.substr(4);
            else if (auto bm = builtin_sub_method(s.name); !bm.empty()) m = std::string(bm);
            if (m.empty()) continue;
            // iterative DFS over the call graph
            std::vector<std::string> stack = {s.name};
            std::set<std::string> seen;
            while (!stack.empty()) {
                std::string cur = stack.back();
                stack.pop_back();
                if (!seen.insert(cur).second) continue;
                callers[cur].insert(m);
                for (const auto& c : calls[cur]) stack.push_back(c);
            }
        }
        std::set<const Stmt*> reported;
        for (const auto& [sub, stmt] : returns_) {
            const std::string_view a = stmt->target;
            if (a.empty()) {
                if (is_method(sub->name))
                    sink_.report(ids::VCL901, stmt->target_span,
                                 "expected '(' after 'return' in " + sub->name + ": a bare `return;` only leaves a "
                                 "user-defined sub, a vcl_* method must name its action; varnishd refuses the VCL");
                continue;
            }
            bool known = false;
            for (auto k : kAllActions)
                if (k == a) known = true;
            // vcl_hit's return (miss) was removed in 6.2 (doc/sphinx/whats-new/upgrading-6.2.rst): 6.0 has it.
            const bool hit_miss = a == "miss" && !p_.target.at_least(6, 2);
            if (hit_miss) known = true;
            if (!known) {
                // Actions older releases had: vcl_hit's `miss`, Varnish 4.0's `hit_for_pass`.
                const bool old = a == "miss" || a == "hit_for_pass";
                sink_.report(ids::VCL904, stmt->target_span,
                             "expected return action name, found " + q(a) +
                                 (old ? " (an action of older Varnish releases, unknown to " + p_.target.name() +
                                            (a == "miss" ? "; vcl_hit's return (miss) was removed in 6.2, and 6.0 still "
                                                           "has it"
                                                         : "") +
                                            ")"
                                      : std::string(" (action names are lower-case and case-sensitive)")) +
                                 "; varnishd refuses the VCL" + p_.target.reason);
                continue;
            }
            for (const auto& m : callers[sub->name]) {
                if (action_allowed(m, a) || (hit_miss && m == "hit")) continue;
                if (!reported.insert(stmt).second) break;
                std::string allowed;
                for (const auto& ma : kMethods)
                    if (ma.method == m)
                        for (auto x : ma.actions) allowed += (allowed.empty() ? "" : ", ") + std::string(x);
                if (m == "hit" && !p_.target.at_least(6, 2)) allowed += ", miss";
                sink_.report(ids::VCL904, stmt->target_span,
                             "invalid return " + q(a) + " in vcl_" + m +
                                 (sub->name == "vcl_" + m ? std::string() : " (via sub '" + sub->name + "')") +
                                 "; vcl_" + m + " may return " + allowed + "; varnishd refuses the VCL");
            }
        }
    }

    Program& p_;
    FindingSink& sink_;
    std::vector<Ref> refs_;
    std::set<std::string> names_;
    std::vector<std::pair<const Sub*, const Stmt*>> returns_;
};

}  // namespace

bool is_method(std::string_view lower_name) {
    if (lower_name.rfind("vcl_", 0) != 0) return false;
    for (const auto& m : kMethods)
        if (m.method == lower_name.substr(4)) return true;
    return false;
}

bool action_allowed(std::string_view method, std::string_view action) {
    for (const auto& m : kMethods)
        if (m.method == method)
            for (auto a : m.actions)
                if (a == action) return true;
    return false;
}

namespace {

// Does a .vcl file in this file's folder or the three folders above include it (by its base name; an
// `include` after a comment marker on the same line does not count)?
bool included_nearby(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path self = fs::weakly_canonical(fs::path(path), ec);
    if (ec || !fs::is_regular_file(self, ec)) return false;
    const std::string base = self.filename().string();
    fs::path dir = self.parent_path();
    for (int level = 0; level < 4 && !dir.empty(); ++level, dir = dir.parent_path()) {
        size_t seen = 0;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end && seen < 200; it.increment(ec)) {
            const fs::path& f = it->path();
            if (f.extension() != ".vcl" || f == self || !it->is_regular_file(ec) || it->file_size(ec) > (1u << 20)) continue;
            ++seen;
            std::ifstream in(f, std::ios::binary);
            std::string line;
            while (std::getline(in, line)) {
                const size_t inc = line.find("include");
                if (inc == std::string::npos) continue;
                const size_t hash = line.find('#'), slashes = line.find("//");
                if ((hash != std::string::npos && hash < inc) || (slashes != std::string::npos && slashes < inc)) continue;
                const size_t open = line.find('"', inc), close = open == std::string::npos ? open : line.find('"', open + 1);
                if (close == std::string::npos) continue;
                const std::string target = line.substr(open + 1, close - open - 1);
                const std::string name = target.substr(target.rfind('/') == std::string::npos ? 0 : target.rfind('/') + 1);
                if (name == base || ::fnmatch(name.c_str(), base.c_str(), 0) == 0) return true;
            }
        }
        if (dir == dir.root_path()) break;
    }
    return false;
}

}  // namespace

// The release to check against: --varnish-version, then `[varnish] version` of the project configuration, then
// the newest supported.
VarnishTarget choose_target(const LintOptions* options) {
    if (options) {
        if (!options->varnish_version.empty())
            if (auto t = parse_varnish_version(options->varnish_version)) {
                t->reason = " (--varnish-version " + options->varnish_version + ")";
                return *t;
            }
        if (auto it = options->settings.find("varnish.version"); it != options->settings.end())
            if (auto t = parse_varnish_version(it->second)) {
                t->reason = " (varnish.version = " + it->second + " in the project configuration)";
                return *t;
            }
    }
    return newest_varnish_target();
}

void load_program(Program& program, LintJob& job) {
    program.main = job.main;
    program.target = choose_target(job.options);
    std::vector<Token> toks;
    Expander ex(job, job.sink, program.target);
    const IncludeGuard::Scope main_scope = ex.guard_.enter(job.main->path());  // canonicalised lazily, on the first include
    const bool expanded = ex.expand(*job.main, toks);
    if (!expanded) {
        program.parse_failed = true;
        return;
    }
    FindingSink parsed;  // held back: without `vcl 4.x;` a syntax error is part of the one VCL902 below
    Parser parser(toks, program, parsed);
    bool aborted = false;
    try {
        parser.parse_program();
    } catch (const Abort&) {
        program.parse_failed = true;
        aborted = true;
    }
    program.includes_complete = !ex.incomplete;
    // A file without `vcl 4.x;` and without a backend cannot be a program by itself: it is meant to be
    // included (FOSHttpCache's fos_*.vcl, devicedetect.vcl), so it is linted as a fragment. So is one with a
    // backend that a VCL of the same repository includes (conf/backend.vcl, sites-enabled/site.vcl).
    program.fragment = !program.has_version && (program.backends.empty() || included_nearby(job.main->path()));
    if (program.has_version || program.fragment) {
        for (Finding& f : parsed.findings()) job.sink.findings().push_back(std::move(f));
        if (aborted) return;
        Checker checker(program, job.sink);
        checker.probe_refs = parser.probe_refs;
        checker.run();
        return;
    }
    // No `vcl 4.x;`: varnishd stops there, and a file without it is Varnish 3 VCL (vcl_fetch, return (lookup),
    // `error 405 "..."`), so the syntax errors and the 4.x method and return-action refusals after it have the
    // same cause. One finding names them.
    std::vector<std::pair<size_t, std::string>> older;  // (line, construct), in line order below
    for (Finding& f : parsed.findings()) {
        if (f.rule_id == ids::VCL901) {
            older.emplace_back(f.primary.file->position(f.primary.begin).line, "'" + printable(f.primary.text(), 40) + "'");
            continue;
        }
        job.sink.findings().push_back(std::move(f));
    }
    FindingSink later;
    if (!aborted) {
        Checker checker(program, later);
        checker.probe_refs = parser.probe_refs;
        checker.run();
    }
    for (Finding& f : later.findings()) {
        if (f.rule_id == ids::VCL903 || f.rule_id == ids::VCL904) {
            const std::string what = printable(f.primary.text(), 40);
            older.emplace_back(f.primary.file->position(f.primary.begin).line,
                               f.rule_id == ids::VCL903 ? "sub " + what : "return (" + what + ")");
            continue;
        }
        job.sink.findings().push_back(std::move(f));
    }
    std::sort(older.begin(), older.end());
    std::vector<std::string> named;
    for (size_t i = 0; i < older.size() && i < 5; ++i) named.push_back(older[i].second + " at line " + std::to_string(older[i].first));
    const std::string listed = first_few(named, older.size());
    job.sink.report(ids::VCL902, Span{job.main, 0, 0},
                    "VCL version declaration missing: varnishd refuses a VCL whose first statement is not "
                    "'vcl 4.0;' or 'vcl 4.1;'" +
                        (listed.empty() ? std::string(" (Varnish 3 syntax?); add 'vcl 4.1;' as the first line")
                                        : "; this is Varnish 3 VCL (" + listed + (older.size() == 1 ? " is" : " are") +
                                             " refused by Varnish 4 and later too): port it to VCL 4.1"));
}

}  // namespace cachelint::varnish
