// RC004, RC006, RC009: model-level checks of the values and lines as written (redis-memcached.md §4.1).
#include <set>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::redis::rules {
namespace {

bool is_memory_directive(const Config& c, const Directive& d) {
    const DirectiveSpec* spec = canonical_directive(c.target, d.canonical);
    return spec && (spec->kind == Kind::memory || spec->kind == Kind::memory_or_percent);
}

// Memory values of a directive, with their role in the line ("hard limit" ...).
struct MemoryArg {
    const Arg* arg;
    std::string label;
};

std::vector<MemoryArg> memory_args(const Config& c, const Directive& d) {
    std::vector<MemoryArg> out;
    if (d.canonical == "client-output-buffer-limit") {
        for (size_t i = 0; i + 3 < d.args.size(); i += 4) {
            out.push_back({&d.args[i + 1], d.args[i].value + " hard limit"});
            out.push_back({&d.args[i + 2], d.args[i].value + " soft limit"});
        }
    } else if (is_memory_directive(c, d) && d.args.size() == 1 && !(d.args[0].value.ends_with("%"))) {
        out.push_back({&d.args[0], "value"});
    }
    return out;
}

// Whether digits times unit exceed 2^64-1: the server does not notice, it saturates or wraps.
bool overflows(std::string_view v) {
    size_t i = 0;
    uint64_t n = 0;
    for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i)
        if (__builtin_mul_overflow(n, 10u, &n) || __builtin_add_overflow(n, static_cast<unsigned>(v[i] - '0'), &n)) return true;
    const std::string unit = to_lower(v.substr(i));
    uint64_t mul = 1;
    if (unit == "k") mul = 1000;
    else if (unit == "kb") mul = 1024;
    else if (unit == "m") mul = 1000000;
    else if (unit == "mb") mul = 1 << 20;
    else if (unit == "g") mul = 1000000000;
    else if (unit == "gb") mul = 1 << 30;
    return __builtin_mul_overflow(n, mul, &n);
}

// RC004 memory-value-pitfall ---------------------------------------------------------------------------
void memory_value_pitfall(const Config& c, RuleSink& sink) {
    if (!c.live) {
        for (const Directive& d : c.directives) {
            if (!d.accepted) continue;
            for (const auto& [arg, label] : memory_args(c, d)) {
                const std::string& v = arg->value;
                if (!parse_memory(v, c.target)) continue;  // the parser rules speak about invalid values
                if (!memory_has_digits(v)) {
                    sink.report(Severity::error, arg->span,
                                "'" + d.name + "' " + label + " " + (v.empty() ? std::string("\"\"") : "'" + printable(v) + "'") +
                                    " has no digits; Redis reads it as 0, which means no limit at all")
                        .fix_hint = "write the number with its unit, e.g. 100mb";
                } else if (overflows(v)) {
                    sink.report(Severity::error, arg->span,
                                "'" + d.name + "' " + label + " '" + printable(v) + "' is larger than 2^64-1 bytes; Redis "
                                "does not detect the overflow and ends up with " + format_bytes(*parse_memory(v, c.target)))
                        .fix_hint = "use a realistic size in gb";
                } else if (char u = static_cast<char>(std::tolower(static_cast<unsigned char>(v.back())));
                           (u == 'k' || u == 'm' || u == 'g') && !v.starts_with("0")) {
                    const std::string binary = v + "b";
                    sink.report(Severity::note, arg->span,
                                "'" + d.name + "' " + label + " '" + v + "' uses a decimal unit (" +
                                    format_bytes(*parse_memory(v, c.target)) + "); '" + binary + "' would be " +
                                    format_bytes(*parse_memory(binary, c.target)))
                        .fix_hint = "write " + binary + " if binary units were meant";
                }
            }
        }
    }
    const Directive* d = c.find("maxmemory");
    const uint64_t limit = c.memory("maxmemory").value_or(0);
    if (d && limit > 0 && limit < (1u << 20)) {
        const bool bare = !d->args.empty() && !d->args[0].value.empty() &&
                          std::isdigit(static_cast<unsigned char>(d->args[0].value.back()));
        sink.report(Severity::warning, d->args_span(),
                    shown(c, "maxmemory") + " is " + format_bytes(limit) + (bare ? " (a number without a unit is bytes)" : "") +
                        ", less than Redis needs for itself: " +
                        (c.value("maxmemory-policy") == "noeviction" ? "every write fails with OOM errors"
                                                                     : "every write evicts whatever it can, the cache empties itself") +
                        "; the server only logs a warning")
            .fix_hint = bare ? "add the unit: 'maxmemory " + d->args[0].value + "mb'" : "set maxmemory in mb or gb";
    }
}

// RC006 duplicate-directive ---------------------------------------------------------------------------
std::string joined(const Directive& d, bool fold_case) {
    std::string out;
    for (const auto& a : d.args) out += (out.empty() ? "" : " ") + (fold_case ? to_lower(a.value) : a.value);
    return out;
}

std::string where_text(const Directive& d) {
    const auto pos = d.line_span.file->position(d.line_span.begin);
    return (d.from_include ? d.line_span.file->path() + ":" : "line ") + std::to_string(pos.line);
}

// The line as written, except that passwords are never quoted.
std::string line_shown(const Directive& d) {
    if (secret(d.canonical)) return "'" + d.name + " <hidden>'";
    return "'" + printable(d.line_span.text(), 60) + "'";
}

void report_override(RuleSink& sink, const Directive& lost, const Directive& wins, const std::string& what) {
    // Layering a base file with a later include is deliberate: a note. Two lines in one file: a warning.
    const bool layered = wins.from_include != lost.from_include || wins.line_span.file != lost.line_span.file;
    auto& f = sink.report(layered ? Severity::note : Severity::warning, lost.line_span,
                          what + " is overridden by " + line_shown(wins) + " at " + where_text(wins) +
                              " (redis-server uses the last one); editing this line has no effect");
    f.related.push_back({wins.line_span, "this occurrence wins"});
    f.fix_hint = "delete one of the two lines";
}

void duplicate_directive(const Config& c, RuleSink& sink) {
    if (c.live) return;  // a live dump has one value per setting
    static const std::set<std::string_view> accumulating = {"save", "user", "rename-command", "include", "loadmodule",
                                                            "client-output-buffer-limit"};
    for (const auto& [name, list] : c.occurrences) {
        if (list.size() < 2 || accumulating.count(name) || name.find('.') != std::string::npos) continue;
        const DirectiveSpec* spec = canonical_directive(c.target, name);
        const bool fold = spec && (spec->kind == Kind::boolean || spec->kind == Kind::enumeration);
        const Directive& wins = *list.back();
        for (size_t i = 0; i + 1 < list.size(); ++i)
            if (joined(*list[i], fold) != joined(wins, fold))
                report_override(sink, *list[i], wins, line_shown(*list[i]));
    }
    // client-output-buffer-limit: last wins per class.
    if (auto it = c.occurrences.find("client-output-buffer-limit"); it != c.occurrences.end()) {
        std::map<std::string, std::pair<const Directive*, std::string>> last;  // class -> (line, limits)
        std::vector<std::tuple<const Directive*, std::string, std::string>> seen;
        for (const Directive* d : it->second)
            for (size_t i = 0; i + 3 < d->args.size(); i += 4) {
                std::string cls = to_lower(d->args[i].value);
                if (cls == "slave") cls = "replica";
                seen.emplace_back(d, cls, d->args[i + 1].value + " " + d->args[i + 2].value + " " + d->args[i + 3].value);
            }
        for (const auto& [d, cls, limits] : seen) last[cls] = {d, limits};
        for (const auto& [d, cls, limits] : seen) {
            const auto& [wd, wl] = last[cls];
            if (wd != d && wl != limits)
                report_override(sink, *d, *wd, "'client-output-buffer-limit " + cls + " " + limits + "'");
        }
    }
    // save "" followed by save points: the reset does nothing.
    const Directive* reset = nullptr;
    for (const Directive* d : c.save_lines) {
        if (!d->accepted) continue;
        if (d->args.size() == 1 && d->args[0].value.empty()) reset = d;
        else if (reset && !c.target.legacy_parser()) {
            sink.report(Severity::note, reset->line_span,
                        "'save \"\"' is followed by '" + printable(d->line_span.text(), 40) + "' at " + where_text(*d) +
                            ", so snapshots stay on; the reset only clears the defaults")
                .fix_hint = "delete 'save \"\"', or the save points if snapshots were meant to be off";
            reset = nullptr;
        }
    }
}

// RC009 non-text-or-templated-input --------------------------------------------------------------------
bool is_template(std::string_view v) {
    if (v.find("${") != std::string_view::npos && v.find('}') != std::string_view::npos) return true;
    if (v.find("{{") != std::string_view::npos && v.find("}}") != std::string_view::npos) return true;
    if (v.find("<%") != std::string_view::npos && v.find("%>") != std::string_view::npos) return true;
    if (v.find("%(") != std::string_view::npos && v.find(")s") != std::string_view::npos) return true;
    if (v.size() >= 2 && v[0] == '$') {  // the value is $VAR, or starts with $VAR/ (dir $HOME/data: chdir("$HOME/data"))
        size_t i = 1;
        while (i < v.size() && (std::isupper(static_cast<unsigned char>(v[i])) || std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '_')) ++i;
        return (i == v.size() || v[i] == '/') && (std::isupper(static_cast<unsigned char>(v[1])) || v[1] == '_');
    }
    return false;
}

}  // namespace

bool template_file(std::string_view path) {
    for (std::string_view ext : {".j2", ".jinja", ".jinja2", ".erb", ".tpl", ".tmpl", ".template", ".gotmpl", ".mustache"})
        if (path.ends_with(ext)) return true;
    return false;
}

namespace {

void non_text_or_templated(const Config& c, RuleSink& sink) {
    if (c.live) return;
    std::set<const SourceFile*> files = {c.main};
    for (const Directive& d : c.directives)
        if (d.line_span.file) files.insert(d.line_span.file);
    for (const SourceFile* f : files) {
        const std::string_view t = f->text();
        int reported = 0;
        for (size_t i = 0; i < t.size() && reported < 5; ++i) {
            const unsigned char ch = static_cast<unsigned char>(t[i]);
            std::string what;
            uint32_t len = 1;
            if (ch == 0) what = "a NUL byte: redis-server reads the file with fgets(), so the rest of this line (up to 1024 bytes) is dropped";
            else if (ch == '\r' && i + 1 < t.size() && t[i + 1] != '\n')
                what = "a carriage return inside a line: redis-server splits lines on \\n only, so this is not a line break";
            else if (ch == '\v' || ch == '\f')
                what = std::string("a ") + (ch == '\v' ? "vertical tab" : "form feed") +
                       ": redis.conf only separates words with spaces and tabs";
            else if (ch == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0)
                what = "a non-breaking space (U+00A0, often pasted from a web page): redis-server reads it as part of the word", len = 2;
            if (what.empty()) continue;
            // Only where the server reads it: a comment line holding the byte is harmless.
            const auto pos = f->position(static_cast<uint32_t>(i));
            std::string_view line = f->line_text(pos.line);
            const size_t first = line.find_first_not_of(" \t");
            if (ch != 0 && ch != '\r' && first != std::string_view::npos && line[first] == '#') continue;
            sink.report(Severity::error, Span{f, static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)},
                        "the file contains " + what)
                .fix_hint = "save the file as plain text with \\n line endings";
            ++reported;
            i += len - 1;
        }
    }
    for (const Directive& d : c.directives) {
        // Values the server would refuse were reported by the loader (d.placeholder).
        // Passwords: RC403 reports a placeholder password (one root cause, one finding).
        if (d.args.empty() || d.placeholder || secret(d.canonical) || template_file(d.line_span.file->path())) continue;
        // The raw text of the values: "{{ var }}" spans several tokens.
        const std::string_view raw = d.args_span().text();
        if (!is_template(raw)) continue;
        // Whether something (a wrapper script, envsubst, config management) renders the file before the
        // server reads it is not in the file: a note that says what happens if nothing does.
        sink.report(Severity::note, d.args_span(),
                    "'" + d.name + "' value '" + printable(raw, 60) + "' is a placeholder: unless a wrapper or "
                    "template engine fills it in before the server starts, redis-server takes it literally (it does "
                    "no variable expansion)")
            .fix_hint = "render the template before deploying (envsubst, your config management), or pass the value "
                        "on the command line (redis-server /etc/redis.conf --" + d.name + " \"$VALUE\")";
    }
}

CACHELINT_RULE(Config, ids::RC004, memory_value_pitfall);
CACHELINT_RULE(Config, ids::RC006, duplicate_directive);
CACHELINT_RULE(Config, ids::RC009, non_text_or_templated);

}  // namespace
}  // namespace cachelint::redis::rules
