#include "core/includes.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

namespace cachelint {

bool has_glob_chars(std::string_view p) { return p.find_first_of("*?[") != std::string_view::npos; }

namespace {
// glob(3) walks every directory a pattern can reach: `/*/*/*/*/*/*` lists millions of entries. The
// directory functions below count the entries read and stop at a budget, so a crafted pattern
// costs bounded time and memory. Thread-local: jobs run on several threads.
constexpr size_t kGlobEntryBudget = 200000;
thread_local size_t glob_entries_left = 0;
thread_local bool glob_exhausted = false;
void* glob_opendir(const char* p) { return glob_exhausted ? nullptr : ::opendir(p); }
struct dirent* glob_readdir(void* d) {
    if (glob_entries_left == 0) {
        glob_exhausted = true;
        return nullptr;
    }
    --glob_entries_left;
    return ::readdir(static_cast<DIR*>(d));
}
void glob_closedir(void* d) { ::closedir(static_cast<DIR*>(d)); }
int glob_lstat(const char* p, struct stat* st) { return ::lstat(p, st); }
int glob_stat(const char* p, struct stat* st) { return ::stat(p, st); }
}  // namespace

std::vector<std::string> expand_glob(const std::string& pattern, size_t limit, bool* truncated) {
    std::vector<std::string> out;
    glob_t g{};
    g.gl_opendir = glob_opendir;
    g.gl_readdir = glob_readdir;
    g.gl_closedir = glob_closedir;
    g.gl_lstat = glob_lstat;
    g.gl_stat = glob_stat;
    glob_entries_left = kGlobEntryBudget;
    glob_exhausted = false;
    if (::glob(pattern.c_str(), GLOB_ALTDIRFUNC, nullptr, &g) == 0)
        for (size_t i = 0; i < g.gl_pathc && out.size() < limit; ++i) out.emplace_back(g.gl_pathv[i]);
    const bool cut = glob_exhausted || g.gl_pathc > limit;
    ::globfree(&g);
    if (truncated) *truncated = cut;
    std::sort(out.begin(), out.end());
    return out;
}

std::string directory_of(const std::string& path) {
    auto pos = path.find_last_of('/');
    if (pos == std::string::npos) return ".";
    return pos == 0 ? "/" : path.substr(0, pos);
}

std::string join_path(const std::string& dir, const std::string& rel) {
    if (rel.empty() || rel[0] == '/' || dir.empty()) return rel;
    if (dir == ".") return rel;
    std::string joined = dir.back() == '/' ? dir + rel : dir + "/" + rel;
    if (joined.find("/..") == std::string::npos && joined.find("/./") == std::string::npos) return joined;
    // "conf.d/../conf.d/x.conf" reads better as "conf.d/x.conf", and one file must not be reported
    // under two names; but only when both spellings reach the same file (symlinks can differ).
    std::string tidy = std::filesystem::path(joined).lexically_normal().string();
    if (!tidy.empty() && canonical_path(tidy) == canonical_path(joined)) return tidy;
    return joined;
}

std::string canonical_path(const std::string& path) {
    char buf[PATH_MAX];
    return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

std::string describe(IncludeRefusal r, const std::string& path) {
    switch (r) {
        case IncludeRefusal::none: return {};
        case IncludeRefusal::cycle: return "include cycle: " + path + " includes itself";
        case IncludeRefusal::too_deep: return "includes nested deeper than " + std::to_string(IncludeGuard::kMaxDepth) + " levels";
        case IncludeRefusal::too_many: return "more than " + std::to_string(IncludeGuard::kMaxFiles) + " included files";
    }
    return {};
}

IncludeRefusal IncludeGuard::enter_path(const std::string& path) {
    // Every attempt counts, refused ones too: a glob that includes itself makes millions of them.
    if (exhausted_ || ++attempts_ > 4 * kMaxFiles) {
        exhausted_ = true;
        return IncludeRefusal::too_many;
    }
    if (stack_.empty()) {
        if (++total_ > kMaxFiles) {
            exhausted_ = true;
            return IncludeRefusal::too_many;
        }
        stack_.push_back(path);
        canonical_ = 0;
        return IncludeRefusal::none;
    }
    for (; canonical_ < stack_.size(); ++canonical_) stack_[canonical_] = canonical_path(stack_[canonical_]);
    const std::string canon = canonical_path(path);
    if (std::find(stack_.begin(), stack_.end(), canon) != stack_.end()) return IncludeRefusal::cycle;
    if (stack_.size() >= kMaxDepth) return IncludeRefusal::too_deep;
    if (++total_ > kMaxFiles) {
        exhausted_ = true;
        return IncludeRefusal::too_many;
    }
    stack_.push_back(canon);
    canonical_ = stack_.size();
    return IncludeRefusal::none;
}

void IncludeGuard::leave() {
    if (!stack_.empty()) stack_.pop_back();
    canonical_ = std::min(canonical_, stack_.size());
}

}  // namespace cachelint
