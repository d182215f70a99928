// The fix stage, after filtering: applies the mechanical fixes of the findings being reported
// (`check --fix`) or shows them as a unified diff (`check --diff`). This is the only code that
// writes to the files cachelint checks, and it runs only when the user asks.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "core/result.hpp"

namespace cachelint {

struct FixOutcome {
    size_t findings = 0;  // findings whose fix was applied (or would be, with --diff)
    size_t files = 0;     // files changed (or that would change)
    size_t unsafe_left = 0;  // findings whose fix changes what the server does, left alone without --unsafe-fixes
    std::vector<InputError> errors;  // files that changed since they were checked, or could not be written
};

// Fixes of unsuppressed diagnostics only. Two fixes that touch the same bytes cannot both be right:
// the first (in file order) is taken and the other waits for the next run. Each file is read again
// (with the check's limits, from `options`) and every edit's original text compared with it, so a
// file edited meanwhile is left alone.
// `write`: rewrite the files atomically, keeping their permission bits, and drop the fixed
// diagnostics from `result`. Otherwise nothing is written; `diff`, if given, gets the unified diff
// (`--- PATH` / `+++ PATH` headers: apply it with `git apply -p0` or `patch -p0`).
// `unsafe`: also the fixes that change what the server does (to what the line evidently meant); without it
// they are counted in `unsafe_left` and left for a person to decide.
FixOutcome apply_fixes(LintResult& result, const LintOptions& options, bool write, std::ostream* diff, bool unsafe = false);

}  // namespace cachelint
