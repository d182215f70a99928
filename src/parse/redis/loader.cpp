#include "parse/redis/loader.hpp"
#include "core/rule_ids.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <sys/stat.h>

#include "core/include_resolver.hpp"
#include "core/includes.hpp"
#include "core/lint_job.hpp"
#include "core/text.hpp"
#include "parse/redis/tokenizer.hpp"

namespace cachelint::redis {
namespace {

// ---------------------------------------------------------------------------------------------
// The text redis-server parses is not always the file's bytes: it reads with fgets(buf, 1025) and
// appends with strlen(), so a NUL drops the rest of its chunk, and a glob include concatenates all
// matches with no separator. A Stream is that text plus a map back to the original files.
struct Segment {
    uint32_t stream_begin, length;
    const SourceFile* file;
    uint32_t file_begin;
};

struct Stream {
    std::string text;
    std::vector<Segment> segments;

    void append_file(const SourceFile* f) {
        const std::string_view t = f->text();
        if (t.find('\0') == std::string_view::npos) {
            add(f, 0, t.size());
            return;
        }
        size_t i = 0;
        while (i < t.size()) {
            size_t chunk_end = std::min(i + 1024, t.size());
            if (size_t nl = t.find('\n', i); nl != std::string_view::npos && nl < chunk_end) chunk_end = nl + 1;
            size_t keep_end = chunk_end;
            if (size_t nul = t.find('\0', i); nul != std::string_view::npos && nul < chunk_end) keep_end = nul;
            add(f, i, keep_end - i);
            i = chunk_end;
        }
    }
    void add(const SourceFile* f, size_t begin, size_t len) {
        if (len == 0) return;
        segments.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(len), f, static_cast<uint32_t>(begin)});
        text.append(f->text().substr(begin, len));
    }
    Span span(uint32_t b, uint32_t e) const {
        if (segments.empty()) return {};
        auto it = std::upper_bound(segments.begin(), segments.end(), b,
                                   [](uint32_t v, const Segment& s) { return v < s.stream_begin; });
        const Segment& s = *(it == segments.begin() ? it : it - 1);
        const uint32_t rel_b = std::min(b - s.stream_begin, s.length);
        const uint32_t rel_e = std::clamp(e, b, s.stream_begin + s.length) - s.stream_begin;
        return {s.file, s.file_begin + rel_b, s.file_begin + rel_e};
    }
};

bool is_trim_char(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

bool is_multi_arg(std::string_view canonical) {
    return canonical == "save" || canonical == "client-output-buffer-limit" || canonical == "oom-score-adj-values" ||
           canonical == "bind" || canonical == "replicaof" || canonical == "latency-tracking-info-percentiles" ||
           canonical == "shutdown-on-sigint" || canonical == "shutdown-on-sigterm";
}

namespace {

std::string quote(std::string_view s) { return "'" + printable(s) + "'"; }

std::string join_args(const std::vector<Arg>& args, size_t from = 0) {
    std::string out;
    for (size_t i = from; i < args.size(); ++i) out += (i > from ? " " : "") + printable(args[i].value, 40);
    return out;
}

// Commands added after 7.0, so rename-command on them is not mistaken for a typo.
bool is_newer_command(std::string_view c) {
    static const std::set<std::string_view> newer = {"waitaof", "hexpire", "hexpireat", "hexpiretime", "hpersist",
                                                     "hpexpire", "hpexpireat", "hpexpiretime", "hpttl", "httl"};
    return newer.count(c) > 0;
}

class Loader {
public:
    Loader(Config& cfg, LintJob& job) : cfg_(cfg), job_(job), sink_(job.sink), t_(cfg.target) {
        cfg_.save = {{3600, 1}, {300, 100}, {60, 10000}};
        cfg_.buffer_limits[1] = {256ull << 20, 64ull << 20, 60, nullptr};
        cfg_.buffer_limits[2] = {32ull << 20, 8ull << 20, 60, nullptr};
        cwd_ = directory_of(job.main->path());
    }

    void run(const SourceFile& main) {
        Stream s;
        s.append_file(&main);
        const IncludeGuard::Scope scope = guard_.enter(main.path());
        parse_stream(s, false, 0);
        finish();
    }

private:
    Config& cfg_;
    LintJob& job_;
    FindingSink& sink_;
    const Target& t_;
    std::string cwd_;                 // where relative includes resolve (the main file's folder, then `dir`)
    IncludeGuard guard_;              // files being included: cycles, depth and count limits
    IncludeResolver resolver_{job_};  // deploy paths (/etc/redis/...) to the repository's files
    int calls_ = 0;                   // loadServerConfigFromString invocations (6.2 resets `save` per call)
    bool save_reset_global_ = false;  // 7.0+: the first `save` line of the whole load clears the defaults
    std::set<std::string> users_seen_;
    std::set<std::string> removed_commands_, added_commands_;
    std::vector<const Directive*> module_configs_;
    std::vector<const Directive*> aliases_;

    void fatal(const RuleId& rule, Directive& d, Span where, std::string msg) {
        d.accepted = false;
        cfg_.refused = true;
        sink_.report(rule, Severity::error, where, std::move(msg));
    }

    // ---- lines -------------------------------------------------------------------------------
    void parse_stream(const Stream& s, bool from_include, int depth) {
        const int call = ++calls_;
        bool save_reset_in_call = false;
        const std::string_view text = s.text;
        size_t pos = 0;
        while (pos <= text.size()) {
            size_t nl = text.find('\n', pos);
            size_t end = nl == std::string_view::npos ? text.size() : nl;
            size_t b = pos, e = end;
            while (b < e && is_trim_char(text[b])) ++b;
            while (e > b && is_trim_char(text[e - 1])) --e;
            if (b < e && text[b] != '#') {
                handle_line(s, text.substr(b, e - b), static_cast<uint32_t>(b), from_include, depth, call, save_reset_in_call);
            } else if (b < e) {
                record_pragma(text.substr(b, e - b));
            }
            if (nl == std::string_view::npos) break;
            pos = nl + 1;
        }
    }

    void record_pragma(std::string_view comment) {
        // `# cachelint: key=value` carries context the file cannot express (role, target version).
        comment.remove_prefix(1);
        while (!comment.empty() && (comment[0] == ' ' || comment[0] == '\t')) comment.remove_prefix(1);
        if (comment.rfind("cachelint:", 0) != 0) return;
        comment.remove_prefix(10);
        while (!comment.empty() && comment[0] == ' ') comment.remove_prefix(1);
        auto eq = comment.find('=');
        if (eq == std::string_view::npos) return;
        std::string key(comment.substr(0, eq));
        std::string_view value = comment.substr(eq + 1);
        auto stop = value.find_first_of(" \t");
        if (stop != std::string_view::npos) value = value.substr(0, stop);
        if (key == "role" || key == "redis-version") cfg_.pragmas.emplace(key, std::string(value));
    }

    void handle_line(const Stream& s, std::string_view line, uint32_t base, bool from_include, int depth, int call,
                     bool& save_reset_in_call) {
        SplitResult split = split_args(line);
        Directive d;
        d.line_span = s.span(base, base + static_cast<uint32_t>(line.size()));
        d.from_include = from_include;
        if (split.error_at) {
            cfg_.directives.push_back(std::move(d));
            Directive& dd = cfg_.directives.back();
            dd.accepted = false;
            cfg_.refused = true;
            sink_.report(ids::RC010, Severity::error, s.span(base + *split.error_at, base + static_cast<uint32_t>(line.size())),
                         "unbalanced quotes: " + split.error + "; redis-server refuses the whole file "
                         "(\"Unbalanced quotes in configuration line\")")
                .fix_hint = "close the quote, or escape it (\\\" inside double quotes, \\' inside single quotes)";
            return;
        }
        if (split.tokens.empty()) return;  // a line of only \v or \f
        const RawToken& first = split.tokens[0];
        d.name = to_lower(first.value);
        d.name_span = s.span(base + first.begin, base + first.end);
        for (size_t i = 1; i < split.tokens.size(); ++i)
            d.args.push_back({split.tokens[i].value, s.span(base + split.tokens[i].begin, base + split.tokens[i].end)});
        const DirectiveSpec* spec = lookup_directive(t_, d.name);
        d.canonical = spec && spec->kind == Kind::alias ? spec->alias_of : d.name;
        cfg_.directives.push_back(std::move(d));
        Directive& dir = cfg_.directives.back();
        // Unquoted '#' tokens are comments the author thought Redis would ignore.
        if (t_.legacy_parser()) legacy_dispatch(dir, depth, call, save_reset_in_call);
        else dispatch(dir, depth);
        if (dir.accepted && spec && spec->kind == Kind::alias) aliases_.push_back(&dir);
    }

    // Deprecated aliases are reported once per configuration, with every use as a related location:
    // pre-7.0 files use a dozen of them, and one note says it all.
    void report_aliases() {
        if (aliases_.empty()) return;
        std::string list;
        for (size_t i = 0; i < aliases_.size() && i < 4; ++i)
            list += (i ? ", " : "") + quote(aliases_[i]->name) + " -> " + quote(aliases_[i]->canonical);
        if (aliases_.size() > 4) list += ", ...";
        Finding& f = sink_.report(ids::RC005, Severity::note, aliases_.front()->name_span,
                                  std::to_string(aliases_.size()) + " deprecated alias" + (aliases_.size() > 1 ? "es" : "") +
                                      " on " + t_.name() + " (" + list + "); the canonical names are what CONFIG GET, "
                                      "the documentation and searches use");
        for (size_t i = 1; i < aliases_.size(); ++i)
            f.related.push_back({aliases_[i]->name_span, quote(aliases_[i]->name) + " is '" + aliases_[i]->canonical + "'"});
        f.fix_hint = "rename each to its canonical name";
        // The rename is exact: an alias and its canonical name set the same field on every target.
        for (const Directive* a : aliases_) {
            const std::string_view written = a->name_span.text();
            if (!iequals(written, a->name) || !written_as(a->name_span, written)) {
                f.fix.clear();
                break;
            }
            f.fix.push_back({a->name_span, a->canonical});
        }
    }

    // ---- 7.0+ dispatch (table lookup, MULTI_ARG re-split) -----------------------------------
    void dispatch(Directive& d, int depth) {
        const size_t argc = d.args.size() + 1;
        const DirectiveSpec* spec = lookup_directive(t_, d.name);
        if (spec && spec->kind != Kind::keyword && spec->kind != Kind::deprecated_ignored) {
            const DirectiveSpec* cs = canonical_directive(t_, d.name);
            if (!cs) cs = spec;
            if (!is_multi_arg(d.canonical) && argc != 2) return arity(d, "wrong number of arguments", 1);
            std::vector<Arg> args = d.args;
            if (is_multi_arg(d.canonical) && argc == 2 && !args[0].value.empty()) args = resplit(args[0]);
            return apply(d, *cs, args, depth);
        }
        if (spec && spec->kind == Kind::deprecated_ignored && argc == 2) {
            // Harmless leftovers of older stock files (list-max-ziplist-* do nothing since 3.2): a note per line,
            // so each can be deleted or suppressed where it stands.
            sink_.report(ids::RC005, Severity::note, d.line_span,
                         "'" + d.name + "' is accepted but silently ignored by " + t_.name() + "; it has no effect")
                .fix_hint = "delete the line" + std::string(d.name.find("ziplist") != std::string::npos
                                                                ? " (list encoding is tuned by list-max-listpack-size)"
                                                                : "");
            return;
        }
        if (keyword(d, depth)) return;
        bad_directive(d);
    }

    std::vector<Arg> resplit(const Arg& a) {
        std::vector<Arg> out;
        SplitResult r = split_args(a.value);
        for (auto& t : r.tokens) out.push_back({t.value, a.span});
        return out;  // a re-split that fails leaves no arguments; the setter then rejects the line
    }

    bool keyword(Directive& d, int depth) {
        const size_t argc = d.args.size() + 1;
        if (d.name == "include" && argc == 2) {
            include(d, depth);
            return true;
        }
        if (d.name == "rename-command" && argc == 3) {
            rename_command(d);
            return true;
        }
        if (d.name == "user" && argc >= 2) {
            user(d);
            return true;
        }
        if (d.name == "loadmodule" && argc >= 2) {
            cfg_.modules.push_back(&d);
            if (auto c = comment_token(d, 1)) inline_comment_note(d, *c, "module arguments");
            return true;
        }
        if (d.name.find('.') != std::string::npos && argc >= 2) {
            if (t_.legacy_parser()) return false;
            module_configs_.push_back(&d);
            cfg_.last[d.name] = &d;
            if (auto c = comment_token(d, 0)) inline_comment_note(d, *c, "the module setting's value");
            return true;
        }
        if (d.name == "sentinel") {
            if (argc >= 2)
                fatal(ids::RC003, d, d.line_span,
                      "'sentinel' directives are only valid in a Sentinel configuration; redis-server refuses them "
                      "(\"sentinel directive while not in sentinel mode\")");
            return true;
        }
        return false;
    }

    std::optional<size_t> comment_token(const Directive& d, size_t from) const {
        for (size_t i = from; i < d.args.size(); ++i)
            if (!d.args[i].value.empty() && d.args[i].value[0] == '#' && d.args[i].span.text().rfind('#', 0) == 0) return i;
        return std::nullopt;
    }

    void inline_comment_note(const Directive& d, size_t i, const char* where) {
        Span sp = d.args[i].span;
        sp.end = d.args.back().span.end;
        sink_.report(ids::RC002, Severity::warning, sp,
                     "redis.conf has no trailing comments: " + quote(sp.text()) + " becomes part of " + where + " of '" +
                         d.name + "'")
            .fix_hint = "move the comment to its own line above";
    }

    void arity(Directive& d, const std::string& server_message, int expected) {
        if (placeholder(d, server_message)) return;
        if (auto c = comment_token(d, 0)) {
            Span sp = d.args[*c].span;
            sp.end = d.args.back().span.end;
            fatal(ids::RC002, d, sp,
                  "redis.conf has no trailing comments: " + quote(sp.text()) + " is read as more arguments to '" +
                      d.name + "', and redis-server refuses the line (\"" + server_message + "\")");
            cfg_.directives.back().accepted = false;
            sink_.findings().back().fix_hint = "move the comment to its own line above the directive";
            return;
        }
        std::string msg = "'" + d.name + "' takes ";
        msg += expected == 1 ? "exactly 1 argument" : std::to_string(expected) + " arguments";
        msg += ", found " + std::to_string(d.args.size());
        if (!d.args.empty()) msg += " (" + join_args(d.args) + ")";
        msg += "; redis-server refuses the line (\"" + server_message + "\")";
        const DirectiveSpec* spec = canonical_directive(t_, d.name);
        if (d.args.size() == 2 && spec && spec->kind == Kind::memory && parse_memory(d.args[1].value, t_) == 0u)
            msg += "; a memory value has no space before its unit (write " + d.args[0].value + d.args[1].value + ")";
        fatal(ids::RC002, d, d.args.empty() ? d.name_span : d.args_span(), msg);
    }

    void bad_directive(Directive& d) {
        const DirectiveSpec* spec = lookup_directive(t_, d.name);
        const bool keyword_name = d.name == "include" || d.name == "rename-command" || d.name == "user" ||
                                  d.name == "loadmodule" || (spec && spec->kind == Kind::deprecated_ignored) ||
                                  (spec != nullptr);
        if (keyword_name) {
            int expected = d.name == "rename-command" ? 2 : 1;
            return arity(d, "Bad directive or wrong number of arguments", expected);
        }
        std::string shown = printable(d.name_span.text(), 60);
        std::string msg = "unknown directive " + quote(d.name_span.text()) + " for " + t_.name();
        if (d.name.rfind("\xEF\xBB\xBF", 0) == 0) {
            msg = "the file starts with a UTF-8 byte order mark, which redis-server reads as part of the first "
                  "directive name " + quote(d.name_span.text());
        } else if (d.name.find_first_of("\v\f") != std::string::npos) {
            msg = "directive name " + quote(d.name_span.text()) + " contains a vertical tab or form feed, which "
                  "does not separate words in redis.conf";
        } else if (auto eq = d.name.find_first_of("=:"); eq != std::string::npos && eq > 0 &&
                                                          lookup_directive(t_, d.name.substr(0, eq))) {
            msg += "; redis.conf takes 'name value' separated by a space, not " + quote(d.name.substr(eq, 1)) +
                   "; redis-server refuses the file (\"Bad directive or wrong number of arguments\")";
            sink_.report(ids::RC001, Severity::error, d.name_span, msg).fix_hint =
                d.name.substr(0, eq) + " " + d.name.substr(eq + 1);
            d.accepted = false;
            cfg_.refused = true;
            return;
        } else {
            auto elsewhere = targets_accepting(d.name);
            if (!elsewhere.empty()) {
                msg += " (it exists in ";
                for (size_t i = 0; i < elsewhere.size(); ++i) msg += (i ? ", " : "") + elsewhere[i];
                msg += "; pass --redis-version if that is your server)";
            } else if (!sink_.full()) {
                auto names = directive_names(t_);
                static const std::string_view keywords[] = {"include", "rename-command", "user", "loadmodule"};
                names.insert(names.end(), std::begin(keywords), std::end(keywords));
                if (auto s = did_you_mean(d.name, names)) {
                    msg += "; did you mean '" + std::string(*s) + "'?";
                    // The setting the author meant is unknown, not absent: 'maxmemmory-policy allkeys-lru' must not
                    // also read as "no maxmemory-policy line" (one root cause, one finding).
                    const DirectiveSpec* meant = lookup_directive(t_, *s);
                    d.canonical = meant && meant->kind == Kind::alias ? std::string(meant->alias_of) : std::string(*s);
                }
            }
        }
        msg += "; redis-server refuses the file (\"Bad directive or wrong number of arguments\")";
        fatal(ids::RC001, d, d.name_span, msg);
    }

    // ---- values ------------------------------------------------------------------------------
    void invalid(Directive& d, Span where, const std::string& what, const std::string& server_message) {
        if (placeholder(d, server_message)) return;
        fatal(ids::RC003, d, where, what + "; redis-server refuses the file (\"" + server_message + "\")");
    }

    // A value an installer or a template engine fills in later is unknown, not invalid: say so in a note
    // and leave the setting out of the effective configuration (rules then treat it as unknown).
    bool placeholder(Directive& d, const std::string& server_message) {
        if (d.args.empty()) return false;
        const DirectiveSpec* spec = canonical_directive(t_, d.canonical);
        const bool numeric = spec && (spec->kind == Kind::numeric || spec->kind == Kind::memory ||
                                      spec->kind == Kind::memory_or_percent || spec->kind == Kind::octal);
        const std::string_view raw = d.args_span().text();
        bool found = looks_like_placeholder(raw, numeric);
        for (const auto& a : d.args) found = found || looks_like_placeholder(a.value, numeric);
        if (!found) return false;
        d.accepted = false;
        d.placeholder = true;
        cfg_.refused_if.push_back("'" + d.name + "' still holds the placeholder " + quote(raw));
        sink_.report(ids::RC009, Severity::note, d.args_span(),
                     "'" + d.name + "' value " + quote(raw) + " is a placeholder that an installer or a template "
                     "engine fills in before deployment; cachelint leaves the setting unchecked (left as it is, "
                     "redis-server refuses the file: \"" + server_message + "\")")
            .fix_hint = "check the rendered file (or pass the value with --" + d.name + " on the redis-server command line)";
        return true;
    }

    void accept(Directive& d) {
        cfg_.last[d.canonical] = &d;
        cfg_.occurrences[d.canonical].push_back(&d);
    }

    void apply(Directive& d, const DirectiveSpec& spec, const std::vector<Arg>& args, int depth) {
        const std::string_view v = args.empty() ? std::string_view{} : std::string_view(args[0].value);
        const Span where = d.args.empty() ? d.name_span : d.args[0].span;
        switch (spec.kind) {
            case Kind::boolean:
                if (!parse_yes_no(v))
                    return invalid(d, where, "'" + d.name + "' takes yes or no, not " + quote(v),
                                   "argument must be 'yes' or 'no'");
                if (d.canonical == "activedefrag" && *parse_yes_no(v)) {
                    // config.c isValidActiveDefrag(): refused only by builds without HAVE_DEFRAG. The default
                    // build (bundled jemalloc) and the official images accept it; the file cannot say which.
                    cfg_.refused_if.push_back("the server is built without Redis's bundled jemalloc");
                    sink_.report(ids::RC003, Severity::note, where,
                                 "'activedefrag yes' needs a server built with its bundled jemalloc (the default "
                                 "build and the official Docker images); builds linked to the system allocator, such "
                                 "as the Debian and Ubuntu packages, refuse to start (\"Active defragmentation cannot "
                                 "be enabled: it requires a Redis server compiled with a modified Jemalloc\")")
                        .fix_hint = "activedefrag no where the server comes from a distribution package";
                }
                return accept(d);
            case Kind::numeric: {
                auto n = parse_integer(v);
                if (!n) {
                    std::string what = "'" + d.name + "' takes a whole number, not " + quote(v);
                    if (!v.empty() && (v[0] == '+' || (v.size() > 1 && v[0] == '0')))
                        what += " (no '+' sign and no leading zeros)";
                    else if (!v.empty() && std::isdigit(static_cast<unsigned char>(v[0])))
                        what += " (no unit suffix: the unit is fixed by the directive)";
                    return invalid(d, where, what, "argument couldn't be parsed into an integer");
                }
                return range_check(d, spec, where, *n < 0, static_cast<uint64_t>(*n), *n);
            }
            case Kind::memory: {
                auto m = parse_memory(v, t_);
                if (!m) {
                    std::string what = "'" + d.name + "' takes a memory value such as 100mb or 2gb, not " + quote(v);
                    if (v.find('.') != std::string_view::npos) what += " (no decimals: write 1536mb for 1.5gb)";
                    else if (to_lower(v).find('t') != std::string::npos) what += " (there is no t/tb unit: use gb)";
                    else if (v.find('%') != std::string_view::npos) what += " (percentages are not accepted here)";
                    return invalid(d, where, what, "argument must be a memory value");
                }
                return range_check(d, spec, where, false, *m, 0);
            }
            case Kind::memory_or_percent:
                if (!v.empty() && v.back() == '%') {
                    auto n = parse_integer(v.substr(0, v.size() - 1));
                    if (!n) return invalid(d, where, quote(v) + " is not a percentage", "argument must be a memory or percent value");
                    if (*n > 100)
                        return invalid(d, where, "'" + d.name + "' percentage " + quote(v) + " is above 100%",
                                       "percentage argument must be less or equal to 100");
                    return accept(d);
                }
                if (!parse_memory(v, t_))
                    return invalid(d, where, "'" + d.name + "' takes a memory value or a percentage, not " + quote(v),
                                   "argument must be a memory or percent value");
                return accept(d);
            case Kind::enumeration: return apply_enum(d, spec, args, where);
            case Kind::octal: {
                char* endp = nullptr;
                std::string s(v);
                errno = 0;
                long long n = std::strtoll(s.c_str(), &endp, 8);
                if (s.empty() || *endp != '\0' || errno)
                    return invalid(d, where, "'" + d.name + "' takes an octal mode such as 700, not " + quote(v),
                                   "argument couldn't be parsed as an octal number");
                return range_check(d, spec, where, n < 0, static_cast<uint64_t>(n), n);
            }
            case Kind::string: return apply_string(d, v, where);
            case Kind::special: return apply_special(d, args, depth);
            default: return accept(d);
        }
    }

    void range_check(Directive& d, const DirectiveSpec& spec, Span where, bool negative, uint64_t u, long long s) {
        if (spec.has_range) {
            bool below = negative ? s < spec.min : (spec.min > 0 && u < static_cast<uint64_t>(spec.min));
            bool above = !negative && u > spec.max;
            if (below || above) {
                const std::string lo = std::to_string(spec.min), hi = std::to_string(spec.max);
                return invalid(d, where,
                               "'" + d.name + "' " + quote(d.args[0].value) + " is out of range for " + t_.name() +
                                   " (" + lo + " to " + hi + ")",
                               "argument must be between " + lo + " and " + hi + " inclusive");
            }
        }
        accept(d);
    }

    void apply_enum(Directive& d, const DirectiveSpec& spec, const std::vector<Arg>& args, Span where) {
        if (spec.enum_values.empty()) return accept(d);
        auto allowed = [&](std::string_view v) {
            for (const auto& e : spec.enum_values)
                if (iequals(e, v)) return true;
            return false;
        };
        std::string list;
        for (const auto& e : spec.enum_values) list += (list.empty() ? "" : ", ") + e;
        if (!spec.enum_flags && args.size() != 1) return arity(d, "wrong number of arguments", 1);
        bool save = false, nosave = false;
        for (const auto& a : args) {
            if (!allowed(a.value)) {
                // The server's own message lists the accepted values; ours adds the likely intended one.
                std::string what = "'" + d.name + "' does not accept " + quote(a.value);
                std::vector<std::string_view> cands(spec.enum_values.begin(), spec.enum_values.end());
                if (auto s = did_you_mean(a.value, cands)) what += " (did you mean '" + std::string(*s) + "'?)";
                return invalid(d, a.span, what, "argument(s) must be one of the following: " + list);
            }
            save |= iequals(a.value, "save");
            nosave |= iequals(a.value, "nosave");
        }
        if (args.empty()) return invalid(d, where, "'" + d.name + "' needs a value", "wrong number of arguments");
        if (save && nosave)
            return invalid(d, where, "'" + d.name + "' cannot combine save and nosave",
                           "shutdown options SAVE and NOSAVE can't be used simultaneously");
        accept(d);
    }

    void apply_string(Directive& d, std::string_view v, Span where) {
        if ((d.canonical == "dbfilename" || d.canonical == "appendfilename" || d.canonical == "appenddirname") &&
            v.find('/') != std::string_view::npos)
            return invalid(d, where, "'" + d.name + "' must be a bare file name; the directory comes from 'dir'",
                           d.canonical + " can't be a path, just a filename");
        if ((d.canonical == "appendfilename" || d.canonical == "appenddirname") && v.empty())
            return invalid(d, where, "'" + d.name + "' cannot be empty", d.canonical + " can't be empty");
        accept(d);
    }

    // ---- the directives with their own setters ------------------------------------------------
    void apply_special(Directive& d, const std::vector<Arg>& args, int depth) {
        const std::string& c = d.canonical;
        if (c == "save") return save_modern(d, args);
        if (c == "bind") return bind(d, args);
        if (c == "client-output-buffer-limit") return buffer_limit(d, args, false);
        if (c == "oom-score-adj-values") return oom_values(d, args);
        if (c == "replicaof") return replicaof(d, args);
        if (c == "notify-keyspace-events") return keyspace_events(d, args);
        if (c == "latency-tracking-info-percentiles") return percentiles(d, args);
        if (c == "dir") return set_dir(d, args);
        (void)depth;
        accept(d);
    }

    void save_modern(Directive& d, const std::vector<Arg>& args) {
        if (auto cmt = comment_token(d, 0)) {
            Span sp = d.args[*cmt].span;
            sp.end = d.args.back().span.end;
            fatal(ids::RC002, d, sp,
                  "redis.conf has no trailing comments: " + quote(sp.text()) +
                      " is read as more save parameters, and redis-server refuses the line (\"Invalid save parameters\")");
            sink_.findings().back().fix_hint = "move the comment to its own line above";
            return;
        }
        if (!save_reset_global_) {
            cfg_.save.clear();
            save_reset_global_ = true;
        }
        cfg_.save_explicit = true;
        cfg_.save_lines.push_back(&d);
        if (args.size() == 1 && args[0].value.empty()) {
            cfg_.save.clear();
            return accept(d);
        }
        if (args.empty() || args.size() % 2 != 0)
            return invalid(d, d.args_span(), "'save' takes pairs of <seconds> <changes>, found " +
                                                 std::to_string(args.size()) + " value(s)", "Invalid save parameters");
        std::vector<SavePoint> points;
        for (size_t i = 0; i < args.size(); i += 2) {
            auto num = [](const std::string& s) -> std::optional<long long> {
                char* end = nullptr;
                errno = 0;
                long long v = std::strtoll(s.c_str(), &end, 10);
                if (s.empty() || *end != '\0' || errno) return std::nullopt;
                return v;
            };
            auto secs = num(args[i].value), changes = num(args[i + 1].value);
            if (!secs || !changes || *secs < 1 || *changes < 0)
                return invalid(d, args[i].span, "invalid save point " + quote(args[i].value + " " + args[i + 1].value) +
                                                    " (seconds >= 1 and changes >= 0, whole numbers)",
                               "Invalid save parameters");
            points.push_back({*secs, *changes});
        }
        cfg_.save.insert(cfg_.save.end(), points.begin(), points.end());
        accept(d);
    }

    void bind(Directive& d, const std::vector<Arg>& args) {
        if (args.size() > 16)
            return invalid(d, d.args_span(), "'bind' lists " + std::to_string(args.size()) + " addresses; at most 16 are allowed",
                           "Too many bind addresses specified.");
        if (auto cmt = comment_token(d, 0)) {
            Span sp = d.args[*cmt].span;
            sp.end = d.args.back().span.end;
            fatal(ids::RC002, d, sp,
                  "redis.conf has no trailing comments: " + quote(sp.text()) +
                      " is read as more addresses to bind, and redis-server fails to start when it cannot listen on "
                      "them (\"Could not create server TCP listening socket\")");
            sink_.findings().back().fix_hint = "move the comment to its own line above";
            return;
        }
        cfg_.bind.clear();
        for (const auto& a : args)
            if (!(args.size() == 1 && a.value.empty())) cfg_.bind.push_back(a.value);
        cfg_.bind_set = true;
        accept(d);
    }

    void buffer_limit(Directive& d, const std::vector<Arg>& args, bool legacy) {
        if (args.empty() || args.size() % 4 != 0 || (legacy && args.size() != 4)) {
            if (legacy) return arity(d, "Bad directive or wrong number of arguments", 4);
            if (comment_token(d, 0)) return arity(d, "Wrong number of arguments in buffer limit configuration.", 4);
            return invalid(d, d.args_span(),
                           "'client-output-buffer-limit' takes groups of <class> <hard> <soft> <seconds>, found " +
                               std::to_string(args.size()) + " value(s)",
                           "Wrong number of arguments in buffer limit configuration.");
        }
        struct Pending {
            int cls;
            BufferLimit limit;
        };
        std::vector<Pending> pending;
        for (size_t i = 0; i < args.size(); i += 4) {
            const std::string cls = to_lower(args[i].value);
            int idx = cls == "normal" ? 0 : (cls == "replica" || cls == "slave") ? 1 : cls == "pubsub" ? 2 : -1;
            if (idx < 0)
                return invalid(d, args[i].span,
                               "client class " + quote(args[i].value) + " is not normal, replica or pubsub" +
                                   (cls == "master" ? " (the master link has no output buffer limit)" : ""),
                               legacy ? "Unrecognized client limit class" : "Invalid client class specified in buffer limit configuration.");
            BufferLimit bl;
            bl.set_by = &d;
            if (legacy) {
                // 6.2 memtoll with no error pointer: garbage reads as 0, which means unlimited.
                bl.hard = parse_memory(args[i + 1].value, t_).value_or(0);
                bl.soft = parse_memory(args[i + 2].value, t_).value_or(0);
                bl.soft_seconds = std::atoll(args[i + 3].value.c_str());
                if (!parse_memory(args[i + 1].value, t_) || !parse_memory(args[i + 2].value, t_))
                    sink_.report(ids::RC007, Severity::error, args[i + 1].span,
                                 t_.name() + " reads the malformed limit " + quote(args[i + 1].value + " " + args[i + 2].value) +
                                     " as 0, which means no limit at all");
            } else {
                auto hard = parse_memory(args[i + 1].value, t_), soft = parse_memory(args[i + 2].value, t_);
                auto secs = parse_integer(args[i + 3].value);
                if (!hard || !soft || !secs || *secs < 0)
                    return invalid(d, args[i + 1].span,
                                   "malformed limit " + quote(args[i + 1].value + " " + args[i + 2].value + " " + args[i + 3].value),
                                   "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                bl.hard = *hard;
                bl.soft = *soft;
                bl.soft_seconds = *secs;
            }
            pending.push_back({idx, bl});
        }
        for (auto& p : pending) cfg_.buffer_limits[p.cls] = p.limit;
        accept(d);
    }

    void oom_values(Directive& d, const std::vector<Arg>& args) {
        if (args.size() != 3) {
            if (comment_token(d, 0)) return arity(d, "wrong number of arguments", 3);
            return invalid(d, d.args_span(), "'oom-score-adj-values' takes exactly 3 values", "wrong number of arguments");
        }
        for (const auto& a : args) {
            auto n = parse_integer(a.value);
            if (!n || *n < -2000 || *n > 2000)
                return invalid(d, a.span, quote(a.value) + " is not a whole number between -2000 and 2000",
                               "Invalid oom-score-adj-values");
        }
        accept(d);
    }

    void replicaof(Directive& d, const std::vector<Arg>& args) {
        if (args.size() != 2) {
            if (comment_token(d, 0)) return arity(d, "wrong number of arguments", 2);
            return invalid(d, d.args_span(), "'" + d.name + "' takes <host> <port> or 'no one'", "wrong number of arguments");
        }
        if (!(iequals(args[0].value, "no") && iequals(args[1].value, "one"))) {
            char* end = nullptr;
            errno = 0;
            long port = std::strtol(args[1].value.c_str(), &end, 10);
            if (args[1].value.empty() || *end != '\0' || errno || port < 0 || port > 65535)
                return invalid(d, args[1].span, quote(args[1].value) + " is not a port number (0-65535)",
                               t_.flavor == Flavor::valkey ? "Invalid primary port" : "Invalid master port");
        }
        accept(d);
    }

    void keyspace_events(Directive& d, const std::vector<Arg>& args) {
        const std::string_view allowed = t_.at_least(7, 0) ? "Ag$lshzxeKEtmdn" : "Ag$lshzxeKEtmd";
        for (char ch : args[0].value)
            if (allowed.find(ch) == std::string_view::npos)
                return invalid(d, args[0].span,
                               "'notify-keyspace-events' does not know the class " + quote(std::string(1, ch)),
                               "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        accept(d);
    }

    void percentiles(Directive& d, const std::vector<Arg>& args) {
        if (args.size() == 1 && args[0].value.empty()) return accept(d);
        for (const auto& a : args) {
            char* end = nullptr;
            double v = std::strtod(a.value.c_str(), &end);
            if (a.value.empty() || *end != '\0' || v < 0.0 || v > 100.0)
                return invalid(d, a.span, quote(a.value) + " is not a percentile between 0 and 100",
                               "latency-tracking-info-percentiles should be in 0.0..100.0");
        }
        accept(d);
    }

    void set_dir(Directive& d, const std::vector<Arg>& args) {
        // The server chdir()s here; later relative includes resolve against it. Whether the folder
        // exists on the deployment host cannot be known from the repository, so it is not checked.
        const std::string& p = args[0].value;
        if (!p.empty()) cwd_ = join_path(cwd_, p);
        accept(d);
    }

    // ---- keywords ---------------------------------------------------------------------------------
    void include(Directive& d, int depth) {
        const std::string& raw = d.args[0].value;
        std::string path = join_path(cwd_, raw);
        const std::string written = path;
        cfg_.occurrences["include"].push_back(&d);
        if (!raw.empty() && raw[0] != '/')
            sink_.report(ids::RC008, Severity::warning, d.args[0].span,
                         "relative include " + quote(raw) + ": redis-server resolves it against its working directory "
                         "(or the last 'dir'), not this file's folder; cachelint assumed " + quote(path))
                .fix_hint = "use an absolute path";
        // Redis 6.2 has no globs: it opens a pattern as a file name, so only 7.0+ maps patterns.
        const bool globs = t_.at_least(7, 0);
        const SourceFile* from = d.args[0].span.file;
        std::optional<MappedInclude> mapped = resolver_.map(path, globs, from ? from->path() : std::string());
        if (mapped) path = mapped->path;
        std::vector<std::string> files;
        if (has_glob_chars(path) && globs) {
            bool truncated = false;
            files = expand_glob(path, 10000, &truncated);
            if (truncated) {
                const Span& at = d.args[0].span;
                job_.errors.push_back({at.file ? at.file->path() : job_.path,
                                       "line " + std::to_string(at.file ? at.file->position(at.begin).line : 0) +
                                           ": include pattern " + quote(raw) +
                                           " matches too much (over 10000 files, or over 200000 directory entries "
                                           "scanned); cachelint does not follow it"});
                return;
            }
            if (files.empty()) {
                sink_.report(ids::RC008, Severity::note, d.args[0].span,
                             "include pattern " + quote(raw) + " matches no file here" +
                                 (mapped ? " (" + quote(path) + ", " + mapped->how + ")" : std::string()) +
                                 "; redis-server silently loads nothing");
                return;
            }
        } else {
            files.push_back(path);
        }
        // Enter the guard before reading anything: a glob that includes itself is refused before
        // its thousands of matches are read again (an include bomb).
        const IncludeGuard::Scope scope = guard_.enter(path);
        if (!scope) {
            fatal(ids::RC011, d, d.args[0].span,
                  describe(scope.refusal(), path) + "; redis-server follows includes without any guard and crashes (stack overflow)");
            return;
        }
        Stream s;
        std::vector<const SourceFile*> read;
        for (const auto& f : files) {
            struct stat st {};
            if (::stat(f.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
                sink_.report(ids::RC008, Severity::error, d.args[0].span,
                             "include of a directory " + quote(f) + ": redis-server reads nothing from it, silently")
                    .fix_hint = "include a glob such as " + f + "/*.conf (Redis 7.0+)";
                continue;
            }
            auto loaded = job_.loader->load(f);
            if (!loaded.file) {
                std::string why = "cannot read included file " + quote(f) + ": " + loaded.error;
                const bool glob_62 = has_glob_chars(path) && !globs;
                if (glob_62)
                    why += " (" + t_.name() + " has no glob support in include: it opens the pattern as a file name)";
                if (!glob_62 && !mapped && !checked_in_place(raw, f)) {
                    // A deploy path (/etc/redis/local.conf) that is not in the repository being checked either:
                    // its absence here says nothing about the server.
                    cfg_.unresolved_includes.push_back(&d);
                    cfg_.refused_if.push_back("the included " + quote(f) + " is missing on the server");
                    sink_.report(ids::RC011, Severity::note, d.args[0].span,
                                 "included file " + quote(f) + " is not in the checked tree: it is installed elsewhere "
                                 "(on the deployment host), so its settings are unknown here and may override the "
                                 "lines above; redis-server refuses to start if it is missing there")
                        .fix_hint = "check the deployed file too, lint the tree it comes from, or map its folder in the "
                                    "[paths] table of .cachelint.toml";
                    return;
                }
                fatal(ids::RC011, d, d.args[0].span, why + "; redis-server refuses to start (\"Fatal error, can't open config file\")");
                return;
            }
            if (files.size() > 1 && !loaded.file->text().empty() && loaded.file->text().back() != '\n' && &f != &files.back())
                sink_.report(ids::RC008, Severity::error, d.args[0].span,
                             "glob include: " + quote(f) + " does not end with a newline, so its last line is glued to "
                             "the first line of the next matched file");
            s.append_file(loaded.file);
            read.push_back(loaded.file);
        }
        if (mapped) resolver_.record(job_, d.args[0].span, written, *mapped, read);
        parse_stream(s, true, depth + 1);
    }

    // An absolute include into the main file's own folder tree on this machine: the configuration is being
    // checked where it is deployed, so the file is really missing. (A relative include resolves against the
    // server's working directory, which the file does not show.)
    bool checked_in_place(const std::string& raw, const std::string& include_path) const {
        namespace fs = std::filesystem;
        if (raw.empty() || raw[0] != '/') return false;
        std::error_code ec;
        const fs::path main_dir = fs::weakly_canonical(fs::absolute(directory_of(job_.main->path()), ec), ec);
        const fs::path target = fs::weakly_canonical(fs::absolute(include_path, ec), ec);
        if (ec) return false;
        const std::string dir = main_dir.string(), t = target.string();
        return t.rfind(dir + (dir.ends_with("/") ? "" : "/"), 0) == 0;
    }

    void rename_command(Directive& d) {
        const std::string src = to_lower(d.args[0].value), dst = to_lower(d.args[1].value);
        const bool exists = (is_known_command(src) || is_newer_command(src) || added_commands_.count(src)) &&
                            !removed_commands_.count(src);
        if (!exists) {
            std::string why = removed_commands_.count(src) ? " (it was already renamed or disabled above)"
                                                            : " (not a Redis command)";
            return invalid(d, d.args[0].span, "rename-command of " + quote(d.args[0].value) + why,
                           "No such command in rename-command");
        }
        if (!dst.empty() && ((is_known_command(dst) && !removed_commands_.count(dst)) || added_commands_.count(dst)))
            return invalid(d, d.args[1].span, "rename-command target " + quote(d.args[1].value) + " is already a command",
                           "Target command name already exists");
        removed_commands_.insert(src);
        added_commands_.erase(src);
        if (!dst.empty()) added_commands_.insert(dst);
        cfg_.renamed_commands[src] = d.args[1].value;
        cfg_.occurrences["rename-command"].push_back(&d);
    }

    static bool valid_acl_rule(std::string_view r, const Target& t) {
        static const std::set<std::string_view, std::less<>> words = {
            "on", "off", "nopass", "resetpass", "reset", "allkeys", "allchannels", "resetkeys", "resetchannels",
            "allcommands", "nocommands", "skip-sanitize-payload", "sanitize-payload", "clearselectors"};
        const std::string lower = to_lower(r);
        if (words.count(lower)) return true;
        if (r.empty()) return false;
        switch (r[0]) {
            case '>': case '<': case '~': case '&': case '+': case '-': return true;
            case '#': case '!': {
                if (r.size() != 65) return r[0] == '!' ? false : false;
                return std::all_of(r.begin() + 1, r.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
            }
            case '%': return t.at_least(7, 0) && (r.rfind("%R~", 0) == 0 || r.rfind("%W~", 0) == 0 || r.rfind("%RW~", 0) == 0);
            case '(': return t.at_least(7, 0);
            default: return false;
        }
    }

    void user(Directive& d) {
        const std::string name = d.args[0].value;
        if (t_.at_least(7, 0) && !t_.legacy_parser() && users_seen_.count(name))
            return invalid(d, d.args[0].span, "user " + quote(name) + " is defined twice",
                           "Duplicate user found. A user can only be defined once in config files");
        for (size_t i = 1; i < d.args.size(); ++i) {
            if (valid_acl_rule(d.args[i].value, t_)) continue;
            if (d.args[i].value.rfind('#', 0) == 0 && d.args[i].value.size() != 65) {
                Span sp = d.args[i].span;
                sp.end = d.args.back().span.end;
                fatal(ids::RC002, d, sp,
                      "redis.conf has no trailing comments: in a 'user' line " + quote(sp.text()) +
                          " is read as a password hash, which must be 64 hex digits; redis-server refuses to start "
                          "(\"Error in user declaration\")");
                return;
            }
            return invalid(d, d.args[i].span, "ACL rule " + quote(d.args[i].value) + " in user " + quote(name) + " is not valid",
                           "Error in user declaration '" + name + "': Syntax error");
        }
        users_seen_.insert(name);
        User u;
        u.name = name;
        for (size_t i = 1; i < d.args.size(); ++i) u.rules.push_back(d.args[i].value);
        u.directive = &d;
        cfg_.users.push_back(std::move(u));
        cfg_.occurrences["user"].push_back(&d);
    }

    // ---- 6.2 and KeyDB: table configs need exactly one argument, the rest is an if/else chain ----
    void legacy_dispatch(Directive& d, int depth, int call, bool& save_reset_in_call) {
        const size_t argc = d.args.size() + 1;
        const DirectiveSpec* spec = lookup_directive(t_, d.name);
        const DirectiveSpec* cs = canonical_directive(t_, d.name);
        const bool table = cs && cs->kind != Kind::special && cs->kind != Kind::keyword &&
                           cs->kind != Kind::deprecated_ignored && cs->kind != Kind::alias;
        if (table) {
            if (argc == 2) return apply(d, *cs, d.args, depth);
            return arity(d, "Bad directive or wrong number of arguments", 1);
        }
        const std::string& c = d.canonical;
        if (c == "bind" && argc >= 2) return bind(d, d.args);
        if (c == "unixsocketperm" && argc == 2) {
            char* end = nullptr;
            errno = 0;
            long v = std::strtol(d.args[0].value.c_str(), &end, 8);
            if (errno || v > 0777 || v < 0)
                return invalid(d, d.args[0].span, "'unixsocketperm' " + quote(d.args[0].value) + " is not an octal mode",
                               "Invalid socket file permissions");
            if (*end != '\0')
                sink_.report(ids::RC007, Severity::warning, d.args[0].span,
                             t_.name() + " reads " + quote(d.args[0].value) + " only up to the first non-octal digit, as " +
                                 std::to_string(v) + " (decimal); 7.0+ refuses it");
            return accept(d);
        }
        if (c == "save") {
            if (!save_reset_in_call) {
                // 6.2 resets the list at the first `save` of each file read, included files too.
                if (cfg_.save_explicit && call > 1 && !cfg_.save_lines.empty())
                    sink_.report(ids::RC007, Severity::warning, d.line_span,
                                 "on " + t_.name() + " the first 'save' line of an included file discards the save "
                                 "points set before the include");
                cfg_.save.clear();
                save_reset_in_call = true;
            }
            cfg_.save_explicit = true;
            cfg_.save_lines.push_back(&d);
            if (argc == 3) {
                const long long secs = std::atoll(d.args[0].value.c_str()), changes = std::atoll(d.args[1].value.c_str());
                if (secs < 1 || changes < 0)
                    return invalid(d, d.args_span(), "invalid save point " + quote(d.args[0].value + " " + d.args[1].value),
                                   "Invalid save parameters");
                if (!parse_integer(d.args[0].value) || !parse_integer(d.args[1].value))
                    sink_.report(ids::RC007, Severity::warning, d.args_span(),
                                 t_.name() + " reads " + quote(d.args[0].value + " " + d.args[1].value) + " with atoi() as " +
                                     std::to_string(secs) + " " + std::to_string(changes) + "; Redis 7.0+ refuses it");
                cfg_.save.push_back({secs, changes});
                return accept(d);
            }
            if (argc == 2 && d.args[0].value.empty()) {
                cfg_.save.clear();
                return accept(d);
            }
            sink_.report(ids::RC007, Severity::error, d.args_span(),
                         t_.name() + " takes one <seconds> <changes> pair per 'save' line and silently ignores this one (" +
                             quote(join_args(d.args)) + "); since it still resets the defaults, RDB snapshots end up "
                             "disabled unless other save lines follow")
                .fix_hint = "write one 'save <seconds> <changes>' line per pair";
            return accept(d);
        }
        if ((c == "dir" || c == "logfile" || c == "cluster-config-file" || c == "notify-keyspace-events") && argc == 2) {
            if (c == "dir") return set_dir(d, d.args);
            if (c == "notify-keyspace-events") return keyspace_events(d, d.args);
            return accept(d);
        }
        if (d.name == "include" && argc == 2) return include(d, depth);
        if (c == "replicaof" && argc == 3) return replicaof(d, d.args);
        if (d.name == "rename-command" && argc == 3) return rename_command(d);
        if (c == "client-output-buffer-limit" && argc == 5) return buffer_limit(d, d.args, true);
        if (c == "oom-score-adj-values" && argc == 4) return oom_values(d, d.args);
        if (d.name == "user" && argc >= 2) return user(d);
        if (d.name == "loadmodule" && argc >= 2) {
            cfg_.modules.push_back(&d);
            return;
        }
        if (d.name == "sentinel") {
            if (argc >= 2)
                fatal(ids::RC003, d, d.line_span,
                      "'sentinel' directives are only valid in a Sentinel configuration; redis-server refuses them "
                      "(\"sentinel directive while not in sentinel mode\")");
            return;
        }
        if (spec && spec->kind == Kind::deprecated_ignored && argc == 2) return;
        // KeyDB's own hard-coded directives take one value (server-thread-affinity: true/false/N).
        if (t_.flavor == Flavor::keydb && cs && cs->kind == Kind::special && argc == 2) return accept(d);
        bad_directive(d);
    }

    // ---- after the last line -------------------------------------------------------------------
    void finish() {
        report_aliases();
        const Directive* replica = cfg_.find("replicaof");
        const Directive* cluster = cfg_.find("cluster-enabled");
        if (replica && cluster && parse_yes_no(cluster->args[0].value).value_or(false) &&
            !(iequals(replica->args[0].value, "no")))
            fatal(ids::RC003, const_cast<Directive&>(*replica), replica->line_span,
                  "'replicaof' cannot be used with 'cluster-enabled yes' (replicas are assigned with CLUSTER "
                  "REPLICATE); redis-server refuses to start (\"replicaof directive not allowed in cluster mode\")");
        if (const Directive* acl = cfg_.find("aclfile"); acl && !acl->args[0].value.empty() && !cfg_.users.empty())
            fatal(ids::RC003, const_cast<Directive&>(*cfg_.users.front().directive), cfg_.users.front().directive->line_span,
                  "users are defined here and an 'aclfile' is set too; redis-server refuses to start (\"Configuring "
                  "Redis with users defined in redis.conf and at the same setting an ACL file path is invalid\")");
        // A server with no TCP port, no unix socket and no TLS port exits at once.
        const Directive* port = cfg_.find("port");
        const bool tcp = cfg_.integer("port").value_or(6379) != 0 && !(cfg_.bind_set && cfg_.bind.empty());
        const bool unix_socket = !cfg_.value("unixsocket").empty();
        const bool tls = cfg_.integer("tls-port").value_or(0) != 0;
        if (!tcp && !unix_socket && !tls) {
            const Directive* culprit = port && cfg_.integer("port") == 0 ? port : cfg_.find("bind");
            if (culprit)
                fatal(ids::RC003, const_cast<Directive&>(*culprit), culprit->line_span,
                      "with this line the server listens nowhere (no TCP port or bind address, no unixsocket, no "
                      "tls-port); redis-server exits at start (\"Configured to not listen anywhere, exiting.\")");
        }
        if (!module_configs_.empty() && cfg_.modules.empty())
            for (const Directive* m : module_configs_)
                fatal(ids::RC003, const_cast<Directive&>(*m), m->name_span,
                      "module setting " + quote(m->name) + " without any 'loadmodule'; redis-server refuses to start "
                      "(\"Module Configuration detected without loadmodule directive\")");
    }
};

}  // namespace

void load_config(Config& config, const SourceFile& main, LintJob& job) {
    Loader loader(config, job);
    loader.run(main);
}

void choose_target(Config& config, const SourceFile& main, const LintOptions& options) {
    auto from = [&](const std::string& s, const std::string& reason) {
        if (auto t = parse_target(s)) {
            config.target = *t;
            config.target_reason = reason;
            return true;
        }
        return false;
    };
    if (!options.redis_version.empty() && from(options.redis_version, "--redis-version " + options.redis_version)) return;
    if (auto it = options.settings.find("redis.version"); it != options.settings.end() && from(it->second, "project configuration"))
        return;
    // A pragma line in the file itself.
    const std::string_view text = main.text();
    if (auto p = text.find("cachelint: redis-version="); p != std::string_view::npos) {
        auto v = text.substr(p + 25);
        v = v.substr(0, v.find_first_of(" \t\r\n"));
        if (from(std::string(v), "'# cachelint: redis-version=" + std::string(v) + "' in the file")) return;
    }
    // Infer the flavor from directives only Valkey or KeyDB know (line starts only, cheap scan).
    config.target = newest_target();
    config.target_reason = "default (newest supported)";
    LineCursor lines(text);
    for (std::string_view line; lines.next(line);) {
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string_view::npos || line[b] == '#') continue;
        std::string word = to_lower(line.substr(b, line.find_first_of(" \t\r", b) - b));
        if (lookup_directive(newest_target(), word)) continue;
        for (const char* candidate : {"valkey-8.0", "keydb-6.3"}) {
            Target t = *parse_target(candidate);
            if (lookup_directive(t, word)) {
                config.target = t;
                config.target_reason = "inferred: '" + word + "' exists only in " + t.name();
                return;
            }
        }
    }
}

}  // namespace cachelint::redis
