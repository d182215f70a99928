// Runs every discovered file through its dialect, in parallel, and returns findings in a
// deterministic order whatever the thread timing.
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <sys/types.h>
#include <utility>
#include <vector>

#include "discover/discover.hpp"
#include "core/options.hpp"
#include "core/result.hpp"

namespace cachelint {

LintResult lint_files(const std::vector<InputFile>& files, const LintOptions& options);

// The physical files one job read: its main file and everything it included (by device and inode), so that
// a file a main configuration of the same run includes is reported in that context only, not on its own too.
struct JobFiles {
    using Id = std::pair<dev_t, ino_t>;
    std::optional<Id> main;
    std::set<Id> included;
};

// Files handed from a producer (discovery, walking in its own thread) to the lint workers while the
// walk goes on, so that on a multi-core machine walking the tree costs no wall time of its own.
class FileQueue {
public:
    void push(InputFile file);
    void close();  // no more files; workers drain what is queued and stop
private:
    friend LintResult lint_queue(FileQueue& queue, const LintOptions& options);
    struct Slot {
        InputFile file;
        std::vector<Diagnostic> diagnostics;
        std::vector<InputError> errors;
        JobFiles read;
    };
    Slot* pop();  // the next file to check, or null once closed and drained
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Slot> slots_;  // discovery order; a deque keeps references stable while it grows
    size_t next_ = 0;
    bool closed_ = false;
};

// Same result as lint_files over the files in the order they were pushed, byte for byte.
LintResult lint_queue(FileQueue& queue, const LintOptions& options);

// Lints one in-memory text as if it were the file `path` (tests, examples, editors).
LintResult lint_text(const std::string& path, const std::string& dialect, std::string text, const LintOptions& options);

}  // namespace cachelint
