#include "support/run.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/app.hpp"

namespace cachelint::test {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string make_temp_dir(const std::string& tag) {
    std::string tmpl = "/tmp/cachelint-test-" + tag + "-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

RunResult run_shell(const std::string& command, const std::string& input) {
    const std::string dir = make_temp_dir("run");
    const std::string in = dir + "/in", out = dir + "/out", err = dir + "/err";
    write_file(in, input);
    const std::string full = "(" + command + ") <" + in + " >" + out + " 2>" + err;
    int status = std::system(full.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    r.out = read_file(out);
    r.err = read_file(err);
    std::system(("rm -rf " + shell_quote(dir)).c_str());
    return r;
}

RunResult run_cachelint(const std::string& args, const std::string& cwd, const std::string& input) {
    std::string cmd;
    if (!cwd.empty()) cmd = "cd " + shell_quote(cwd) + " && ";
    cmd += std::string("NO_COLOR=1 ") + shell_quote(CACHELINT_BINARY) + " " + args;
    return run_shell(cmd, input);
}

RunResult run_in_process(const std::vector<std::string>& args, const std::string& cwd, const std::string& input) {
    // Everything a run may read from the process is put back afterwards: working directory, std::cin, NO_COLOR.
    struct Restore {
        std::filesystem::path cwd = std::filesystem::current_path();
        std::streambuf* cin_buf = nullptr;
        std::optional<std::string> no_color;
        ~Restore() {
            std::error_code ec;
            std::filesystem::current_path(cwd, ec);
            std::cin.rdbuf(cin_buf);
            std::cin.clear();
            if (no_color) ::setenv("NO_COLOR", no_color->c_str(), 1);
            else ::unsetenv("NO_COLOR");
        }
    } restore;
    if (const char* v = std::getenv("NO_COLOR")) restore.no_color = v;
    ::setenv("NO_COLOR", "1", 1);
    std::istringstream in(input);
    restore.cin_buf = std::cin.rdbuf(in.rdbuf());
    std::cin.clear();
    if (!cwd.empty()) std::filesystem::current_path(cwd);
    std::vector<std::string> argv{"cachelint"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::ostringstream out, err;
    RunResult r;
    r.exit_code = run_cli(argv, {out, err, false});
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::string shared_dir() {
    const char* env = std::getenv("CACHELINT_SHARED_DIR");
    std::string dir = env ? env : std::string(CACHELINT_SOURCE_DIR) + "/../shared";
    struct stat st {};
    if (::stat((dir + "/corpus").c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return dir;
    return {};
}

std::vector<CorpusEntry> corpus_entries(const std::string& dialect) {
    std::vector<CorpusEntry> out;
    const std::string shared = shared_dir();
    if (shared.empty()) return out;
    std::istringstream in(read_file(shared + "/corpus/ENTRYPOINTS.tsv"));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream cols(line);
        CorpusEntry e;
        std::getline(cols, e.path, '\t');
        std::getline(cols, e.dialect, '\t');
        std::getline(cols, e.kind, '\t');
        if (e.path == "path" || e.dialect.empty()) continue;  // the header row
        if (dialect.empty() || e.dialect == dialect) out.push_back(std::move(e));
    }
    return out;
}

bool have_command(const std::string& name) {
    return std::system(("command -v " + shell_quote(name) + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace cachelint::test
