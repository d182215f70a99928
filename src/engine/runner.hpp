// Runs every discovered file through its dialect, in parallel, and returns findings in a
// deterministic order whatever the thread timing.
#pragma once
#include <vector>

#include "discover/discover.hpp"
#include "engine/options.hpp"
#include "engine/result.hpp"

namespace cachelint {

LintResult lint_files(const std::vector<InputFile>& files, const LintOptions& options);

// Lints one in-memory text as if it were the file `path` (tests, examples, editors).
LintResult lint_text(const std::string& path, const std::string& dialect, std::string text, const LintOptions& options);

}  // namespace cachelint
