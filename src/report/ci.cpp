// CI formats: JUnit XML (test-report widgets of GitLab, Jenkins, Azure), GitLab Code Quality, Checkstyle
// XML (reviewdog, Jenkins warnings-ng, SonarQube imports) and --statistics.
#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <map>
#include <unistd.h>

#include "core/json.hpp"
#include "core/text.hpp"
#include "core/paths.hpp"
#include "report/report.hpp"

namespace cachelint {
namespace {

std::string xml_escape(std::string_view raw) {
    std::string s = valid_utf8(raw), out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\n': out += "&#10;"; break;
            case '\t': out += "&#9;"; break;
            default:
                // XML 1.0 forbids most control characters even as references.
                if (static_cast<unsigned char>(c) < 0x20) out += ' ';
                else out += c;
        }
    }
    return out;
}

std::string rule_label(const std::string& id) {
    if (const RuleMeta* m = find_rule(id)) return id + " " + std::string(m->name);
    return id;
}

}  // namespace

void write_junit(std::ostream& os, const LintResult& result) {
    std::map<std::string, std::vector<const Diagnostic*>> by_file;
    size_t total = 0;
    for (const auto& d : result.diagnostics)
        if (!d.suppression) by_file[d.location.path].push_back(&d), ++total;
    const size_t errors = result.errors.size();
    os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    os << "<testsuites name=\"cachelint\" tests=\"" << (total + errors ? total + errors : 1) << "\" failures=\"" << total
       << "\" errors=\"" << errors << "\">\n";
    if (total == 0 && errors == 0) {
        os << "  <testsuite name=\"cachelint\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
           << "    <testcase name=\"no problems found in " << result.files_checked << " files\" classname=\"cachelint\"/>\n"
           << "  </testsuite>\n";
    }
    for (const auto& [path, diags] : by_file) {
        const std::string p = xml_escape(relative_to_cwd(path));
        os << "  <testsuite name=\"" << p << "\" tests=\"" << diags.size() << "\" failures=\"" << diags.size()
           << "\" errors=\"0\">\n";
        for (const Diagnostic* d : diags) {
            const auto& l = d->location;
            os << "    <testcase name=\"" << xml_escape(rule_label(d->rule_id)) << " at line " << l.line << "\" classname=\""
               << p << "\" file=\"" << p << "\" line=\"" << l.line << "\">\n"
               << "      <failure message=\"" << xml_escape(d->message) << "\" type=\"" << to_string(d->severity) << "\">"
               << p << ":" << l.line << ":" << l.column << ": " << to_string(d->severity) << "[" << xml_escape(d->rule_id)
               << "]: " << xml_escape(d->message);
            if (d->fix_hint) os << "&#10;help: " << xml_escape(*d->fix_hint);
            os << "</failure>\n    </testcase>\n";
        }
        os << "  </testsuite>\n";
    }
    if (errors) {
        os << "  <testsuite name=\"cachelint errors\" tests=\"" << errors << "\" failures=\"0\" errors=\"" << errors << "\">\n";
        for (const auto& e : result.errors)
            os << "    <testcase name=\"" << xml_escape(relative_to_cwd(e.path)) << "\" classname=\"cachelint\">\n"
               << "      <error message=\"" << xml_escape(e.message) << "\"/>\n    </testcase>\n";
        os << "  </testsuite>\n";
    }
    os << "</testsuites>\n";
}

void write_gitlab(std::ostream& os, const LintResult& result) {
    JsonWriter w(os);
    w.begin_array();
    for (const auto& d : result.diagnostics) {
        if (d.suppression) continue;
        const RuleMeta* m = find_rule(d.rule_id);
        // Code Quality levels: info, minor, major, critical, blocker.
        std::string severity = d.severity == Severity::error ? "major" : d.severity == Severity::warning ? "minor" : "info";
        if (m && m->has_tag("fatal") && d.severity == Severity::error) severity = "blocker";
        else if (m && !m->security_severity.empty() && d.severity == Severity::error) severity = "critical";
        std::string fp = d.rule_id + ":" + d.fingerprint;  // unique per finding: GitLab collapses duplicates
        w.begin_object();
        w.field("type", "issue");
        w.field("check_name", d.rule_id);
        w.field("description", rule_label(d.rule_id) + ": " + d.message);
        w.key("categories").begin_array().value(m && !m->security_severity.empty() ? "Security" : "Bug Risk").end_array();
        w.field("fingerprint", fp);
        w.field("severity", severity);
        w.key("location").begin_object().field("path", relative_to_cwd(d.location.path));
        w.key("lines").begin_object().field("begin", std::max(1u, d.location.line)).field("end", std::max(1u, d.location.end_line))
            .end_object();
        w.end_object();
        w.end_object();
    }
    w.end_array();
    os << "\n";
}

void write_checkstyle(std::ostream& os, const LintResult& result) {
    struct FileEntries {
        std::vector<const Diagnostic*> diags;
        std::vector<const InputError*> errors;
    };
    std::map<std::string, FileEntries> by_file;
    for (const auto& d : result.diagnostics)
        if (!d.suppression) by_file[relative_to_cwd(d.location.path)].diags.push_back(&d);
    for (const auto& e : result.errors) by_file[relative_to_cwd(e.path)].errors.push_back(&e);
    os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
    for (const auto& [path, entries] : by_file) {
        os << "  <file name=\"" << xml_escape(path) << "\">\n";
        for (const Diagnostic* d : entries.diags) {
            // Checkstyle severities: error, warning, info.
            const char* severity = d->severity == Severity::error ? "error" : d->severity == Severity::warning ? "warning" : "info";
            os << "    <error line=\"" << d->location.line << "\" column=\"" << d->location.column << "\" severity=\""
               << severity << "\" message=\"" << xml_escape(d->message) << "\" source=\"cachelint." << xml_escape(d->rule_id)
               << "\"/>\n";
        }
        for (const InputError* e : entries.errors)
            os << "    <error line=\"0\" severity=\"error\" message=\"" << xml_escape(e->message)
               << "\" source=\"cachelint.input\"/>\n";
        os << "  </file>\n";
    }
    os << "</checkstyle>\n";
}

void write_statistics(std::ostream& os, const LintResult& result, bool json) {
    std::map<std::string, size_t> counts;
    for (const auto& d : result.diagnostics)
        if (!d.suppression) ++counts[d.rule_id];
    std::vector<std::pair<std::string, size_t>> rows(counts.begin(), counts.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (json) {
        JsonWriter w(os);
        w.begin_array();
        for (const auto& [id, n] : rows) {
            const RuleMeta* m = find_rule(id);
            w.begin_object().field("rule", id).field("name", m ? std::string(m->name) : "")
                .field("count", static_cast<unsigned long long>(n)).end_object();
        }
        w.end_array();
        os << "\n";
        return;
    }
    for (const auto& [id, n] : rows) {
        const RuleMeta* m = find_rule(id);
        os << std::right << std::setw(6) << n << "  " << std::left << std::setw(9) << id << " "
           << (m ? std::string(m->name) : std::string()) << "\n";
    }
}

}  // namespace cachelint
