#include "parse/nginx/loader.hpp"
#include "core/rule_ids.hpp"

#include <algorithm>
#include <fnmatch.h>
#include <map>
#include <set>
#include <sys/stat.h>

#include "core/includes.hpp"
#include "core/text.hpp"
#include "parse/nginx/values.hpp"

namespace cachelint::nginx {
namespace {

constexpr size_t kMaxNesting = 200;
constexpr std::string_view kDumpHeader = "# configuration file ";

std::string q(std::string_view s) { return "\"" + printable(s, 60) + "\""; }

bool file_exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool directory_exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

class Loader {
public:
    Loader(Config& cfg, LintJob& job) : cfg_(cfg), job_(job), sink_(job.sink) {}

    void run() {
        const SourceFile* main = job_.main;
        cfg_.main = main;
        Node root;
        root.block = true;
        cfg_.nodes.push_back(root);
        if (looks_like_dump(main->text())) {
            split_dump(*main);
            cfg_.dump = true;
            if (dump_files_.empty()) return;
            main = dump_files_.front().second;
            cfg_.conf_dir = directory_of(main->path());
        } else {
            cfg_.conf_dir = job_.options->nginx_prefix.empty() ? directory_of(main->path()) : job_.options->nginx_prefix;
        }
        if (starts_with_bom(main->text())) {
            fatal(ids::NGX901, {main, 0, 3},
                  "the file starts with a UTF-8 byte order mark; nginx does not skip it and reads it as part of the "
                  "first directive name (unknown directive \"\\xEF\\xBB\\xBF...\")")
                .fix_hint = "save the file as UTF-8 without BOM";
            cfg_.parse_stopped = true;
            return;
        }
        cfg_.fragment = !cfg_.dump && is_fragment(*main);
        cfg_.nodes[0].ctx = cfg_.fragment ? kUnknown : kMain;
        // A snippet pasted into a known context (ingress-nginx's annotations and controller ConfigMap keys):
        // its top level is that context, checked as nginx checks a file included there.
        if (auto it = job_.options->settings.find("nginx.context"); it != job_.options->settings.end() && !cfg_.dump) {
            const uint32_t ctx = it->second == "http" ? uint32_t(kHttp) : it->second == "server" ? uint32_t(kSrv) : it->second == "location" ? uint32_t(kLoc) : 0u;
            if (ctx) cfg_.fragment = true, cfg_.nodes[0].ctx = ctx;
        }
        {
            const IncludeGuard::Scope scope = guard_.enter(main->path());
            parse_file(*main, 0, false);
        }
        report_unknown();
        report_unresolved();
        if (cfg_.parse_stopped) return;
        finish();
    }

private:
    Config& cfg_;
    LintJob& job_;
    FindingSink& sink_;
    IncludeGuard guard_;
    IncludeResolver resolver_{job_};  // deploy paths (/etc/nginx/...) to the repository's files
    std::vector<std::pair<std::string, const SourceFile*>> dump_files_;
    bool stop_ = false;
    struct Unknown {
        std::string name;
        Span at;
    };
    std::vector<Unknown> unknown_;  // directives of no stock module, in file order (NGX902 notes)
    struct Unresolved {
        Span at;
        std::string pattern, why;
    };
    std::vector<Unresolved> unresolved_;  // includes nobody could read, in file order (NGX906 notes)

    // The third-party module a directive name belongs to ("" when unknown), and whether OpenResty bundles it
    // (https://openresty.org/en/components.html: lua-nginx-module, headers-more, set-misc, echo, srcache,
    // memc, redis2, redis, array-var, encrypted-session, form-input, rds-json, rds-csv, xss).
    static std::pair<std::string_view, bool> third_party_module(std::string_view d) {
        if (d.find("_by_lua") != std::string_view::npos || d.starts_with("lua_")) return {"lua-nginx-module", true};
        struct Prefix {
            std::string_view prefix, module;
            bool openresty;
        };
        static const Prefix table[] = {
            {"more_set_", "headers-more", true}, {"more_clear_", "headers-more", true}, {"set_", "set-misc", true},
            {"echo", "echo", true}, {"srcache_", "srcache", true}, {"memc_", "memc", true}, {"redis2_", "redis2", true},
            {"redis_", "redis", true}, {"array_", "array-var", true}, {"encrypted_session_", "encrypted-session", true},
            {"rds_json", "rds-json", true}, {"rds_csv", "rds-csv", true}, {"xss_", "xss", true},
            {"pagespeed", "ngx_pagespeed", false}, {"brotli", "ngx_brotli", false}, {"js_", "njs", false},
            {"modsecurity", "ModSecurity-nginx", false}, {"vhost_traffic_status", "nginx-module-vts", false},
            {"ssl_dyn_rec_", "a dynamic TLS record size patch", false}, {"fastcgi_cache_purge", "ngx_cache_purge", false},
            {"proxy_cache_purge", "ngx_cache_purge", false}, {"keyval", "NGINX Plus", false}, {"status_zone", "NGINX Plus", false},
            {"auth_jwt", "NGINX Plus", false}, {"zone_sync", "NGINX Plus", false}, {"health_check", "NGINX Plus", false},
        };
        for (const auto& p : table)
            if (d.starts_with(p.prefix)) return {p.module, p.openresty};
        return {"", false};
    }

    // NGX902 as a note: one per module (or per directive name when the module is unknown) and file, naming
    // how many uses there are and where. An OpenResty tree (a Lua directive in it, or "openresty" in its
    // path) loads OpenResty's bundled modules, so their directives are not reported there; stock nginx
    // refuses them, so elsewhere they are.
    void report_unknown() {
        std::string path = to_lower(cfg_.main->path());
        bool openresty = path.find("openresty") != std::string::npos;
        for (const auto& u : unknown_) openresty = openresty || third_party_module(u.name).first == "lua-nginx-module";
        std::map<std::pair<const SourceFile*, std::string>, std::vector<const Unknown*>> groups;
        std::vector<std::pair<const SourceFile*, std::string>> order;
        for (const auto& u : unknown_) {
            const auto [module, bundled] = third_party_module(u.name);
            if (openresty && bundled) continue;
            if (job_.options->strict) {  // --strict: each is the refusal nginx -t would stop at
                sink_.report(ids::NGX902, Severity::error, u.at,
                             "unknown directive " + q(u.name) + "; nginx -t fails unless a module providing it is loaded");
                cfg_.refused = true;
                continue;
            }
            auto key = std::make_pair(u.at.file, module.empty() ? u.name : std::string(module));
            auto& g = groups[key];
            if (g.empty()) order.push_back(key);
            g.push_back(&u);
        }
        for (const auto& key : order) {
            const auto& g = groups[key];
            const auto [module, bundled] = third_party_module(g.front()->name);
            std::string msg = "unknown directive " + q(g.front()->name);
            if (!module.empty()) msg += " (" + std::string(module) + (module == "NGINX Plus" ? "" : ", a third-party module") + ")";
            if (g.size() > 1) {
                std::set<std::string> names;
                for (const auto* u : g) names.insert(u->name);
                msg += " and " + std::to_string(g.size() - 1) + " more use" + (g.size() > 2 ? "s" : "") +
                       (names.size() > 1 ? " of its directives" : "") + " in this file (line";
                msg += g.size() > 2 ? "s " : " ";
                for (size_t i = 1; i < g.size() && i <= 5; ++i)
                    msg += (i > 1 ? ", " : "") + std::to_string(line_of(*g[i]));
                msg += std::string(g.size() > 6 ? ", ..." : "") + ")";
            }
            msg += module.empty()           ? "; not in cachelint's table of stock nginx 1.22 modules (a third-party module?): "
                                              "nginx -t fails unless a module providing it is loaded"
                   : module == "NGINX Plus" ? "; open-source nginx -t fails on it"
                                            : "; nginx -t fails unless that module is loaded";
            if (bundled) msg += " (OpenResty bundles it)";
            sink_.report(ids::NGX902, Severity::note, g.front()->at, msg);
        }
    }

    static uint32_t line_of(const Unknown& u) { return u.at.file->position(u.at.begin).line; }

    Finding& fatal(const RuleId& rule, Span where, std::string msg) {
        cfg_.refused = true;
        return sink_.report(rule, Severity::error, where, std::move(msg));
    }
    static bool starts_with_bom(std::string_view t) { return t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF"; }

    // ---- nginx -T --------------------------------------------------------------------------------
    void split_dump(const SourceFile& f) {
        const std::string_view t = f.text();
        std::vector<std::pair<size_t, size_t>> headers;  // header begin, content begin
        LineCursor lines(t);
        for (std::string_view line; lines.next(line);)
            if (line.starts_with(kDumpHeader) && line.ends_with(":")) headers.push_back({lines.line_start(), lines.next_start()});
        for (size_t i = 0; i < headers.size(); ++i) {
            const size_t hb = headers[i].first, cb = headers[i].second;
            size_t ce = i + 1 < headers.size() ? headers[i + 1].first : t.size();
            // ngx_write_stdout(NGX_LINEFEED) after each file's content
            if (ce > cb && t[ce - 1] == '\n') --ce;
            std::string_view header = t.substr(hb, cb - hb);
            header.remove_prefix(kDumpHeader.size());
            while (!header.empty() && (header.back() == '\n' || header.back() == '\r')) header.remove_suffix(1);
            header.remove_suffix(1);  // ':'
            std::string path(header);
            const SourceFile* sf = job_.loader->adopt(path, std::string(t.substr(cb, ce - cb)));
            dump_files_.push_back({path, sf});
        }
    }

    const SourceFile* dump_lookup(const std::string& path) const {
        for (const auto& [p, f] : dump_files_)
            if (p == path) return f;
        return nullptr;
    }

    // ---- main or fragment -------------------------------------------------------------------------
    bool is_fragment(const SourceFile& f) {
        Arena scratch;
        Lexer lx(f, scratch);
        std::vector<Word> words;
        int depth = 0;
        bool saw_http = false;
        const std::string base = f.path().substr(f.path().find_last_of('/') + 1);
        for (;;) {
            Tok t = lx.next(words);
            if (t == Tok::error || t == Tok::file_done) return !(saw_http && base == "nginx.conf");
            if (t == Tok::block_done) {
                if (--depth < 0) return true;
                continue;
            }
            if (t == Tok::block_start) {
                // `events` only exists in a main file; an `http` block alone is main only in nginx.conf
                // (crossplane-style http.conf files are included at main level).
                if (depth == 0 && words[0].value == "events") return false;
                if (depth == 0 && words[0].value == "http") saw_http = true;
                if (is_lua_block_directive(words[0].value)) {
                    Word body;
                    if (!lx.skip_lua_block(body)) return true;
                    continue;
                }
                ++depth;
            }
        }
    }

    // ---- ngx_conf_parse ----------------------------------------------------------------------------
    // Parses one file into `parent` (an include parses into the block that includes it). `custom`:
    // the parent is a map/types/geo/... body, whose lines are entries for its handler.
    void parse_file(const SourceFile& file, int parent, bool custom) {
        Lexer lx(file, cfg_.arena);
        std::vector<Word> words;
        struct Frame {
            int node;
            bool custom;
        };
        std::vector<Frame> stack{{parent, custom}};
        std::map<std::pair<int, std::string_view>, int> dup;  // (level, name) -> first node, for "is duplicate"
        while (!stop_) {
            const Tok tok = lx.next(words);
            if (tok == Tok::error) {
                syntax(file, lx.error_at(), lx.error());
                return;
            }
            if (tok == Tok::block_done) {
                if (stack.size() == 1) {
                    syntax(file, lx.pos() - 1, "unexpected \"}\"");
                    return;
                }
                stack.pop_back();
                continue;
            }
            if (tok == Tok::file_done) {
                if (stack.size() > 1) syntax(file, lx.pos(), "unexpected end of file, expecting \"}\"");
                return;
            }
            const Frame top = stack.back();
            const int idx = add_node(file, words, tok, top.node);
            Node& n = cfg_.nodes[static_cast<size_t>(idx)];
            if (top.custom) {
                if (n.name == "include" && n.args.size() == 1 && tok == Tok::ok) {
                    include(idx, top.node, true);
                    continue;
                }
                if (tok == Tok::block_start) {
                    syntax(file, n.span.end - 1, "unexpected \"{\"");
                    return;
                }
                n.entry = true;
                continue;
            }
            if (tok == Tok::block_start && is_lua_block_directive(n.name)) {
                Word body;
                if (!lx.skip_lua_block(body)) {
                    syntax(file, lx.error_at(), lx.error());
                    return;
                }
                n.args.push_back({{&file, body.begin, body.end}, body.value, false});
                check_directive(idx, Tok::ok, dup);  // unknown to stock nginx: reported like any unknown directive
                continue;
            }
            if (n.name == "include") {
                if (tok != Tok::ok || n.args.size() != 1) {
                    fatal(ids::NGX904, n.span, tok != Tok::ok ? "directive \"include\" is not terminated by \";\""
                                                            : "invalid number of arguments in \"include\" directive");
                    if (tok == Tok::block_start) stack.push_back({idx, false}), n.block = true, n.ctx = kUnknown;
                    continue;
                }
                include(idx, top.node, false);
                continue;
            }
            check_directive(idx, tok, dup);
            if (tok == Tok::block_start) {
                if (stack.size() >= kMaxNesting) {
                    sink_.report(ids::NGX909, Severity::error, n.span,
                                 "blocks nested deeper than " + std::to_string(kMaxNesting) +
                                     " levels; cachelint stops reading this file here");
                    cfg_.parse_stopped = true;
                    stop_ = true;
                    return;
                }
                Node& b = cfg_.nodes[static_cast<size_t>(idx)];
                b.block = true;
                stack.push_back({idx, b.spec && b.spec->body == kCustom});
            }
        }
    }

    void syntax(const SourceFile& file, uint32_t at, const std::string& msg) {
        const uint32_t end = std::min<uint32_t>(at + 1, static_cast<uint32_t>(file.text().size()));
        fatal(ids::NGX901, {&file, at, end}, msg + "; nginx -t fails (\"[emerg] " + msg + "\")");
        cfg_.parse_stopped = true;
        stop_ = true;
    }

    int add_node(const SourceFile& file, const std::vector<Word>& words, Tok tok, int parent) {
        Node n;
        n.parent = parent;
        n.in_ctx = cfg_.nodes[static_cast<size_t>(parent)].ctx;
        n.name = words[0].value;
        n.name_span = {&file, words[0].begin, words[0].end};
        for (size_t i = 1; i < words.size(); ++i)
            n.args.push_back({{&file, words[i].begin, words[i].end}, words[i].value, words[i].quoted});
        (void)tok;
        n.span = {&file, words[0].begin, words.back().end};
        cfg_.nodes.push_back(std::move(n));
        const int idx = static_cast<int>(cfg_.nodes.size() - 1);
        cfg_.nodes[static_cast<size_t>(parent)].children.push_back(idx);
        return idx;
    }

    // ---- ngx_conf_handler ------------------------------------------------------------------------
    void check_directive(int idx, Tok tok, std::map<std::pair<int, std::string_view>, int>& dup) {
        Node& n = cfg_.nodes[static_cast<size_t>(idx)];
        const auto specs = lookup(n.name);
        const bool unknown_ctx = n.in_ctx & kUnknown;
        if (specs.empty()) {
            n.ctx = kUnknown;
            const bool strict = job_.options->strict;
            std::string msg = "unknown directive " + q(n.name);
            if (n.name.starts_with("\xEF\xBB\xBF")) msg += " (the file starts with a UTF-8 byte order mark)";
            else if (lookup(to_lower(n.name)).size()) msg += "; directive names are case-sensitive: use " + q(to_lower(n.name));
            else {
                // A third-party module's directive: reported after the whole tree is read (report_unknown),
                // once per module and file, and not at all for OpenResty's own in an OpenResty configuration.
                unknown_.push_back({std::string(n.name), n.name_span});
                return;
            }
            Finding& f = sink_.report(ids::NGX902, strict ? Severity::error : Severity::note, n.name_span, msg);
            if (strict) cfg_.refused = true;
            (void)f;
            return;
        }
        const DirectiveSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.ctx & n.in_ctx) {
                spec = &s;
                break;
            }
        if (!spec && unknown_ctx) {
            // nginx accepts the fragment if one of the contexts it may be included into accepts the
            // directive: prefer the definition the statement fits (proxy_next_upstream takes a list in
            // http, a flag in stream).
            for (int pass = 0; pass < 2 && !spec; ++pass)
                for (const auto& s : specs)
                    if (((s.args & kBlock) != 0) == (tok == Tok::block_start) &&
                        (pass == 1 || arity_ok(s.args & ~kBlock, n.args.size()))) {
                        spec = &s;
                        break;
                    }
            if (!spec) spec = &specs[0];
        }
        if (!spec) {
            fatal(ids::NGX903, n.name_span,
                  q(n.name) + " directive is not allowed here (in " + std::string(context_name(n.in_ctx)) +
                      " context); nginx -t fails")
                .fix_hint = "move it to a context where nginx accepts it (see the directive's \"Context:\" in the docs)";
            n.ctx = kUnknown;
            return;
        }
        n.spec = spec;
        if (tok == Tok::block_start) n.ctx = (spec->args & kBlock) ? child_context(*spec, n.in_ctx) : kUnknown;
        if (!(spec->args & kBlock) && tok != Tok::ok) {
            fatal(ids::NGX904, n.span, "directive " + q(n.name) + " is not terminated by \";\"");
            return;
        }
        if ((spec->args & kBlock) && tok != Tok::block_start) {
            fatal(ids::NGX904, n.span, "directive " + q(n.name) + " has no opening \"{\"");
            return;
        }
        bool placeholder = false;  // one placeholder may expand to several words: the count is unknown
        for (const auto& a : n.args) placeholder = placeholder || looks_like_placeholder(a.value);
        if (!arity_ok(spec->args & ~kBlock, n.args.size()) && !((spec->args & kBlock) && (spec->args & ~kBlock) == kNoArgs && n.args.empty()) &&
            !placeholder) {
            fatal(ids::NGX904, n.span, "invalid number of arguments in " + q(n.name) + " directive (" +
                                         std::to_string(n.args.size()) + " given)");
            return;
        }
        if ((spec->flags & kOnOff) && !iequals(n.arg(0), "on") && !iequals(n.arg(0), "off") && !looks_like_placeholder(n.arg(0))) {
            fatal(ids::NGX904, n.args[0].span,
                  "invalid value " + q(n.arg(0)) + " in " + q(n.name) + " directive, it must be \"on\" or \"off\"");
            return;
        }
        if (spec->flags & kDupFatal) {
            auto [it, inserted] = dup.emplace(std::make_pair(n.parent, n.name), idx);
            if (!inserted) {
                Finding& f = fatal(ids::NGX907, n.name_span, q(n.name) + " directive is duplicate; nginx -t fails");
                f.related.push_back({cfg_.nodes[static_cast<size_t>(it->second)].name_span, "first set here"});
                return;
            }
        }
        check_values(idx);
    }

    // ---- values of the cache-related directives --------------------------------------------------
    // A value the file does not show (a template placeholder): unknown, never invalid.
    static bool unknown(const Arg& a) { return a.span.file && a.span.file->touches_opaque(a.span.begin, a.span.end); }

    void bad_value(const Node& n, const Arg& a, const std::string& why) {
        if (unknown(a) || looks_like_placeholder(a.value)) return;  // substituted before nginx reads it: unknown, not invalid
        fatal(ids::NGX904, a.span, "invalid value " + q(a.value) + " in " + q(n.name) + ": " + why + "; nginx -t fails");
    }

    void check_values(int idx) {
        const Node& n = cfg_.nodes[static_cast<size_t>(idx)];
        if (const CacheModule* m = module_of(n.name, "_cache_path")) return cache_path(idx, *m);
        if (module_of(n.name, "_cache_valid")) {
            const Arg& t = n.args.back();
            if (!parse_time(t.value, true)) return bad_value(n, t, "the last parameter must be a time in seconds units (y M w d h m s)");
            for (size_t i = 0; i + 1 < n.args.size(); ++i) {
                const auto v = n.args[i].value;
                if (v == "any") continue;
                int code = 0;
                bool ok = !v.empty() && v.size() <= 3;
                for (size_t k = 0; ok && k < v.size(); ++k) {
                    ok = v[k] >= '0' && v[k] <= '9';
                    code = code * 10 + (v[k] - '0');
                }
                if (!ok || code < 100 || code > 599) return bad_value(n, n.args[i], "a status code (100-599) or \"any\" is expected");
            }
            return;
        }
        if (module_of(n.name, "_cache_lock_timeout") || module_of(n.name, "_cache_lock_age")) {
            if (!parse_time(n.args[0].value, false)) return bad_value(n, n.args[0], "not a valid time");
            return;
        }
        if (module_of(n.name, "_cache_min_uses")) {
            if (n.arg(0).empty() || n.arg(0).find_first_not_of("0123456789") != std::string_view::npos)
                return bad_value(n, n.args[0], "a number is expected");
            return;
        }
        if (module_of(n.name, "_cache_methods")) {
            for (const auto& a : n.args)
                if (a.value != "GET" && a.value != "HEAD" && a.value != "POST")
                    return bad_value(n, a, "only GET, HEAD and POST are accepted");
            return;
        }
        if (module_of(n.name, "_ignore_headers")) {
            static const std::string_view ok[] = {"X-Accel-Redirect", "X-Accel-Expires", "X-Accel-Limit-Rate",
                                                  "X-Accel-Buffering", "X-Accel-Charset", "Expires",
                                                  "Cache-Control", "Set-Cookie", "Vary"};
            for (const auto& a : n.args) {
                bool known = false;
                for (auto k : ok) known = known || iequals(a.value, k);
                if (!known) return bad_value(n, a, "not a header nginx can ignore");
            }
            return;
        }
        if (module_of(n.name, "_cache_use_stale")) {
            static const std::string_view ok[] = {"error", "timeout", "invalid_header", "updating", "http_500",
                                                  "http_502", "http_503", "http_504", "http_403", "http_404",
                                                  "http_429", "off"};
            for (const auto& a : n.args) {
                bool known = false;
                for (auto k : ok) known = known || iequals(a.value, k);
                if (!known) return bad_value(n, a, "not a proxy_cache_use_stale condition");
            }
            return;
        }
        if ((n.name == "add_header" || n.name == "add_trailer") && n.args.size() == 3 && n.arg(2) != "always") {
            // ngx_http_headers_add: a third parameter must be "always"
            fatal(ids::NGX904, n.args[2].span, "invalid parameter " + q(n.arg(2)) + " in " + q(n.name) +
                                                 " (only \"always\" may follow the value); nginx -t fails");
            return;
        }
        if (n.name == "expires") return expires(n);
        if (n.name == "limit_req_zone" || n.name == "limit_conn_zone") {
            for (const auto& a : n.args)
                if (a.value.starts_with("zone=")) add_zone(idx, a.value.substr(5), std::string(n.name));
            return;
        }
        if (n.name == "ssl_session_cache") {
            for (const auto& a : n.args)
                if (a.value.starts_with("shared:")) add_zone(idx, a.value.substr(7), "ssl_session_cache");
            return;
        }
        if (n.name == "zone" && (n.in_ctx & (kUps | kStreamUps)) && !(n.in_ctx & kUnknown)) {
            add_zone(idx, std::string(n.arg(0)) + (n.args.size() > 1 ? ":" + std::string(n.arg(1)) : ""), "upstream zone");
            return;
        }
    }

    void expires(const Node& n) {
        std::string_view v = n.arg(0);
        if (n.args.size() == 2) {
            if (v != "modified") return bad_value(n, n.args[0], "only \"modified\" may precede the time");
            v = n.arg(1);
        } else if (v == "epoch" || v == "max" || v == "off") {
            return;
        }
        if (v.find('$') != std::string_view::npos) return;  // evaluated per request
        if (!v.empty() && v[0] == '@') {
            auto t = parse_time(v.substr(1), true);
            if (!t || *t >= 86400) bad_value(n, n.args.back(), "a daily time @HHhMMm below 24h is expected");
            return;
        }
        if (!v.empty() && (v[0] == '+' || v[0] == '-')) v.remove_prefix(1);
        if (!parse_time(v, true)) bad_value(n, n.args.back(), "not a valid time");
    }

    void add_zone(int idx, std::string_view spec, std::string owner, const CacheModule* m = nullptr) {
        Zone z;
        auto colon = spec.find(':');
        z.name = std::string(spec.substr(0, colon));
        if (colon != std::string_view::npos) z.size = parse_size(spec.substr(colon + 1)).value_or(0);
        z.owner = std::move(owner);
        z.module = m;
        z.node = idx;
        cfg_.zones.push_back(std::move(z));
    }

    void cache_path(int idx, const CacheModule& m) {
        const Node& n = cfg_.nodes[static_cast<size_t>(idx)];
        Zone z;
        z.owner = n.name;
        z.module = &m;
        z.node = idx;
        z.path = std::string(n.arg(0));
        bool have_zone = false;
        for (size_t i = 1; i < n.args.size(); ++i) {
            const Arg& a = n.args[i];
            const std::string_view v = a.value;
            auto eq = v.find('=');
            const std::string_view key = v.substr(0, eq == std::string_view::npos ? v.size() : eq);
            const std::string_view val = eq == std::string_view::npos ? std::string_view{} : v.substr(eq + 1);
            if (unknown(a)) {  // a template placeholder: the parameter is there, its value unknown
                if (key == "keys_zone") {
                    z.name = std::string(val.substr(0, val.find(':')));
                    have_zone = true;
                } else if (key == "max_size" || key == "min_free") {
                    z.size_unknown = true;
                }
                continue;
            }
            if (key == "keys_zone" && eq != std::string_view::npos) {
                auto colon = val.find(':');
                if (colon == std::string_view::npos || colon == 0)
                    return bad_value(n, a, "keys_zone=NAME:SIZE is expected");
                z.name = std::string(val.substr(0, colon));
                if (looks_like_placeholder(val.substr(colon + 1))) {  // size unknown (0): the zone exists
                    have_zone = true;
                    continue;
                }
                auto size = parse_size(val.substr(colon + 1));
                if (!size) return bad_value(n, a, "the keys_zone size takes only k or m units (no g, no decimals)");
                if (*size < 8192)
                    return bad_value(n, a, "the keys zone is too small (nginx needs at least two 4 KiB pages)");
                z.size = *size;
                have_zone = true;
            } else if (key == "levels" && eq != std::string_view::npos) {
                bool ok = !val.empty() && val.size() <= 5;
                for (size_t k = 0; k < val.size(); ++k) ok = ok && (k % 2 == 0 ? (val[k] == '1' || val[k] == '2') : val[k] == ':');
                if (!ok || val.size() % 2 == 0) return bad_value(n, a, "levels must be 1 to 3 levels of 1 or 2 (e.g. 1:2)");
            } else if (key == "use_temp_path" && eq != std::string_view::npos) {
                if (val != "on" && val != "off") return bad_value(n, a, "use_temp_path must be on or off");
            } else if (key == "inactive" && eq != std::string_view::npos) {
                auto t = parse_time(val, true);
                if (!t) return bad_value(n, a, "not a valid time");
                z.inactive = *t;
            } else if ((key == "max_size" || key == "min_free") && eq != std::string_view::npos) {
                if (looks_like_placeholder(val)) {  // a bound is set, its size unknown
                    (key == "max_size" ? z.max_size : z.min_free) = 0;
                    continue;
                }
                auto s = parse_offset(val);
                if (!s) return bad_value(n, a, "a size with k, m or g units is expected (no decimals)");
                (key == "max_size" ? z.max_size : z.min_free) = *s;
            } else if ((key == "manager_files" || key == "loader_files") && eq != std::string_view::npos) {
                if (val.empty() || val.find_first_not_of("0123456789") != std::string_view::npos)
                    return bad_value(n, a, "a number is expected");
            } else if ((key == "manager_sleep" || key == "manager_threshold" || key == "loader_sleep" ||
                        key == "loader_threshold") && eq != std::string_view::npos) {
                if (!parse_time(val, false)) return bad_value(n, a, "not a valid time");
            } else {
                fatal(ids::NGX904, a.span, "invalid parameter " + q(v) + " in " + q(n.name) + "; nginx -t fails");
                return;
            }
        }
        if (!have_zone) {
            fatal(ids::NGX904, n.span, q(n.name) + " must have \"keys_zone\" parameter; nginx -t fails");
            return;
        }
        cfg_.zones.push_back(std::move(z));
    }

    // ---- ngx_conf_include ------------------------------------------------------------------------
    void include(int idx, int parent, bool custom) {
        // A copy, not a reference: parsing the included files appends to cfg_.nodes, which may move it.
        const Node n = cfg_.nodes[static_cast<size_t>(idx)];
        const std::string arg(n.arg(0));
        const std::string path = join_path(cfg_.conf_dir, arg);
        std::vector<std::string> files;
        std::optional<MappedInclude> mapped;
        if (cfg_.dump) {
            if (has_glob_chars(path)) {
                for (const auto& [p, f] : dump_files_)
                    if (::fnmatch(path.c_str(), p.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) files.push_back(p);
                std::sort(files.begin(), files.end());
            } else if (dump_lookup(path)) {
                files.push_back(path);
            } else {
                unresolved(idx, n, "is not in the nginx -T dump");
                return;
            }
        } else if ((mapped = resolver_.map(path, true, n.args[0].span.file ? n.args[0].span.file->path() : std::string()))) {
            // A deploy path the repository keeps elsewhere ([paths], a Dockerfile COPY, a trailing part of the path).
            if (has_glob_chars(mapped->path)) files = expand_glob(mapped->path);
            else files.push_back(mapped->path);
        } else if (has_glob_chars(path)) {
            files = expand_glob(path);
            if (files.empty() && !arg.empty() && arg[0] == '/') {
                auto rebased = rebase(arg);
                if (!rebased.empty()) files = expand_glob(rebased);
            }
        } else {
            std::string p = path;
            if (!file_exists(p)) {
                std::string alt = arg[0] == '/' ? rebase(arg) : fragment_fallback(arg);
                if (!alt.empty() && file_exists(alt)) p = alt;
                else if (arg[0] == '/' || cfg_.fragment) {
                    unresolved(idx, n, "was not found on this machine");
                    return;
                } else if (!directory_exists(directory_of(path))) {
                    // The folder itself is not in this tree (engintron's overrides/ is made by its
                    // installer): the deployment provides the file; whether it exists there is unknown.
                    unresolved(idx, n, "was not found: its folder is not part of this tree (the deployment provides it)");
                    return;
                } else if (distro_file(arg)) {
                    unresolved(idx, n, "was not found beside the configuration (the nginx package ships it in the conf dir)");
                    return;
                } else {
                    Finding& f = fatal(ids::NGX905, n.args[0].span,
                                       "open() " + q(path) + " failed (No such file or directory): nginx resolves "
                                       "relative includes against the directory of the main configuration file");
                    f.fix_hint = "fix the path, or use a glob (an include glob matching nothing is not an error)";
                    return;
                }
            }
            files.push_back(p);
        }
        std::vector<const SourceFile*> read;
        for (const auto& f : files) {
            if (guard_.exhausted()) break;  // the limit was reported once; stop following includes
            const SourceFile* sf = nullptr;
            if (cfg_.dump) {
                sf = dump_lookup(f);
            } else {
                auto loaded = job_.loader->load(f);
                if (!loaded.file) {
                    if (has_glob_chars(mapped ? mapped->path : path)) continue;  // glob(3) lists it, open fails: directories etc.
                    fatal(ids::NGX905, n.args[0].span, "cannot read included file " + q(f) + ": " + loaded.error);
                    continue;
                }
                sf = loaded.file;
            }
            const IncludeGuard::Scope scope = guard_.enter(f);
            if (!scope) {
                fatal(ids::NGX905, n.args[0].span,
                      describe(scope.refusal(), f) + " (via " + q(f) + "); nginx recurses until it fails");
                continue;
            }
            if (starts_with_bom(sf->text())) {
                fatal(ids::NGX901, {sf, 0, 3}, "the included file starts with a UTF-8 byte order mark; nginx reads it as "
                                             "part of the first directive name");
                continue;
            }
            read.push_back(sf);
            parse_file(*sf, parent, custom);
            if (stop_) break;
        }
        if (mapped) resolver_.record(job_, n.args[0].span, path, *mapped, read);
    }

    static bool distro_file(std::string_view rel) {
        static const std::string_view shipped[] = {"mime.types", "fastcgi_params", "fastcgi.conf", "uwsgi_params",
                                                   "scgi_params", "proxy_params", "koi-utf", "koi-win", "win-utf",
                                                   "snippets/fastcgi-php.conf", "snippets/snakeoil.conf"};
        for (auto s : shipped)
            if (rel == s) return true;
        return false;
    }

    // `include /etc/nginx/x.conf` in a tree checked out elsewhere: the tree is what gets deployed there.
    std::string rebase(const std::string& abs) const {
        static const std::string_view roots[] = {"/etc/nginx/", "/usr/local/nginx/conf/", "/usr/local/etc/nginx/",
                                                 "/opt/homebrew/etc/nginx/"};
        for (auto r : roots)
            if (abs.starts_with(r)) return join_path(cfg_.conf_dir, abs.substr(r.size()));
        return {};
    }

    // A fragment read alone: its conf dir is unknown; try the fragment's folder and the folders above it.
    std::string fragment_fallback(const std::string& rel) const {
        if (!cfg_.fragment) return {};
        std::string dir = directory_of(cfg_.main->path());
        for (int i = 0; i < 4; ++i, dir = join_path(dir, "..")) {
            std::string p = join_path(dir, rel);
            if (file_exists(p)) return p;
        }
        return {};
    }

    void unresolved(int idx, const Node& n, const std::string& why) {
        cfg_.includes_complete = false;
        cfg_.nodes[static_cast<size_t>(idx)].unresolved = true;
        unresolved_.push_back({n.args[0].span, std::string(n.arg(0)), why});
    }

    // NGX906: one note per file, at its first include nobody could read, naming how many others there are.
    void report_unresolved() {
        std::map<const SourceFile*, std::vector<const Unresolved*>> by_file;
        std::vector<const SourceFile*> order;
        for (const auto& u : unresolved_) {
            auto& g = by_file[u.at.file];
            if (g.empty()) order.push_back(u.at.file);
            g.push_back(&u);
        }
        for (const auto* file : order) {
            const auto& g = by_file[file];
            std::string msg = "include " + q(g.front()->pattern) + " " + g.front()->why;
            if (g.size() > 1) {
                msg += ", nor were " + std::to_string(g.size() - 1) + " more include" + (g.size() > 2 ? "s" : "") + " in this file (";
                for (size_t i = 1; i < g.size() && i <= 3; ++i) msg += (i > 1 ? ", " : "") + q(g[i]->pattern);
                msg += std::string(g.size() > 4 ? ", ..." : "") + ")";
            }
            msg += std::string(g.size() > 1 ? "; their" : "; its") + " directives were not checked" +
                   (cfg_.fragment ? " (this file is a fragment: its conf dir is unknown)" : "");
            sink_.report(ids::NGX906, Severity::note, g.front()->at, msg);
        }
    }

    // ---- after the whole tree is read --------------------------------------------------------------
    void finish() {
        if (!cfg_.fragment) {
            bool events = false;
            for (int c : cfg_.nodes[0].children) events = events || (cfg_.nodes[static_cast<size_t>(c)].name == "events" && cfg_.nodes[static_cast<size_t>(c)].block);
            if (!events)
                fatal(ids::NGX908, {cfg_.main, 0, 0}, "no \"events\" section in configuration; nginx -t fails")
                    .fix_hint = "add `events {}` at the top level";
        }
        // ngx_http_ssl_init: a `listen ... ssl` server needs a certificate (inherited from http or its own).
        for (size_t i = 0; i < cfg_.nodes.size() && !cfg_.fragment && cfg_.includes_complete; ++i) {
            const Node& s = cfg_.nodes[i];
            if (!s.block || s.name != "server" || !(s.ctx & kSrv) || (s.ctx & kUnknown)) continue;
            const int si = static_cast<int>(i);
            int ssl_listen = -1;
            for (int l : cfg_.here(si, "listen"))
                for (const auto& a : cfg_.nodes[static_cast<size_t>(l)].args)
                    if (a.value == "ssl") ssl_listen = l;
            if (ssl_listen < 0 || !cfg_.effective(si, "ssl_certificate").empty()) continue;
            const auto& reject = cfg_.effective(si, "ssl_reject_handshake");
            if (!reject.empty() && iequals(cfg_.nodes[static_cast<size_t>(reject.back())].arg(0), "on")) continue;
            fatal(ids::NGX910, cfg_.nodes[static_cast<size_t>(ssl_listen)].span,
                  "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive; nginx -t fails")
                .fix_hint = "add ssl_certificate and ssl_certificate_key to this server (or to http)";
        }
        // duplicate shared-memory zones (NGX002) and unknown cache zones (NGX001)
        std::map<std::string, const Zone*> first;
        for (const auto& z : cfg_.zones) {
            auto [it, inserted] = first.emplace(z.name, &z);
            if (inserted) continue;
            const Zone& a = *it->second;
            const bool same_use = a.owner == z.owner;
            // ngx_shared_memory_add hands the same zone back to the same user: ssl_session_cache and
            // upstream zones may be shared; caches and limit_* zones refuse a second declaration.
            if (same_use && (z.owner == "ssl_session_cache" || z.owner == "upstream zone")) continue;
            Finding& f = fatal(ids::NGX002, cfg_.nodes[static_cast<size_t>(z.node)].span,
                               same_use ? "duplicate zone " + q(z.name) + "; nginx -t fails"
                                        : "the shared memory zone " + q(z.name) + " is already declared for a different use (" +
                                              a.owner + "); nginx -t fails");
            f.related.push_back({cfg_.nodes[static_cast<size_t>(a.node)].span, "first declared here"});
            f.fix_hint = "give every keys_zone/zone a unique name";
        }
        build_cache_view(cfg_);
        if (cfg_.fragment || !cfg_.includes_complete) return;
        for (size_t i = 0; i < cfg_.nodes.size(); ++i) {
            const Node& n = cfg_.nodes[i];
            if (n.entry || n.args.empty() || !n.spec) continue;
            if (const CacheModule* mp = module_of(n.name, "_cache")) {
                const CacheModule& m = *mp;
                const std::string_view zone = n.arg(0);
                if (zone == "off" || zone.find('$') != std::string_view::npos) continue;
                const Zone* z = cfg_.find_zone(zone);
                if (!z) {
                    fatal(ids::NGX001, n.args[0].span,
                          q(n.name) + " zone " + q(zone) + " is unknown: no " + cfg_.name(m, "_cache_path") +
                              " declares keys_zone=" + std::string(zone) + "; nginx -t fails")
                        .fix_hint = "declare it with " + cfg_.name(m, "_cache_path") + " ... keys_zone=" +
                                    std::string(zone) + ":10m at http level, or fix the name";
                } else if (z->module != &m) {
                    Finding& f = fatal(ids::NGX001, n.args[0].span,
                                       "the shared memory zone " + q(zone) + " used by " + q(n.name) +
                                           " is declared for a different use (" + z->owner + "); nginx -t fails");
                    f.related.push_back({cfg_.nodes[static_cast<size_t>(z->node)].span, "declared here"});
                }
            }
        }
    }
};

}  // namespace

bool looks_like_dump(std::string_view text) {
    if (text.starts_with(kDumpHeader)) return true;
    size_t p = text.find(std::string("\n") + std::string(kDumpHeader));
    if (p == std::string_view::npos) return false;
    // only if everything before it is nginx's own "syntax is ok" banner
    LineCursor lines(text.substr(0, p + 1));
    for (std::string_view line; lines.next(line);)
        if (!line.empty() && !line.starts_with("nginx: ")) return false;
    return true;
}

void load_config(Config& cfg, LintJob& job) { Loader(cfg, job).run(); }

}  // namespace cachelint::nginx
