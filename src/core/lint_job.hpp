// One unit of work: a top-level file, its dialect, and every file it pulls in through includes.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/include_resolver.hpp"
#include "core/source.hpp"
#include "core/options.hpp"

namespace cachelint {

// A problem that stops cachelint from checking a file at all (exit code 2), as opposed to a finding.
struct InputError {
    std::string path;
    std::string message;
};

// Reads files for a job. Every file the job touches (main file and includes) is owned here, so
// spans stay valid until the job's findings have been resolved into report form.
class SourceLoader {
public:
    explicit SourceLoader(const LintOptions& options) : options_(options) {}

    struct Loaded {
        const SourceFile* file = nullptr;
        std::string error;  // strerror-like reason when file is null
    };
    // Each physical file is read once per job: a second include of the same file (under any spelling)
    // gets the SourceFile of the first read.
    Loaded load(const std::string& path);
    const SourceFile* adopt(std::string path, std::string text);  // e.g. stdin, or split `nginx -T` parts

    const std::vector<std::unique_ptr<SourceFile>>& files() const { return files_; }
    size_t reads() const { return reads_; }  // files opened and read from disk (tests count them)

private:
    const LintOptions& options_;
    std::vector<std::unique_ptr<SourceFile>> files_;
    std::map<std::pair<uint64_t, uint64_t>, const SourceFile*> by_inode_;  // (st_dev, st_ino)
    size_t reads_ = 0;
    // What the job's parsers were handed, a file read once counted at every use: the limits bound the work
    // of parsing, and a file included again is parsed again.
    size_t handed_files_ = 0;
    uint64_t handed_bytes_ = 0;
};

struct LintJob {
    std::string path;         // as given by the user (or discovered)
    std::string dialect;      // resolved dialect name
    const SourceFile* main = nullptr;
    const LintOptions* options = nullptr;
    SourceLoader* loader = nullptr;
    FindingSink sink;
    std::vector<InputError> errors;
    std::vector<IncludeResolution> mapped_includes;  // deploy-path includes read from the repository
};

}  // namespace cachelint
