// Findings resolved into report form: paths, lines and columns computed, source lines copied, so
// the source buffers can be released as soon as a job is done (memory stays bounded by one job).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/lint_job.hpp"

namespace cachelint {

struct ResolvedLocation {
    std::string path;
    uint32_t line = 0, column = 0, end_line = 0, end_column = 0;  // end_column is exclusive
    std::string line_text;                                        // the source line, for snippets
};

struct Suppression {
    std::string kind;  // "inSource" | "external"
    std::string justification;
};

// One edit of a fix, resolved: the byte range and the position of the text it replaces.
struct ResolvedEdit {
    ResolvedLocation location;
    uint32_t begin = 0, end = 0;  // byte offsets into the file
    std::string original, replacement;
};

struct Diagnostic {
    std::string rule_id;
    Severity severity = Severity::warning;
    std::string message;
    ResolvedLocation location;
    struct Related {
        ResolvedLocation location;
        std::string message;
    };
    std::vector<Related> related;
    std::optional<std::string> fix_hint;
    std::vector<ResolvedEdit> fix;  // empty: no mechanical fix
    bool fix_unsafe = false;        // the fix changes what the server does (applied only with --unsafe-fixes)
    std::string fingerprint;  // stable across line shifts: see engine/runner.cpp
    std::string line_hash;    // GitHub's primaryLocationLineHash of the flagged line (core/line_hash.hpp)
    std::optional<Suppression> suppression;
};

// What --baseline did: how many findings it left out, and which of its entries matched nothing
// any more (fixed or changed findings; `--update-baseline` prunes them).
struct BaselineSummary {
    bool active = false;
    std::string file;
    size_t matched = 0;
    size_t pruned = 0;  // stale entries --update-baseline removed from the file
    struct Entry {
        std::string rule_id, path, fingerprint, message;
    };
    std::vector<Entry> stale;
};

struct LintResult {
    std::vector<Diagnostic> diagnostics;  // sorted by path, line, column, rule
    std::vector<InputError> errors;
    size_t files_checked = 0;
    BaselineSummary baseline;
};

ResolvedLocation resolve(const Span& span);

}  // namespace cachelint
