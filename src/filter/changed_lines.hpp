// `--new-from-rev REV`: only findings on lines changed since a git revision (committed, staged or not),
// and in files git does not track yet. For pull-request gates on repositories that have not adopted
// cachelint everywhere. A finding whose cause is a deleted line elsewhere is not on a changed line and is
// left out: the baseline (filter/baseline.hpp) has no such blind spot.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachelint {

struct ChangedLines {
    std::string root;  // the repository's top directory (absolute)
    // Absolute path -> changed line ranges of the working-tree file, [first, last].
    std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> ranges;
    std::set<std::string> new_files;  // untracked (and not ignored): every line counts as changed

    // `path` as a finding names it (relative to the working directory, or absolute).
    bool changed(const std::string& path, uint32_t line) const;
};

// Asks git (run in the working directory). Returns "" or a one-line error.
std::string changed_lines_since(const std::string& rev, ChangedLines& out);

// Parses `git diff -U0` output (exposed for tests); paths are joined to `root`.
void parse_unified_diff(std::string_view diff, const std::string& root, ChangedLines& out);

}  // namespace cachelint
