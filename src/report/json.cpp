// The JSON format (documented in docs/json-format.md): stable keys, findings in report order.
#include "core/json.hpp"
#include "report/report.hpp"

namespace cachelint {
namespace {
void write_location(JsonWriter& w, const ResolvedLocation& l) {
    w.field("path", l.path).field("line", l.line).field("column", l.column).field("end_line", l.end_line).field(
        "end_column", l.end_column);
}
}  // namespace

void write_json(std::ostream& os, const LintResult& result, const ReportOptions& options) {
    JsonWriter w(os);
    size_t counts[3] = {0, 0, 0};
    w.begin_object();
    w.field("schema_version", 2);  // 2: the inputs that could not be checked are "input_errors" (were "errors")
    w.key("tool").begin_object().field("name", "cachelint").field("version", CACHELINT_VERSION).end_object();
    w.key("findings").begin_array();
    for (const auto& d : result.diagnostics) {
        if (d.suppression && !options.include_suppressed) continue;
        if (!d.suppression) ++counts[static_cast<int>(d.severity)];
        w.begin_object();
        w.field("rule", d.rule_id);
        if (const RuleMeta* m = find_rule(d.rule_id)) w.field("name", m->name);
        w.field("severity", to_string(d.severity)).field("message", d.message);
        write_location(w, d.location);
        w.key("related").begin_array();
        for (const auto& r : d.related) {
            w.begin_object();
            write_location(w, r.location);
            w.field("message", r.message);
            w.end_object();
        }
        w.end_array();
        w.key("fix");
        if (d.fix_hint) w.value(*d.fix_hint);
        else w.null();
        w.key("fix_applicability");  // "safe": keeps what the server does; "unsafe": changes it (--unsafe-fixes)
        if (d.fix.empty()) w.null();
        else w.value(d.fix_unsafe ? "unsafe" : "safe");
        w.key("edits").begin_array();
        for (const ResolvedEdit& e : d.fix) {
            w.begin_object();
            write_location(w, e.location);
            w.field("replacement", e.replacement).end_object();
        }
        w.end_array();
        w.field("fingerprint", d.fingerprint);
        w.key("suppressed");
        if (d.suppression)
            w.begin_object().field("kind", d.suppression->kind).field("justification", d.suppression->justification).end_object();
        else w.value(false);
        w.end_object();
    }
    w.end_array();
    w.key("input_errors").begin_array();
    for (const auto& e : result.errors) w.begin_object().field("path", e.path).field("message", e.message).end_object();
    w.end_array();
    w.key("baseline");
    if (result.baseline.active) {
        w.begin_object().field("file", result.baseline.file);
        w.field("matched", static_cast<unsigned long long>(result.baseline.matched));
        w.field("pruned", static_cast<unsigned long long>(result.baseline.pruned));
        w.key("stale").begin_array();
        for (const auto& e : result.baseline.stale)
            w.begin_object().field("rule", e.rule_id).field("path", e.path).field("fingerprint", e.fingerprint)
                .field("message", e.message).end_object();
        w.end_array().end_object();
    } else {
        w.null();
    }
    w.key("summary").begin_object();
    w.field("files", static_cast<unsigned long long>(result.files_checked));
    w.field("errors", static_cast<unsigned long long>(counts[2]));
    w.field("warnings", static_cast<unsigned long long>(counts[1]));
    w.field("notes", static_cast<unsigned long long>(counts[0]));
    w.end_object();
    w.end_object();
}

}  // namespace cachelint
