#include "filter/changed_lines.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/includes.hpp"
#include "core/text.hpp"

extern char** environ;

namespace cachelint {
namespace {

struct GitResult {
    int status = -1;
    std::string out, err;
};

// git without a shell (a revision is never interpreted by /bin/sh), both pipes drained together.
GitResult run_git(const std::vector<std::string>& args) {
    GitResult r;
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0) return r.err = std::strerror(errno), r;
    if (pipe(err_pipe) != 0) {
        close(out_pipe[0]), close(out_pipe[1]);
        return r.err = std::strerror(errno), r;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    std::vector<std::string> argv_store = {"git", "-c", "core.quotePath=false"};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_store) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]), close(err_pipe[1]);
    if (spawned != 0) {
        close(out_pipe[0]), close(err_pipe[0]);
        r.err = std::string("cannot run git: ") + std::strerror(spawned);
        return r;
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string first_line(std::string s) {
    if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    return s;
}

// A path as git prints it in a diff header: C-quoted ("b/a\tb") when it holds unusual bytes.
std::string unquote_git_path(std::string_view p) {
    if (p.size() < 2 || p.front() != '"' || p.back() != '"') return std::string(p);
    std::string out;
    for (size_t i = 1; i + 1 < p.size(); ++i) {
        if (p[i] != '\\' || i + 2 >= p.size()) {
            out += p[i];
            continue;
        }
        const char c = p[++i];
        if (c >= '0' && c <= '7' && i + 2 < p.size()) {
            out += static_cast<char>(((c - '0') << 6) | ((p[i + 1] - '0') << 3) | (p[i + 2] - '0'));
            i += 2;
        } else {
            switch (c) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'r': out += '\r'; break;
                case 'v': out += '\v'; break;
                default: out += c;
            }
        }
    }
    return out;
}

uint32_t read_number(std::string_view s, size_t& i) {
    uint64_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < UINT32_MAX) n = n * 10 + static_cast<uint64_t>(s[i++] - '0');
    return static_cast<uint32_t>(std::min<uint64_t>(n, UINT32_MAX));
}

}  // namespace

bool ChangedLines::changed(const std::string& path, uint32_t line) const {
    // git names files by their real path under its real top directory.
    std::error_code ec;
    std::string abs = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec).string();
    if (ec) abs = path;
    if (new_files.count(abs)) return true;
    auto it = ranges.find(abs);
    if (it == ranges.end()) return false;
    for (auto [first, last] : it->second)
        if (line >= first && line <= last) return true;
    return false;
}

void parse_unified_diff(std::string_view diff, const std::string& root, ChangedLines& out) {
    std::string current;  // absolute path of the file the hunks belong to; "" after "+++ /dev/null"
    LineCursor lines(diff);
    for (std::string_view line; lines.next(line);) {
        if (line.starts_with("+++ ")) {
            std::string_view name = line.substr(4);
            // git ends a name that holds a blank with a tab (for patch(1)); quoted names never do.
            if (name.ends_with('\t')) name.remove_suffix(1);
            std::string path = unquote_git_path(name);
            current = path.starts_with("b/") ? join_path(root, path.substr(2)) : std::string();
        } else if (line.starts_with("@@ ") && !current.empty()) {
            // @@ -a[,b] +c[,d] @@: the new side starts at c and spans d lines (1 when omitted, 0 = none).
            size_t plus = line.find(" +");
            if (plus == std::string_view::npos) continue;
            size_t i = plus + 2;
            uint32_t start = read_number(line, i), count = 1;
            if (i < line.size() && line[i] == ',') {
                ++i;
                count = read_number(line, i);
            }
            if (count > 0) out.ranges[current].push_back({start, start + count - 1});
        }
    }
}

std::string changed_lines_since(const std::string& rev, ChangedLines& out) {
    if (rev.empty() || rev[0] == '-') return "--new-from-rev '" + rev + "' is not a revision";
    GitResult top = run_git({"rev-parse", "--show-toplevel"});
    if (top.status != 0)
        return "--new-from-rev needs a git repository: " + (top.err.empty() ? std::string("git failed") : first_line(top.err));
    out.root = first_line(top.out);
    GitResult verify = run_git({"rev-parse", "--verify", "--quiet", rev + "^{commit}"});
    if (verify.status != 0) return "--new-from-rev: '" + rev + "' is no commit in this repository";
    // Working tree against the revision: committed, staged and unstaged changes alike. -U0: exact lines.
    GitResult diff = run_git({"-C", out.root, "diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0", first_line(verify.out), "--"});
    if (diff.status != 0) return "--new-from-rev: git diff failed: " + first_line(diff.err);
    parse_unified_diff(diff.out, out.root, out);
    GitResult untracked = run_git({"-C", out.root, "ls-files", "-z", "--others", "--exclude-standard"});
    if (untracked.status != 0) return "--new-from-rev: git ls-files failed: " + first_line(untracked.err);
    for (size_t p = 0; p < untracked.out.size();) {
        size_t end = untracked.out.find('\0', p);
        if (end == std::string::npos) end = untracked.out.size();
        if (end > p) out.new_files.insert(join_path(out.root, untracked.out.substr(p, end - p)));
        p = end + 1;
    }
    return "";
}

}  // namespace cachelint
