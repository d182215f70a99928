// SARIF 2.1.0 as GitHub code scanning ingests it: repo-relative URIs under %SRCROOT%, regions in Unicode
// code points, every rule with Markdown help, fingerprints, security-severity on security rules.
#include <algorithm>
#include <climits>
#include <map>
#include <unistd.h>

#include "core/json.hpp"
#include "core/paths.hpp"
#include "report/report.hpp"

namespace cachelint {
namespace {

constexpr size_t kMaxSarifResults = 25000;

// RFC 3986 percent-encoding of a path (keeps '/' and unreserved characters).
std::string uri_encode(std::string_view path) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string normalize_path(std::string p) {
    while (p.rfind("./", 0) == 0) p.erase(0, 2);
    return p;
}

struct Artifact {
    std::string uri;
    bool relative;
};

// Repo-relative URIs (against the working directory) for files inside it; file:// URIs otherwise.
Artifact artifact_for(const std::string& path, const std::string& cwd) {
    if (path.empty() || path == "-") return {"stdin", true};
    if (path[0] != '/') return {uri_encode(normalize_path(path)), true};
    if (!cwd.empty() && path.rfind(cwd, 0) == 0) return {uri_encode(path.substr(cwd.size())), true};
    return {"file://" + uri_encode(path), false};
}

const char* level(Severity s) {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "warning";
}

void write_region(JsonWriter& w, const ResolvedLocation& l) {
    w.key("region").begin_object();
    w.field("startLine", std::max(1u, l.line)).field("startColumn", std::max(1u, l.column));
    w.field("endLine", std::max(1u, l.end_line)).field("endColumn", std::max(1u, l.end_column));
    if (!l.line_text.empty()) w.key("snippet").begin_object().field("text", l.line_text).end_object();
    w.end_object();
}

void write_artifact_location(JsonWriter& w, const std::string& path, const std::string& cwd) {
    const Artifact a = artifact_for(path, cwd);
    w.key("artifactLocation").begin_object().field("uri", a.uri);
    if (a.relative) w.field("uriBaseId", "%SRCROOT%");
    w.end_object();
}

void write_physical(JsonWriter& w, const ResolvedLocation& l, const std::string& cwd) {
    w.key("physicalLocation").begin_object();
    write_artifact_location(w, l.path, cwd);
    write_region(w, l);
    w.end_object();
}

}  // namespace

void write_sarif(std::ostream& os, const LintResult& result, const ReportOptions& options) {
    std::string cwd = current_directory();
    if (cwd.back() != '/') cwd += '/';
    JsonWriter w(os);
    auto rules = all_rules();
    std::map<std::string_view, size_t> index;
    for (size_t i = 0; i < rules.size(); ++i) index[rules[i].id] = i;

    w.begin_object();
    w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();

    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "cachelint").field("version", CACHELINT_VERSION).field("semanticVersion", CACHELINT_VERSION);
    w.field("informationUri", CACHELINT_HOMEPAGE);
    w.key("rules").begin_array();
    for (const auto& r : rules) {
        w.begin_object();
        w.field("id", r.id).field("name", r.name);
        w.key("shortDescription").begin_object().field("text", r.title).end_object();
        w.key("fullDescription").begin_object().field("text", std::string(r.rationale).substr(0, 1000)).end_object();
        w.key("help").begin_object().field("text", std::string(r.title) + "\n\n" + std::string(r.rationale))
            .field("markdown", rule_help_markdown(r)).end_object();
        w.field("helpUri", rule_help_uri(r));
        w.key("defaultConfiguration").begin_object().field("level", level(r.severity)).end_object();
        w.key("properties").begin_object();
        w.key("tags").begin_array();
        w.value(r.dialect);
        for (auto t : r.tags) w.value(t);
        w.end_array();
        w.field("precision", r.precision);
        if (!r.security_severity.empty()) w.field("security-severity", r.security_severity);
        else w.field("problem.severity", r.severity == Severity::note ? "recommendation" : std::string(to_string(r.severity)));
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object().end_object();  // driver, tool

    // No automationDetails: github/codeql-action's upload-sarif fills runAutomationDetails.id from its
    // `category` input only when the log has none, and matrix jobs need distinct categories.
    w.field("columnKind", "unicodeCodePoints");
    if (!cwd.empty())
        w.key("originalUriBaseIds").begin_object().key("%SRCROOT%").begin_object().field("uri", "file://" + uri_encode(cwd))
            .end_object().end_object();

    // GitHub rejects a run with more than 25,000 results: keep the most severe (errors, then warnings,
    // then notes; report order within a level) and say in the invocation what was left out.
    std::vector<const Diagnostic*> shown;
    for (const auto& d : result.diagnostics)
        if (!d.suppression || options.include_suppressed) shown.push_back(&d);
    size_t left_out = 0;
    if (shown.size() > kMaxSarifResults) {
        std::stable_sort(shown.begin(), shown.end(), [](const Diagnostic* a, const Diagnostic* b) { return a->severity > b->severity; });
        left_out = shown.size() - kMaxSarifResults;
        shown.resize(kMaxSarifResults);
        std::sort(shown.begin(), shown.end());  // back to report order (the vector's order)
    }

    w.key("invocations").begin_array().begin_object();
    w.field("executionSuccessful", result.errors.empty());
    w.key("toolExecutionNotifications").begin_array();
    if (left_out) {
        w.begin_object().field("level", "warning");
        w.key("message").begin_object().field("text", std::to_string(left_out) + " less severe results were left out: GitHub code "
                                              "scanning accepts at most " + std::to_string(kMaxSarifResults) +
                                              " per run (the json report has them all)").end_object();
        w.end_object();
    }
    for (const auto& e : result.errors) {
        w.begin_object();
        w.field("level", "error");
        w.key("message").begin_object().field("text", e.path + ": " + e.message).end_object();
        w.key("locations").begin_array().begin_object();
        w.key("physicalLocation").begin_object();
        write_artifact_location(w, e.path, cwd);
        w.end_object();
        w.end_object().end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object().end_array();

    w.key("results").begin_array();
    for (const Diagnostic* dp : shown) {
        const Diagnostic& d = *dp;
        w.begin_object();
        w.field("ruleId", d.rule_id);
        if (auto it = index.find(d.rule_id); it != index.end()) w.field("ruleIndex", static_cast<unsigned long long>(it->second));
        w.field("level", level(d.severity));
        std::string text = d.message;
        if (d.fix_hint) text += " Fix: " + *d.fix_hint;
        w.key("message").begin_object().field("text", text).end_object();
        w.key("locations").begin_array().begin_object();
        write_physical(w, d.location, cwd);
        w.end_object().end_array();
        if (!d.related.empty()) {
            w.key("relatedLocations").begin_array();
            int id = 1;
            for (const auto& r : d.related) {
                w.begin_object().field("id", id++);
                write_physical(w, r.location, cwd);
                w.key("message").begin_object().field("text", r.message).end_object();
                w.end_object();
            }
            w.end_array();
        }
        if (!d.fix.empty()) {
            // Every edit of a fix is in the flagged file (engine/runner.cpp keeps no other).
            w.key("fixes").begin_array().begin_object();
            w.key("description").begin_object().field("text", d.fix_hint.value_or("apply the replacement")).end_object();
            // ruff's applicability: a safe fix keeps what the server does; an unsafe one changes it.
            w.key("properties").begin_object().field("applicability", d.fix_unsafe ? "unsafe" : "safe").end_object();
            w.key("artifactChanges").begin_array().begin_object();
            write_artifact_location(w, d.fix.front().location.path, cwd);
            w.key("replacements").begin_array();
            for (const ResolvedEdit& e : d.fix) {
                const ResolvedLocation& l = e.location;
                w.begin_object().key("deletedRegion").begin_object();
                w.field("startLine", l.line).field("startColumn", l.column).field("endLine", l.end_line).field("endColumn", l.end_column);
                w.end_object();
                w.key("insertedContent").begin_object().field("text", e.replacement).end_object();
                w.end_object();
            }
            w.end_array().end_object().end_array().end_object().end_array();
        }
        w.key("partialFingerprints").begin_object();
        if (!d.line_hash.empty()) w.field("primaryLocationLineHash", d.line_hash);
        w.field("cachelintFingerprint/v1", d.fingerprint).end_object();
        if (options.include_suppressed) {
            w.key("suppressions").begin_array();
            if (d.suppression)
                w.begin_object().field("kind", d.suppression->kind).field("status", "accepted")
                    .field("justification", d.suppression->justification).end_object();
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();

    w.end_object().end_array();
    w.end_object();
}

}  // namespace cachelint
