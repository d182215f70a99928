// Turns the paths on the command line into a list of files, each with its dialect.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/lint_job.hpp"
#include "engine/options.hpp"

namespace cachelint {

struct InputFile {
    std::string path;      // display path; for stdin, --stdin-filename or "-"
    std::string dialect;   // resolved dialect name
    bool from_stdin = false;
    std::string stdin_text;
    // Options for this file when the project configuration differs from the run's (settings per path).
    std::shared_ptr<const LintOptions> options;
};

// How the walk decides what to skip and what a file is; the project configuration fills the hooks.
struct DiscoverOptions {
    std::string stdin_filename;
    bool respect_gitignore = true;
    bool force_exclude = false;  // apply excludes and .gitignore to files named on the command line too
    // True when `abs_path` is excluded by the project configuration (--exclude, exclude, ...).
    std::function<bool(const std::string& abs_path, bool is_dir)> excluded;
    // A dialect the project configuration maps this file to ([dialects] "deploy/*.tmpl" = "nginx").
    std::function<std::optional<std::string>(const std::string& abs_path)> mapped_dialect;
    // When set, each file is handed over as soon as it is found, in the same order (DiscoverResult::files
    // stays empty): the caller can start checking while the walk goes on.
    std::function<void(InputFile&&)> on_file;
};

struct DiscoverResult {
    std::vector<InputFile> files;
    std::vector<InputError> errors;
};

// `stdin_text` is read by the caller when "-" is among the paths.
DiscoverResult discover(const std::vector<std::string>& paths, const LintOptions& options,
                        const DiscoverOptions& discover_options = {});

// The dialect of one file: forced, else by name, else by content; nullopt when nothing is confident.
std::optional<std::string> detect_dialect(const std::string& path, std::string_view head,
                                          bool require_confidence);

}  // namespace cachelint
