#include "core/includes.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <glob.h>

namespace cachelint {

bool has_glob_chars(std::string_view p) { return p.find_first_of("*?[") != std::string_view::npos; }

std::vector<std::string> expand_glob(const std::string& pattern, size_t limit) {
    std::vector<std::string> out;
    glob_t g{};
    if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
        for (size_t i = 0; i < g.gl_pathc && out.size() < limit; ++i) out.emplace_back(g.gl_pathv[i]);
    ::globfree(&g);
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
    return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

std::string canonical_path(const std::string& path) {
    char buf[PATH_MAX];
    return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

std::string IncludeGuard::enter(const std::string& path) {
    if (stack_.empty()) {
        if (++total_ > kMaxFiles) return "more than " + std::to_string(kMaxFiles) + " included files";
        stack_.push_back(path);
        canonical_ = 0;
        return {};
    }
    for (; canonical_ < stack_.size(); ++canonical_) stack_[canonical_] = canonical_path(stack_[canonical_]);
    const std::string canon = canonical_path(path);
    if (std::find(stack_.begin(), stack_.end(), canon) != stack_.end()) return "include cycle: " + path + " includes itself";
    if (stack_.size() >= kMaxDepth) return "includes nested deeper than " + std::to_string(kMaxDepth) + " levels";
    if (++total_ > kMaxFiles) return "more than " + std::to_string(kMaxFiles) + " included files";
    stack_.push_back(canon);
    canonical_ = stack_.size();
    return {};
}

void IncludeGuard::leave() {
    if (!stack_.empty()) stack_.pop_back();
    canonical_ = std::min(canonical_, stack_.size());
}

}  // namespace cachelint
