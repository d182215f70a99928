// Baselines: adopt cachelint on a repository with existing findings and fail only on new ones.
// `--write-baseline FILE` records every current finding; `--baseline FILE` leaves those out (marked
// suppressed, kind "external") and reports entries that no longer match anything (stale), which
// `--update-baseline` removes from the file.
// Matching uses the finding fingerprint (engine/runner.cpp): rule, file, flagged line text and
// occurrence, never the line number, so findings survive lines moving. Format: docs/baseline.md.
#pragma once
#include <functional>
#include <string>

#include "core/result.hpp"

namespace cachelint {

// Whether this run could have reported the finding an entry records (its file was checked, its rule
// enabled there). Only such entries can be stale: a run on part of the repository (`check a/`) says
// nothing about the entries of the files it did not check, and keeps them as written.
using BaselineScope = std::function<bool(const BaselineSummary::Entry&)>;
// Writes the unsuppressed findings of `result` to `path` atomically, keeping the entries of an existing
// baseline there that are out of `in_scope` (`kept` gets their number). A file at `path` that is not a
// baseline is left alone (error). Returns "" or the error.
std::string write_baseline(const std::string& path, const LintResult& result, const BaselineScope& in_scope = {},
                           size_t* kept = nullptr);
// Marks the findings `path` holds as suppressed and fills result.baseline. With `prune`
// (--update-baseline), rewrites `path` without its stale entries: it never adds an entry, so new
// findings stay reported. No scope: every entry is in scope. Returns "" or the error.
std::string apply_baseline(const std::string& path, LintResult& result, bool prune = false, const BaselineScope& in_scope = {});

}  // namespace cachelint
