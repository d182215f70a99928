// Helpers for tests that run the built binary the way a user does.
#pragma once
#include <string>
#include <vector>

namespace cachelint::test {

struct RunResult {
    int exit_code = -1;
    std::string out;  // standard output
    std::string err;  // standard error
};

// Runs `cachelint ARGS` in directory `cwd` (empty: the current one) with `input` on standard input.
RunResult run_cachelint(const std::string& args, const std::string& cwd = "", const std::string& input = "");
// Runs `cachelint ARGS` in this process, through run_cli (the entry point main() calls), in directory `cwd`
// (empty: the current one; the process's working directory is restored afterwards) with `input` as standard
// input and NO_COLOR=1, as run_cachelint does. Not thread-safe: one run at a time.
RunResult run_in_process(const std::vector<std::string>& args, const std::string& cwd = "", const std::string& input = "");
// Runs a shell command; returns its exit code and output.
RunResult run_shell(const std::string& command, const std::string& input = "");
std::string shell_quote(const std::string& s);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);
std::string make_temp_dir(const std::string& tag);
// ../shared beside the project, or "" when it is absent (tests that need it then say so and skip).
std::string shared_dir();
bool have_command(const std::string& name);

// One row of ../shared/corpus/ENTRYPOINTS.tsv: a corpus file (relative to the corpus folder), its
// dialect, and whether it is a main configuration or a fragment meant to be included elsewhere.
struct CorpusEntry {
    std::string path, dialect, kind;
};
// The rows for `dialect` (every dialect when empty); none when ../shared is absent.
std::vector<CorpusEntry> corpus_entries(const std::string& dialect = "");

}  // namespace cachelint::test
