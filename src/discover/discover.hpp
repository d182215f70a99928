// Turns the paths on the command line into a list of files, each with its dialect.
#pragma once
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
};

struct DiscoverResult {
    std::vector<InputFile> files;
    std::vector<InputError> errors;
};

// `stdin_text` is read by the caller when "-" is among the paths.
DiscoverResult discover(const std::vector<std::string>& paths, const LintOptions& options,
                        const std::string& stdin_filename = "");

// The dialect of one file: forced, else by name, else by content; nullopt when nothing is confident.
std::optional<std::string> detect_dialect(const std::string& path, std::string_view head,
                                          bool require_confidence);

}  // namespace cachelint
