// One spelling of a path for reports, fingerprints and baselines: relative to the working directory
// when the file is inside it, without a leading "./".
#pragma once
#include <string>

namespace cachelint {

std::string current_directory();  // absolute, without a trailing '/'; "/" when unknown
// `path` relative to `dir` when it lies inside it; otherwise `path` itself. Leading "./" removed.
std::string relative_to(const std::string& path, const std::string& dir);
std::string relative_to_cwd(const std::string& path);

}  // namespace cachelint
