#include "parse/haproxy/parser.hpp"
#include "core/rule_ids.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_map>

#include "core/text.hpp"
#include "parse/haproxy/tokenizer.hpp"

namespace cachelint::haproxy {

bool is_section_keyword(std::string_view w, Version v) {
    static constexpr std::string_view kSections[] = {"global",  "defaults", "frontend", "backend",     "listen",
                                                     "userlist", "peers",   "resolvers", "mailers",    "program",
                                                     "http-errors", "ring", "cache",    "log-forward", "fcgi-app"};
    if (std::find(std::begin(kSections), std::end(kSections), w) != std::end(kSections)) return true;
    // Sections added later: crt-store (3.0), traces (3.1), acme (3.2).
    return (w == "crt-store" && v.at_least(3, 0)) || (w == "traces" && v.at_least(3, 1)) || (w == "acme" && v.at_least(3, 2));
}

const Cache* Config::find_cache(std::string_view name) const {
    for (const auto& c : caches)
        if (c.name == name) return &c;
    return nullptr;
}

std::string_view Config::mode(const Section& proxy) const {
    for (const Section* s = &proxy; s;) {
        std::string_view m;
        for (const auto& l : s->lines)
            if (l.is("mode") && l.modifier.empty()) m = l.arg(1);
        if (!m.empty()) return m;
        s = s->defaults >= 0 ? &sections[static_cast<size_t>(s->defaults)] : nullptr;
    }
    return "tcp";
}

bool Config::checkcache(const Section& proxy) const {
    for (const Section* s = &proxy; s;) {
        std::optional<bool> on;
        for (const auto& l : s->lines)
            if (l.is("option", "checkcache")) on = l.modifier != "no";
        if (on) return *on;
        s = s->defaults >= 0 ? &sections[static_cast<size_t>(s->defaults)] : nullptr;
    }
    return false;
}

const std::vector<CacheRule>& Config::cache_rules() const {
    if (cache_rules_) return *cache_rules_;
    auto out = std::make_shared<std::vector<CacheRule>>();
    std::unordered_map<std::string_view, const Cache*> by_name;  // find_cache() for every rule was linear in the caches
    for (const Cache& c : caches) by_name.emplace(c.name, &c);  // the first of a name wins, as in find_cache()
    for (const Section& s : sections) {
        if (!s.is_proxy() || s.header.conditional) continue;
        std::optional<bool> http;  // the proxy's mode, looked up once for all its rules
        for (const Line& l : s.lines) {
            if (l.conditional || l.refused || l.words.size() < 3 || l.words[2].env) continue;
            const bool use = l.is("http-request", "cache-use"), store = l.is("http-response", "cache-store");
            if (!use && !store) continue;
            if (!http) http = mode(s) == "http";
            const auto c = by_name.find(l.arg(2));
            out->push_back({&s, &l, store, c == by_name.end() ? nullptr : c->second, *http});
        }
    }
    cache_rules_ = std::move(out);
    return *cache_rules_;
}

namespace {

std::string quote(std::string_view s) { return "'" + printable(s, 60) + "'"; }

// strtoul(s, &end, 10) over the whole string, as cache.c uses it: nullopt when it does not consume
// everything; a leading '-' negates (so "-1" is ULONG_MAX); overflow saturates at ULONG_MAX.
std::optional<uint64_t> strtoul_full(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i] == '-', ++i;
    const size_t digits = i;
    uint64_t v = 0;
    bool overflow = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (v > (UINT64_MAX - 9) / 10) overflow = true;
        v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    }
    if (i == digits || i != s.size()) return std::nullopt;
    if (overflow) return UINT64_MAX;
    return neg ? (0 - v) : v;
}

class Parser {
public:
    Parser(Config& c, const SourceFile& f, FindingSink& s) : cfg_(c), file_(f), sink_(s) {}

    void run() {
        const std::string_view text = file_.text();
        size_t pos = 0;
        int cond_depth = 0;
        while (pos < text.size()) {
            size_t nl = text.find('\n', pos);
            const bool has_lf = nl != std::string_view::npos;
            const size_t end = has_lf ? nl : text.size();
            std::string_view raw = text.substr(pos, end - pos);
            const uint32_t base = static_cast<uint32_t>(pos);
            pos = has_lf ? nl + 1 : text.size();
            if (size_t nul = raw.find('\0'); nul != std::string_view::npos) {
                fatal(ids::HAP901, span(base + nul, base + nul + 1),
                      "NUL byte in the line; HAProxy refuses the file (\"Stray NUL character\")", "remove the NUL byte");
                continue;
            }
            if (!has_lf) {
                fatal(ids::HAP901, span(base, base + raw.size()),
                      "the last line has no terminating newline; HAProxy " + cfg_.version.name() + " refuses the file (\"Missing LF on last line, "
                      "file might have been truncated\")",
                      "end the file with a newline");
            }
            size_t lead = 0;
            while (lead < raw.size() && std::isspace(static_cast<unsigned char>(raw[lead]))) ++lead;
            if (lead < raw.size() && raw[lead] == '[') continue;  // a scope line ("[name]"), no keyword
            const std::string_view body = raw.substr(lead);
            const uint32_t bbase = base + static_cast<uint32_t>(lead);
            SplitResult split = split_line(body);
            Line line;
            line.span = span(bbase, bbase + trimmed_len(body));
            if (split.error != SplitError::none) {
                report_split_error(split, bbase, body);
                continue;
            }
            for (auto& w : split.words) line.words.push_back({std::move(w.value), span(bbase + w.begin, bbase + w.end), w.env});
            if (line.words.empty() || line.words[0].value.empty()) continue;  // empty line: `if (!**args) continue;`

            // Conditional blocks: .if / .elif / .else / .endif (their conditions are not evaluated).
            if (line.words[0].value[0] == '.') {
                const std::string_view kw = line.arg(0);
                if (kw == ".if") {
                    ++cond_depth;
                    if_lines_.push_back(line.span);
                } else if (kw == ".elif" || kw == ".else") {
                    if (cond_depth == 0)
                        fatal(ids::HAP902, line.arg_span(0), "lone " + quote(kw) + " with no matching '.if'; HAProxy refuses the file",
                              "remove it or add the '.if' it belongs to");
                } else if (kw == ".endif") {
                    if (cond_depth == 0)
                        fatal(ids::HAP902, line.arg_span(0), "lone '.endif' with no matching '.if'; HAProxy refuses the file",
                              "remove it or add the '.if' it belongs to");
                    else
                        --cond_depth, if_lines_.pop_back();
                } else if (kw != ".diag" && kw != ".notice" && kw != ".warning" && kw != ".alert") {
                    fatal(ids::HAP902, line.arg_span(0), "unknown directive " + quote(kw) + "; HAProxy refuses the file",
                          "HAProxy knows .if, .elif, .else, .endif, .diag, .notice, .warning and .alert");
                }
                continue;
            }
            line.conditional = cond_depth > 0;
            handle(std::move(line));
        }
        for (const Span& s : if_lines_)
            fatal(ids::HAP902, s, "non-terminated '.if' block; HAProxy refuses the file", "close the block with '.endif'");
        finish_cache();
        resolve_defaults();
        check_proxies();
    }

private:
    Config& cfg_;
    const SourceFile& file_;
    FindingSink& sink_;
    std::vector<Span> if_lines_;
    int current_ = -1;  // index of the current section

    Span span(size_t b, size_t e) const { return {&file_, static_cast<uint32_t>(b), static_cast<uint32_t>(e)}; }
    static size_t trimmed_len(std::string_view s) {
        size_t n = s.size();
        while (n > 0 && std::isspace(static_cast<unsigned char>(s[n - 1]))) --n;
        return n;
    }

    void fatal(const RuleId& rule, Span where, std::string msg, std::string hint) {
        cfg_.refused = true;
        auto& f = sink_.report(rule, Severity::error, where, std::move(msg));
        if (!hint.empty()) f.fix_hint = std::move(hint);
    }

    void report_split_error(const SplitResult& s, uint32_t base, std::string_view body) {
        const Span at = span(base + s.error_at, base + s.error_at + 1);
        switch (s.error) {
            case SplitError::quote:
                fatal(ids::HAP901, at, "unmatched quote; HAProxy refuses the file (\"unmatched quote\")",
                      "close the quote on the same line (HAProxy has no continuation lines)");
                break;
            case SplitError::hex:
                fatal(ids::HAP901, at, "truncated or invalid '\\x' sequence; HAProxy refuses the file",
                      "write two hex digits after \\x, or '\\\\' for a literal backslash");
                break;
            case SplitError::varname:
                fatal(ids::HAP901, at,
                      "'$' inside double quotes starts an environment variable, but " + quote(body.substr(s.error_at, 1)) +
                          " cannot start a variable name; HAProxy refuses the file (\"forbidden first char in environment variable name\")",
                      "escape a literal dollar as '\\$' inside double quotes, or use single quotes");
                break;
            case SplitError::brace:
                fatal(ids::HAP901, at, "unmatched brace in an environment variable reference; HAProxy refuses the file",
                      "close '${NAME' with '}'");
                break;
            case SplitError::expand:
                fatal(ids::HAP901, at, "invalid word expansion (only '${NAME[*]}' is allowed); HAProxy refuses the file",
                      "write '${NAME[*]}'");
                break;
            case SplitError::too_many:
                fatal(ids::HAP901, at,
                      "more than 64 words on one line; HAProxy refuses the file (\"too many words, truncating after word 64\")",
                      "split the rule, e.g. put long ACL value lists in a file loaded with -f");
                break;
            case SplitError::none: break;
        }
    }

    void handle(Line line) {
        // Keyword modifiers: "no" and "default" shift the words.
        if (line.arg(0) == "no" || line.arg(0) == "default") {
            line.modifier = line.words[0].value;
            line.words.erase(line.words.begin());
            static constexpr std::string_view kAllowed[] = {"option",        "log",          "busy-polling",
                                                            "set-dumpable",  "strict-limits", "insecure-fork-wanted",
                                                            "numa-cpu-mapping"};
            if (std::find(std::begin(kAllowed), std::end(kAllowed), line.arg(0)) == std::end(kAllowed) && !line.conditional) {
                fatal(ids::HAP902, line.span,
                      "'" + line.modifier + "' can only prefix option, log, busy-polling, set-dumpable, strict-limits, "
                      "insecure-fork-wanted and numa-cpu-mapping, not " + quote(line.arg(0)) + "; HAProxy refuses the file",
                      "remove the '" + line.modifier + "' modifier");
                line.refused = true;
            }
        }
        if (is_section_keyword(line.arg(0), cfg_.version)) {
            if (current_ >= 0 && cfg_.sections[static_cast<size_t>(current_)].kind == SectionKind::cache) finish_cache();
            start_section(std::move(line));
            return;
        }
        if (current_ < 0) {
            if (!line.conditional) {
                const std::string_view w = line.arg(0);
                std::string msg = "unknown keyword " + quote(w) + " out of section; HAProxy refuses the file";
                std::string hint = "start a section (global, defaults, frontend, backend, listen, cache, ...) first";
                if (w.starts_with("\xEF\xBB\xBF")) {
                    msg = "the file starts with a UTF-8 byte order mark, which HAProxy reads as part of the first keyword " +
                          quote(w) + "; HAProxy refuses the file";
                    hint = "save the file without a byte order mark";
                } else if (is_section_keyword(to_lower(w), cfg_.version)) {
                    msg += " (section keywords are case-sensitive: write " + quote(to_lower(w)) + ")";
                }
                fatal(ids::HAP902, line.arg_span(0), std::move(msg), std::move(hint));
            }
            return;
        }
        Section& sec = cfg_.sections[static_cast<size_t>(current_)];
        sec.lines.push_back(std::move(line));
        const Line& stored = sec.lines.back();
        if (!stored.conditional && !stored.refused) check_line(sec, stored);
    }

    void start_section(Line line) {
        Section s;
        s.keyword = std::string(line.arg(0));
        const std::string_view k = s.keyword;
        s.kind = k == "global"     ? SectionKind::global
                 : k == "defaults" ? SectionKind::defaults
                 : k == "frontend" ? SectionKind::frontend
                 : k == "backend"  ? SectionKind::backend
                 : k == "listen"   ? SectionKind::listen
                 : k == "cache"    ? SectionKind::cache
                                   : SectionKind::other;
        if (s.kind == SectionKind::defaults && line.arg(1) == "from") {
            s.from = std::string(line.arg(2));
        } else {
            s.name = std::string(line.arg(1));
            if (line.arg(2) == "from") s.from = std::string(line.arg(3));
        }
        if (s.kind == SectionKind::cache) start_cache(s, line);
        s.header = std::move(line);
        cfg_.sections.push_back(std::move(s));
        current_ = static_cast<int>(cfg_.sections.size() - 1);
        if (cfg_.sections.back().kind == SectionKind::cache) {
            cfg_.caches.back().section = cfg_.sections.size() - 1;
        }
    }

    // ---- cache sections (src/cache.c cfg_parse_cache / cfg_post_parse_section_cache) -------------
    bool cache_open_ = false;

    void start_cache(Section& s, const Line& line) {
        Cache c;
        c.name = s.name.substr(0, std::min<size_t>(s.name.size(), 32));
        if (!line.conditional) {
            if (s.name.empty()) {
                fatal(ids::HAP903, line.arg_span(0), "'cache' expects a name; HAProxy refuses the file", "write 'cache <name>'");
                c.valid = false;
            } else if (!line.arg(2).empty()) {
                fatal(ids::HAP903, line.arg_span(2), "'cache' takes exactly one name, got unexpected argument " + quote(line.arg(2)) +
                      "; HAProxy refuses the file", "remove the extra argument");
                c.valid = false;
            } else if (const Cache* dup = cfg_.find_cache(c.name); dup && dup->valid) {
                Finding& f = sink_.report(ids::HAP903, Severity::error, line.arg_span(1),
                                          "duplicate cache name " + quote(c.name) +
                                              (s.name.size() > 32 ? " (cache names are truncated to 32 characters)" : "") +
                                              "; HAProxy refuses the file (\"Duplicate cache name\")");
                f.related.push_back({cfg_.sections[dup->section].header.arg_span(1), "first defined here"});
                f.fix_hint = "give each cache section its own name";
                cfg_.refused = true;
                c.valid = false;
            }
        }
        cfg_.caches.push_back(std::move(c));
        cache_open_ = true;
    }

    bool too_many_args(const Line& l) {
        if (l.arg(2).empty()) return false;
        fatal(ids::HAP903, l.arg_span(2), quote(l.arg(0)) + " takes one argument, got unexpected " + quote(l.arg(2)) +
              "; HAProxy refuses the file", "keep one value per line; comments start with '#'");
        return true;
    }

    void check_cache_line(Cache& c, const Line& l) {
        const std::string_view kw = l.arg(0);
        const std::string_view v = l.arg(1);
        if (kw == "total-max-size") {
            if (too_many_args(l)) return void(c.valid = false);
            auto n = strtoul_full(v);
            if (!n) {
                fatal(ids::HAP903, l.arg_span(1), "total-max-size " + quote(v) +
                      " is not a plain number of megabytes (no unit suffix is accepted); HAProxy refuses the file",
                      "write the size in megabytes, e.g. 'total-max-size 256'");
                return void(c.valid = false);
            }
            if (*n > (UINT_MAX >> 20)) {
                fatal(ids::HAP903, l.arg_span(1), "total-max-size " + quote(v) + " is above the maximum of 4095 (megabytes); HAProxy refuses the file",
                      "use at most 4095");
                return void(c.valid = false);
            }
            c.total_mb = *n;
            c.total_line = &l;
        } else if (kw == "max-age") {
            if (too_many_args(l)) return void(c.valid = false);
            c.max_age_line = &l;
        } else if (kw == "max-object-size") {
            if (too_many_args(l)) return void(c.valid = false);
            auto n = strtoul_full(v);
            if (!n) {
                fatal(ids::HAP903, l.arg_span(1), "max-object-size " + quote(v) + " is not a plain number of bytes; HAProxy refuses the file",
                      "write the size in bytes, e.g. 'max-object-size 1048576'");
                return void(c.valid = false);
            }
            c.max_object = *n & 0xFFFFFFFFull;  // stored in an unsigned int
            c.max_object_line = &l;
        } else if (kw == "process-vary") {
            if (too_many_args(l)) return void(c.valid = false);
            if (v == "on") c.process_vary = true;
            else if (v == "off") c.process_vary = false;
            c.process_vary_line = &l;  // other values: a warning only, the setting is unchanged
        } else if (kw == "max-secondary-entries") {
            if (too_many_args(l)) return void(c.valid = false);
            auto n = strtoul_full(v);
            if (!n || (*n & 0xFFFFFFFFull) == 0) {
                fatal(ids::HAP903, l.arg_span(1), "max-secondary-entries " + quote(v) + " must be a positive number; HAProxy refuses the file",
                      "write a positive number (default 10)");
                return void(c.valid = false);
            }
            c.secondary_line = &l;
        } else {
            std::string msg = "unknown keyword " + quote(kw) + " in a 'cache' section; HAProxy refuses the file";
            static constexpr std::string_view kKnown[] = {"total-max-size", "max-age", "max-object-size", "process-vary",
                                                          "max-secondary-entries"};
            std::string hint = "HAProxy " + cfg_.version.name() + " cache sections take total-max-size, max-object-size, max-age, process-vary and max-secondary-entries";
            if (auto dym = did_you_mean(kw, kKnown)) {
                msg += "; did you mean " + quote(*dym) + "?";
                if (to_lower(kw) == *dym) msg += " (keywords are case-sensitive)";
            } else if (kw == "early-hints") {
                msg += " ('early-hints' only exists in later HAProxy versions)";
            }
            fatal(ids::HAP902, l.arg_span(0), std::move(msg), std::move(hint));
            c.valid = false;
        }
    }

    void finish_cache() {
        if (!cache_open_ || cfg_.caches.empty()) return;
        cache_open_ = false;
        Cache& c = cfg_.caches.back();
        const Section& s = cfg_.sections[c.section];
        if (!c.valid || s.header.conditional) return;
        if (c.total_mb == 0) {
            fatal(ids::HAP903, c.total_line ? c.total_line->arg_span(1) : s.header.span,
                  "cache " + quote(c.name) + (c.total_line ? " has total-max-size 0" : " has no total-max-size") +
                      "; HAProxy refuses the file (\"Size not specified for cache\")",
                  "add 'total-max-size <megabytes>' to the cache section");
            c.valid = false;
            return;
        }
        const uint64_t half = c.total_mb * 1024 * 1024 / 2;
        if (c.max_object != 0 && c.max_object > half) {
            fatal(ids::HAP903, c.max_object_line->arg_span(1),
                  "max-object-size " + std::to_string(c.max_object) + " is more than half of total-max-size " +
                      std::to_string(c.total_mb) + " MB (" + std::to_string(half) + " bytes); HAProxy refuses the file",
                  "use at most " + std::to_string(half) + ", or raise total-max-size");
            c.valid = false;
        }
    }

    // Keywords HAProxy 2.0/2.1 removed from proxy sections: cfgparse-listen.c still knows each one, only
    // to refuse the file with a pointer to its replacement (every version cachelint models refuses them).
    bool check_removed_keyword(const Line& l) {
        static const std::pair<std::string_view, std::string_view> kRemoved[] = {
            {"reqadd", "http-request add-header"},      {"reqdel", "http-request del-header"},
            {"reqidel", "http-request del-header"},     {"reqrep", "http-request replace-path, replace-uri or replace-header"},
            {"reqirep", "http-request replace-header"}, {"reqdeny", "http-request deny"},
            {"reqideny", "http-request deny"},          {"reqallow", "http-request allow"},
            {"reqiallow", "http-request allow"},        {"reqtarpit", "http-request tarpit"},
            {"reqitarpit", "http-request tarpit"},      {"reqpass", ""},
            {"reqipass", ""},                           {"rspadd", "http-response add-header"},
            {"rspdel", "http-response del-header"},     {"rspidel", "http-response del-header"},
            {"rsprep", "http-response replace-header"}, {"rspirep", "http-response replace-header"},
            {"rspdeny", "http-response deny"},          {"rspideny", "http-response deny"},
            {"block", "http-request deny (same syntax)"},
        };
        const std::string_view kw = l.arg(0);
        static const std::pair<std::string_view, std::string_view> kTimeouts[] = {
            {"clitimeout", "timeout client"}, {"srvtimeout", "timeout server"}, {"contimeout", "timeout connect"},
            {"redispatch", "option redispatch"}};
        for (const auto& [name, use] : kTimeouts)
            if (kw == name) {
                fatal(ids::HAP902, l.arg_span(0), quote(std::string(kw)) + " is not supported since HAProxy 2.1; HAProxy refuses the file",
                      "use '" + std::string(use) + "' instead");
                return true;
            }
        if (kw == "appsession") {
            fatal(ids::HAP902, l.arg_span(0), "'appsession' is not supported since HAProxy 1.6; HAProxy refuses the file",
                  "use a stick table on the cookie ('stick on req.cook(<name>)')");
            return true;
        }
        if (kw == "mode" && l.arg(1) == "health") {
            fatal(ids::HAP902, l.arg_span(1), "'mode health' no longer exists; HAProxy refuses the file",
                  "use 'http-request return status 200'");
            return true;
        }
        for (const auto& [name, use] : kRemoved)
            if (kw == name) {
                fatal(ids::HAP902, l.arg_span(0), quote(std::string(kw)) + " is not supported since HAProxy 2.1; HAProxy refuses the file",
                      use.empty() ? std::string("remove it") : "use '" + std::string(use) + "' instead");
                return true;
            }
        if (kw == "monitor-net") {
            fatal(ids::HAP902, l.arg_span(0), "'monitor-net' no longer exists; HAProxy refuses the file",
                  "use 'http-request return status 200 if { src <network> }'");
            return true;
        }
        // 'option X' and 'no option X'
        const size_t at = kw == "no" && l.arg(1) == "option" ? 2 : kw == "option" ? 1 : 0;
        if (at == 0) return false;
        const std::string_view opt = l.arg(at);
        if (opt == "http_proxy" && cfg_.version.at_least(2, 5)) {
            fatal(ids::HAP902, l.arg_span(at), "option 'http_proxy' is not supported since HAProxy 2.5; HAProxy " + cfg_.version.name() +
                  " refuses the file", "use 'http-request set-dst' and 'http-request set-uri' (or 'do-resolve')");
            return true;
        }
        if (opt == "forceclose" || opt == "http-tunnel") {
            fatal(ids::HAP902, l.arg_span(at),
                  "option " + quote(std::string(opt)) + " is not supported since HAProxy " + (opt == "forceclose" ? "2.0" : "2.1") +
                      "; HAProxy refuses the file",
                  opt == "forceclose" ? "remove it, or use 'option httpclose' if really needed" : "remove it");
            return true;
        }
        return false;
    }

    void check_line(Section& sec, const Line& l) {
        if (sec.kind == SectionKind::cache) {
            if (!cfg_.sections[cfg_.caches.back().section].header.conditional) check_cache_line(cfg_.caches.back(), l);
            return;
        }
        // A mis-cased section keyword is an unknown keyword of the current section (never a valid one).
        if (is_section_keyword(to_lower(l.arg(0)), cfg_.version)) {
            fatal(ids::HAP902, l.arg_span(0), "unknown keyword " + quote(l.arg(0)) + " in '" + sec.keyword +
                  "' section (keywords are case-sensitive); HAProxy refuses the file", "write " + quote(to_lower(l.arg(0))));
            return;
        }
        if (sec.is_proxy() || sec.kind == SectionKind::defaults) {
            if (check_removed_keyword(l)) return;
        }
        if (sec.kind == SectionKind::defaults && (l.arg(0) == "http-request" || l.arg(0) == "http-response")) {
            // Rules in defaults sections exist since 2.5, and only in named ones.
            if (!cfg_.version.at_least(2, 5))
                fatal(ids::HAP902, l.arg_span(0), quote(l.arg(0)) + " is not allowed in a 'defaults' section before HAProxy 2.5; HAProxy " +
                      cfg_.version.name() + " refuses the file", "move the rule into the frontend/backend");
            else if (sec.name.empty())
                fatal(ids::HAP902, l.arg_span(0), quote(l.arg(0)) + " is not allowed in an anonymous 'defaults' section; HAProxy " +
                      cfg_.version.name() + " refuses the file",
                      "move the rule into the frontend/backend, or name the defaults section and inherit it with 'from'");
        }
        if (sec.kind == SectionKind::global && l.is("nbproc") && cfg_.version.at_least(2, 5)) {
            fatal(ids::HAP902, l.arg_span(0), "'nbproc' is not supported any more since HAProxy 2.5 (threads replace processes); HAProxy " +
                  cfg_.version.name() + " refuses the file", "remove it (use 'nbthread' if needed)");
        }
    }

    // ---- proxies ------------------------------------------------------------------------------
    void resolve_defaults() {
        int last_anon = -1;
        for (size_t i = 0; i < cfg_.sections.size(); ++i) {
            Section& s = cfg_.sections[i];
            if (s.is_proxy() || s.kind == SectionKind::defaults) {
                if (!s.from.empty()) {
                    for (size_t j = 0; j < i; ++j)
                        if (cfg_.sections[j].kind == SectionKind::defaults && cfg_.sections[j].name == s.from) s.defaults = static_cast<int>(j);
                } else if (s.is_proxy()) {
                    s.defaults = last_anon;
                }
            }
            if (s.kind == SectionKind::defaults) last_anon = static_cast<int>(i);
        }
    }

    static bool is_cache_rule(const Line& l) {
        return (l.is("http-request", "cache-use") || l.is("http-response", "cache-store"));
    }

    void check_reference(std::string_view name, Span where, std::string_view what) {
        if (cfg_.find_cache(name)) return;
        std::vector<std::string_view> names;
        for (const auto& c : cfg_.caches) names.push_back(c.name);
        std::string msg = std::string(what) + " names cache " + quote(name) + ", which no 'cache' section defines; HAProxy refuses the file "
                          "(\"unable to find the cache\")";
        if (auto d = did_you_mean(name, names)) msg += "; did you mean " + quote(*d) + "?";
        fatal(ids::HAP904, where, std::move(msg), "define 'cache " + std::string(name) + "' with a total-max-size, or fix the name");
    }

    void check_proxies() {
        for (Section& p : cfg_.sections) {
            if (!p.is_proxy() || p.header.conditional) continue;
            // Filters in declaration order; a cache rule declares an implicit cache filter for its cache.
            struct Filter { std::string name, cache; bool implicit; const Line* line; };
            std::vector<Filter> filters;
            for (const Line& l : p.lines) {
                if (l.conditional || l.refused) continue;
                if (is_cache_rule(l)) {
                    const std::string_view name = l.arg(2);
                    if (name.empty() || name == "if" || name == "unless") {
                        fatal(ids::HAP904, l.arg_span(1), quote(std::string(l.arg(0)) + " " + std::string(l.arg(1))) +
                              " expects a cache name; HAProxy refuses the file", "write e.g. 'http-request cache-use <cache-name>'");
                        continue;
                    }
                    if (l.words[2].env) continue;
                    check_reference(name, l.arg_span(2), quote(l.arg(1)));
                    bool have = false;
                    for (const auto& f : filters) have |= f.name == "cache" && f.cache == name;
                    if (!have) filters.push_back({"cache", std::string(name), true, &l});
                } else if (l.is("filter")) {
                    const std::string_view fname = l.arg(1);
                    if (fname == "cache") {
                        const std::string_view name = l.arg(2);
                        if (name.empty()) {
                            fatal(ids::HAP904, l.arg_span(1), "'filter cache' expects a cache name; HAProxy refuses the file", "write 'filter cache <cache-name>'");
                            continue;
                        }
                        if (l.words[2].env) continue;
                        check_reference(name, l.arg_span(2), "'filter cache'");
                        bool merged = false;
                        for (auto& f : filters)
                            if (f.name == "cache" && f.cache == name) f.implicit = false, merged = true;
                        if (!merged) filters.push_back({"cache", std::string(name), false, &l});
                    } else {
                        filters.push_back({std::string(fname), "", false, &l});
                    }
                }
            }
            for (size_t i = 0; i < filters.size(); ++i) {
                const Filter& f = filters[i];
                if (f.name != "cache") continue;
                for (size_t j = 0; j < filters.size(); ++j) {
                    const Filter& g = filters[j];
                    if (g.name == "cache") continue;
                    if (g.name == "compression" && j < i) {
                        Finding& fi = sink_.report(ids::HAP904, Severity::error, g.line->span,
                                                   "'filter compression' is declared before the cache filter of " + quote(f.cache) +
                                                       "; HAProxy refuses the file (\"unable to enable the compression filter before the cache\")");
                        fi.related.push_back({f.line->span, "cache filter"});
                        fi.fix_hint = "declare 'filter cache " + f.cache + "' before 'filter compression'";
                        cfg_.refused = true;
                    } else if (g.name != "compression" && f.implicit) {
                        Finding& fi = sink_.report(ids::HAP904, Severity::error, f.line->span,
                                                   "this proxy declares 'filter " + g.name + "', so the cache " + quote(f.cache) +
                                                       " needs an explicit 'filter cache " + f.cache +
                                                       "' line; HAProxy refuses the file (\"require an explicit filter declaration\")");
                        fi.related.push_back({g.line->span, "other filter"});
                        fi.fix_hint = "add 'filter cache " + f.cache + "' to the proxy";
                        cfg_.refused = true;
                        break;
                    }
                }
            }
        }
    }
};

}  // namespace

void parse_config(Config& config, const SourceFile& file, FindingSink& sink) {
    config.main = &file;
    Parser(config, file, sink).run();
}

}  // namespace cachelint::haproxy
