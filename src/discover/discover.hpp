// Turns the paths on the command line into a list of files, each with its dialect.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lint_job.hpp"
#include "core/options.hpp"

namespace cachelint {

struct InputFile {
    std::string path;      // display path; for stdin, --stdin-filename or "-"
    std::string dialect;   // resolved dialect name
    bool from_stdin = false;
    std::string stdin_text;
    // Options for this file when the project configuration differs from the run's (settings per path).
    std::shared_ptr<const LintOptions> options;
    // The whole file, when classification read all of it (a file of at most 8 KiB): the check does not
    // open it again.
    std::optional<std::string> preread;
};

// How the walk decides what to skip and what a file is; the project configuration fills the hooks.
struct DiscoverOptions {
    std::string stdin_filename;
    bool respect_gitignore = true;
    bool force_exclude = false;  // apply excludes and .gitignore to files named on the command line too
    // --only-configs: files named on the command line are taken as a walk of the working directory would find
    // them (pre-commit passes every staged file): the same classification, a link checked at its target's path,
    // and any other kind of file (or a link to a directory) skipped silently.
    bool only_configs = false;
    // True when `abs_path` is excluded by the project configuration (--exclude, exclude, ...).
    std::function<bool(const std::string& abs_path, bool is_dir)> excluded;
    // A dialect the project configuration maps this file to ([dialects] "deploy/*.tmpl" = "nginx").
    std::function<std::optional<std::string>(const std::string& abs_path)> mapped_dialect;
    // When set, each file is handed over as soon as it is found, in the same order (DiscoverResult::files
    // stays empty): the caller can start checking while the walk goes on.
    std::function<void(InputFile&&)> on_file;
    // Each file that is not checked, with what it is and why (--show-files lists them). When unset, a file
    // named on the command line that is skipped gets one line on stderr; files skipped in a walk are silent.
    std::function<void(const struct SkippedFile&)> on_skip;
};

// A file seen and not checked: another format (Markdown, an image, a supervisord file named memcached.conf,
// rspamd's UCL redis.conf ...), a kind that cannot be told, or a second name of a file already checked.
struct SkippedFile {
    std::string path;    // display path
    std::string kind;    // "markdown", "image", "yaml", "supervisord", "unknown", "symlink" ...
    std::string reason;  // one phrase, for --show-files and the stderr line
    bool named = false;  // named on the command line (--strict may make this an error)
};

struct DiscoverResult {
    std::vector<InputFile> files;
    std::vector<InputError> errors;
    std::vector<SkippedFile> skipped;
};

// `stdin_text` is read by the caller when "-" is among the paths.
DiscoverResult discover(const std::vector<std::string>& paths, const LintOptions& options,
                        const DiscoverOptions& discover_options = {});

// The dialect of one file named by `path` whose first bytes are `head` (stdin, `config --show`): by name,
// layout and content as in a walk (discover/classify.hpp); nullopt when the kind cannot be told.
std::optional<std::string> detect_dialect(const std::string& path, std::string_view head,
                                          bool require_confidence);

}  // namespace cachelint
