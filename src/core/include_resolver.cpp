#include "core/include_resolver.hpp"

#include <algorithm>
#include <fnmatch.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "core/lint_job.hpp"

namespace cachelint {

namespace {

bool exists(const std::string& p) { return !p.empty() && ::access(p.c_str(), F_OK) == 0; }
bool is_dir(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
std::string strip_slashes(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
}
std::string base_name(const std::string& p) {
    const std::string s = strip_slashes(p);
    auto pos = s.find_last_of('/');
    return pos == std::string::npos ? s : s.substr(pos + 1);
}
// `path` is `prefix` or lies below it (a whole component: /etc/nginx does not cover /etc/nginx2).
bool under(const std::string& path, const std::string& prefix) {
    if (prefix == "/") return !path.empty() && path[0] == '/';
    return path == prefix || (path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/');
}
std::string dq(const std::string& s) { return "\"" + s + "\""; }

std::string parent_dir(const std::string& dir) {
    if (dir == ".") return "..";
    if (dir == ".." || dir.ends_with("/..")) return dir + "/..";
    return directory_of(dir);
}

bool dockerfile_name(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name == "dockerfile" || name == "containerfile" || name.starts_with("dockerfile.") ||
           name.ends_with(".dockerfile") || name.starts_with("containerfile.");
}

// The words of a COPY/ADD line after the instruction: JSON array form or whitespace-separated.
std::vector<std::string> copy_words(const std::string& rest) {
    std::vector<std::string> out;
    size_t i = rest.find_first_not_of(" \t");
    if (i == std::string::npos) return out;
    // Flags come first in both forms: --chown=..., --from=...
    std::istringstream in(rest.substr(i));
    std::string w;
    std::string remainder;
    while (in >> std::ws && in.peek() == '-' && in >> w) out.push_back(w);
    std::getline(in, remainder, '\0');
    if (!remainder.empty() && remainder[0] == '[') {
        // ["src", "dest"]: strings without escapes are all a path ever needs here.
        size_t p = 1;
        while ((p = remainder.find('"', p)) != std::string::npos) {
            size_t e = remainder.find('"', p + 1);
            if (e == std::string::npos) break;
            out.push_back(remainder.substr(p + 1, e - p - 1));
            p = e + 1;
        }
        return out;
    }
    std::istringstream words(remainder);
    while (words >> w) out.push_back(w);
    return out;
}

}  // namespace

std::vector<DockerCopy> docker_copies(const std::vector<std::string>& dirs) {
    std::vector<DockerCopy> out;
    for (const auto& dir : dirs) {
        std::vector<std::string> files;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (dockerfile_name(it->path().filename().string()) && it->is_regular_file(ec) && it->file_size(ec) < (1u << 20))
                files.push_back(join_path(dir, it->path().filename().string()));
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file);
            std::string line, logical;
            size_t lineno = 0, start = 0;
            std::string workdir;
            while (std::getline(in, line)) {
                ++lineno;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                const size_t first = line.find_first_not_of(" \t");
                if (logical.empty()) {
                    if (first == std::string::npos || line[first] == '#') continue;
                    start = lineno;
                } else if (first != std::string::npos && line[first] == '#') {
                    continue;  // comment lines inside a continued instruction are dropped
                }
                if (!line.empty() && line.back() == '\\') {
                    logical += line.substr(0, line.size() - 1) + " ";
                    continue;
                }
                logical += line;
                std::string instr = logical;
                logical.clear();
                const size_t b = instr.find_first_not_of(" \t");
                const size_t e = instr.find_first_of(" \t", b);
                if (b == std::string::npos || e == std::string::npos) continue;
                std::string word = instr.substr(b, e - b);
                std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::toupper(c); });
                if (word == "FROM") workdir.clear();
                if (word == "WORKDIR") {
                    std::string w = instr.substr(instr.find_first_not_of(" \t", e) == std::string::npos ? e : instr.find_first_not_of(" \t", e));
                    while (!w.empty() && (w.back() == ' ' || w.back() == '\t')) w.pop_back();
                    workdir = w.find('$') != std::string::npos ? std::string("?") : join_path(workdir.empty() ? "/" : workdir, w);
                    continue;
                }
                if (word != "COPY" && word != "ADD") continue;
                std::vector<std::string> words = copy_words(instr.substr(e));
                bool other_stage = false;
                std::vector<std::string> args;
                for (auto& w : words) {
                    if (w.starts_with("--")) other_stage = other_stage || w.starts_with("--from");
                    else args.push_back(w);
                }
                // --from copies out of another image or stage; a heredoc has no file in the repository.
                if (other_stage || args.size() < 2) continue;
                std::string dest = args.back();
                args.pop_back();
                if (dest.find('$') != std::string::npos) continue;
                if (dest[0] != '/') {
                    if (workdir.empty() || workdir == "?") continue;
                    dest = join_path(workdir, dest) + (dest.ends_with("/") ? "/" : "");
                }
                if (args.size() > 1 && !dest.ends_with("/")) dest += "/";
                for (const auto& src : args) {
                    if (src.starts_with("<<") || src.find("://") != std::string::npos || src.find('$') != std::string::npos ||
                        has_glob_chars(src))
                        continue;
                    DockerCopy c;
                    c.source = src == "." || src == "./" ? dir : join_path(dir, strip_slashes(src));
                    c.source_is_dir = is_dir(c.source);
                    c.dest = dest;
                    c.dockerfile = file;
                    c.line = start;
                    if (exists(c.source)) out.push_back(std::move(c));
                }
            }
        }
    }
    return out;
}

IncludeResolver::IncludeResolver(const LintJob& job) : job_(job) {
    const std::string main = job.main ? job.main->path() : job.path;
    main_dir_ = directory_of(main);
    main_canon_ = canonical_path(main);
    const std::string main_dir_canon = canonical_path(main_dir_);
    main_dir_canon_ = main_dir_canon;
    if (job.options && !job.options->repository_root.empty()) {
        root_ = canonical_path(job.options->repository_root);
    } else {
        // The repository: the nearest folder holding .git (a folder, or a file in a git worktree).
        std::string d = main_dir_canon;
        for (int i = 0; i < 64 && !d.empty(); ++i) {
            if (exists(join_path(d, ".git"))) {
                root_ = d;
                break;
            }
            if (d == "/") break;
            d = directory_of(d);
        }
    }
    bases_.push_back(main_dir_);
    if (root_.empty() || root_ == "/" || !under(main_dir_canon, root_)) return;
    std::string d = main_dir_;
    for (int i = 0; i < 32; ++i) {
        if (canonical_path(d) == root_) break;
        d = parent_dir(d);
        bases_.push_back(d);
    }
}

bool IncludeResolver::usable(const std::string& candidate, bool glob, const std::string& from) const {
    const std::string from_canon = from.empty() ? std::string() : canonical_path(from);
    auto self = [&](const std::string& f) {
        const std::string c = canonical_path(f);
        return c == main_canon_ || (!from_canon.empty() && c == from_canon);
    };
    if (glob && has_glob_chars(candidate)) {
        // A pattern that would read the including file itself matched the wrong folder.
        bool truncated = false;
        const auto files = expand_glob(candidate, 1000, &truncated);
        if (files.empty() || truncated) return false;
        return std::none_of(files.begin(), files.end(), self);
    }
    return exists(candidate) && !self(candidate);
}

std::optional<MappedInclude> IncludeResolver::by_table(const std::string& path, bool glob) const {
    if (!job_.options) return std::nullopt;
    const std::pair<std::string, std::string>* best = nullptr;
    std::string best_prefix;
    for (const auto& entry : job_.options->include_paths) {
        const std::string prefix = strip_slashes(entry.first);
        if (under(path, prefix) && (!best || prefix.size() > best_prefix.size())) {
            best = &entry;
            best_prefix = prefix;
        }
    }
    if (!best) return std::nullopt;
    const std::string rest = path.substr(std::min(path.size(), best_prefix == "/" ? size_t(0) : best_prefix.size()));
    MappedInclude m{strip_slashes(best->second) + rest, IncludeVia::path_table,
                    "by the [paths] entry " + dq(best->first) + " of the project configuration"};
    // A glob into an existing folder that matches nothing is a real "nothing there": keep the mapping.
    if (glob && has_glob_chars(m.path) ? is_dir(directory_of(m.path)) : exists(m.path)) return m;
    return std::nullopt;
}

std::optional<MappedInclude> IncludeResolver::by_dockerfile(const std::string& path, bool glob) const {
    if (!docker_read_) {
        docker_ = docker_copies(bases_);
        docker_read_ = true;
    }
    for (auto it = docker_.rbegin(); it != docker_.rend(); ++it) {  // a later COPY overwrites an earlier one
        const DockerCopy& c = *it;
        const std::string dest = strip_slashes(c.dest);
        std::string cand;
        if (c.source_is_dir) {
            if (path.size() > dest.size() && under(path, dest)) cand = c.source + path.substr(dest == "/" ? 0 : dest.size());
        } else {
            const std::string target = c.dest.ends_with("/") ? join_path(dest, base_name(c.source)) : dest;
            if (path == target || (glob && ::fnmatch(path.c_str(), target.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0))
                cand = c.source;
        }
        if (cand.empty() || !usable(cand, glob, {})) continue;
        return MappedInclude{cand, IncludeVia::dockerfile,
                             "by the COPY at " + c.dockerfile + ":" + std::to_string(c.line) + " (to " + dq(c.dest) + ")"};
    }
    return std::nullopt;
}

std::optional<MappedInclude> IncludeResolver::by_suffix(const std::string& path, bool glob, const std::string& from) const {
    std::vector<std::string> parts;
    for (size_t i = 0; i < path.size();) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        if (j > i) parts.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    const bool pattern = glob && has_glob_chars(path);
    for (size_t drop = 0; drop < parts.size(); ++drop) {
        // A bare pattern (`*.conf` of /etc/redis/*.conf) would match any folder's files: keep its folder.
        if (pattern && parts.size() - drop < 2) break;
        std::string suffix;
        for (size_t k = drop; k < parts.size(); ++k) suffix += (suffix.empty() ? "" : "/") + parts[k];
        if (suffix.find("..") != std::string::npos) continue;
        for (const auto& base : bases_) {
            const std::string cand = join_path(base, suffix);
            if (usable(cand, glob, from))
                return MappedInclude{cand, IncludeVia::suffix,
                                     "by the longest part of the path found in the repository, " + dq(suffix)};
        }
    }
    return std::nullopt;
}

std::optional<MappedInclude> IncludeResolver::map(const std::string& path, bool glob, const std::string& from) const {
    if (path.empty() || path[0] != '/') return std::nullopt;
    if (auto m = by_table(path, glob)) return m;
    // A path into the main file's own folder names this tree as deployed (the check runs in place): a
    // missing file there is missing, not installed elsewhere.
    if (under(path, main_dir_canon_)) return std::nullopt;
    if (glob && has_glob_chars(path)) {
        if (!expand_glob(path, 1).empty()) return std::nullopt;
    } else if (exists(path)) {
        return std::nullopt;
    }
    if (auto m = by_dockerfile(path, glob)) return m;
    return by_suffix(path, glob, from);
}

void IncludeResolver::record(LintJob& job, Span at, const std::string& written, const MappedInclude& m,
                             std::vector<const SourceFile*> files) const {
    job.mapped_includes.push_back({at, written, m, std::move(files)});
}

void annotate_mapped_includes(LintJob& job) {
    if (job.mapped_includes.empty()) return;
    for (auto& f : job.sink.findings()) {
        if (!f.primary.file) continue;
        for (const auto& r : job.mapped_includes) {
            if (std::find(r.files.begin(), r.files.end(), f.primary.file) == r.files.end()) continue;
            f.related.push_back({r.at, "this file was read for the include of " + dq(r.written) + ", resolved to " +
                                           dq(r.mapped.path) + " " + r.mapped.how});
            break;
        }
    }
}

}  // namespace cachelint
