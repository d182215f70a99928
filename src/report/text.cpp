// Human output: `path:line:col: severity[RULE-ID]: message`, the source line, a caret under the span.
#include <algorithm>
#include <set>
#include <string>

#include "core/text.hpp"
#include "report/report.hpp"

namespace cachelint {
namespace {

struct Style {
    bool on;
    const char* operator()(const char* code) const { return on ? code : ""; }
};

const char* severity_color(Severity s) {
    switch (s) {
        case Severity::error: return "\x1b[1;31m";
        case Severity::warning: return "\x1b[1;33m";
        case Severity::note: return "\x1b[1;36m";
    }
    return "";
}

// The line as a terminal shows it: tabs expanded to one space so the caret lines up, control
// bytes made visible. Returns the display string and the display column of each code point.
std::string display_line(std::string_view line) {
    std::string out;
    for (char c : line) out += (c == '\t') ? ' ' : c;
    return printable(out, 400);
}

void write_snippet(std::ostream& os, const ResolvedLocation& loc, const Style& st, Severity sev) {
    if (loc.line == 0) return;
    const std::string num = std::to_string(loc.line);
    const std::string pad(num.size(), ' ');
    os << st("\x1b[34m") << pad << " |" << st("\x1b[0m") << "\n";
    os << st("\x1b[34m") << num << " |" << st("\x1b[0m") << " " << display_line(loc.line_text) << "\n";
    uint32_t width = (loc.end_line == loc.line && loc.end_column > loc.column) ? loc.end_column - loc.column : 1;
    if (loc.end_line != loc.line) {
        // Multi-line span: underline to the end of the first line.
        uint32_t cps = 0;
        for (unsigned char c : loc.line_text)
            if ((c & 0xC0) != 0x80) ++cps;
        width = cps >= loc.column ? cps - loc.column + 1 : 1;
    }
    width = std::min<uint32_t>(width, 400);
    os << st("\x1b[34m") << pad << " |" << st("\x1b[0m") << " " << std::string(loc.column - 1, ' ')
       << st(severity_color(sev)) << std::string(width, '^') << st("\x1b[0m") << "\n";
}

}  // namespace

void write_text(std::ostream& os, const LintResult& result, const ReportOptions& options) {
    Style st{options.color};
    size_t counts[3] = {0, 0, 0};
    size_t inline_suppressed = 0, fixable = 0, unsafe_fixable = 0;
    for (const auto& d : result.diagnostics) {
        if (d.suppression) {
            inline_suppressed += d.suppression->kind == "inSource";
            continue;
        }
        ++counts[static_cast<int>(d.severity)];
        const auto& l = d.location;
        os << st("\x1b[1m") << l.path << ":" << l.line << ":" << l.column << ":" << st("\x1b[0m") << " "
           << st(severity_color(d.severity)) << to_string(d.severity) << st("\x1b[0m") << "[" << d.rule_id;
        if (const RuleMeta* m = find_rule(d.rule_id)) os << " " << m->name;
        os << "]: " << st("\x1b[1m") << d.message << st("\x1b[0m") << "\n";
        write_snippet(os, l, st, d.severity);
        for (const auto& r : d.related)
            os << "  " << st("\x1b[36m") << "note" << st("\x1b[0m") << ": " << r.location.path << ":" << r.location.line
               << ":" << r.location.column << ": " << r.message << "\n";
        if (d.fix_hint) os << "  " << st("\x1b[32m") << "help" << st("\x1b[0m") << ": " << *d.fix_hint;
        if (!d.fix.empty()) {
            // Unsafe fixes change what the server does (to what the line evidently meant): a person decides.
            os << (d.fix_hint ? " " : "  ") << (d.fix_unsafe ? "[unsafe fix: --fix --unsafe-fixes]" : "[fixable: --fix]");
            ++(d.fix_unsafe ? unsafe_fixable : fixable);
        }
        if (d.fix_hint || !d.fix.empty()) os << "\n";
        os << "\n";
    }
    if (!options.show_summary) return;
    const size_t total = counts[0] + counts[1] + counts[2];
    os << st("\x1b[1m");
    // Inputs that could not be checked (unreadable, missing, binary ...): the summary says so, as the exit code (2) does.
    std::set<std::string> unchecked;
    for (const auto& e : result.errors) unchecked.insert(e.path);
    const std::string files = std::to_string(result.files_checked) + (result.files_checked == 1 ? " file" : " files");
    if (total == 0 && !unchecked.empty() && result.files_checked == 0) {
        os << "Nothing checked";
    } else if (total == 0) {
        os << "No problems found in " << files;
    } else {
        os << "Found " << total << (total == 1 ? " problem" : " problems") << " (" << counts[2] << " error"
           << (counts[2] == 1 ? "" : "s") << ", " << counts[1] << " warning" << (counts[1] == 1 ? "" : "s") << ", "
           << counts[0] << " note" << (counts[0] == 1 ? "" : "s") << ") in " << files;
    }
    if (!unchecked.empty())
        os << "; " << unchecked.size() << (unchecked.size() == 1 ? " input" : " inputs")
           << " could not be checked (see standard error)";
    os << ".";
    os << st("\x1b[0m") << "\n";
    if (fixable)
        os << fixable << (fixable == 1 ? " finding has" : " findings have") << " a mechanical fix: --diff shows it, --fix applies it.\n";
    if (unsafe_fixable)
        os << unsafe_fixable << (unsafe_fixable == 1 ? " finding has a fix that changes" : " findings have fixes that change")
           << " what the server does: --diff --unsafe-fixes shows, --fix --unsafe-fixes applies.\n";
    if (inline_suppressed)
        os << inline_suppressed << (inline_suppressed == 1 ? " finding" : " findings") << " suppressed by comments in the files.\n";
    if (result.baseline.active) {
        os << result.baseline.matched << (result.baseline.matched == 1 ? " finding" : " findings") << " left out by the baseline "
           << result.baseline.file << ".\n";
        if (!result.baseline.stale.empty())
            os << result.baseline.stale.size() << " baseline "
               << (result.baseline.stale.size() == 1 ? "entry matches" : "entries match")
               << " no finding any more (fixed?); run with --update-baseline to prune.\n";
    }
}

void write_concise(std::ostream& os, const LintResult& result) {
    for (const auto& d : result.diagnostics) {
        if (d.suppression) continue;
        os << d.location.path << ":" << d.location.line << ":" << d.location.column << ": " << to_string(d.severity)
           << "[" << d.rule_id << "]: " << d.message << "\n";
    }
}

namespace {
// Workflow commands need %, CR, LF escaped in the message, and also : and , in properties.
std::string gh_escape(std::string_view s, bool property) {
    std::string out;
    for (char c : s) {
        if (c == '%') out += "%25";
        else if (c == '\r') out += "%0D";
        else if (c == '\n') out += "%0A";
        else if (property && c == ':') out += "%3A";
        else if (property && c == ',') out += "%2C";
        else out += c;
    }
    return out;
}
}  // namespace

void write_github(std::ostream& os, const LintResult& result) {
    for (const auto& d : result.diagnostics) {
        if (d.suppression) continue;
        const char* cmd = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "notice";
        const auto& l = d.location;
        os << "::" << cmd << " file=" << gh_escape(l.path, true) << ",line=" << l.line << ",col=" << l.column;
        if (l.end_line) os << ",endLine=" << l.end_line << ",endColumn=" << l.end_column;
        os << ",title=" << gh_escape(d.rule_id, true);
        if (const RuleMeta* m = find_rule(d.rule_id)) os << gh_escape(" " + std::string(m->name), true);
        os << "::" << gh_escape(valid_utf8(d.message), false) << "\n";
    }
}

}  // namespace cachelint
