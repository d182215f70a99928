#include "core/paths.hpp"

#include <climits>
#include <unistd.h>

namespace cachelint {

std::string current_directory() {
    char buf[PATH_MAX];
    if (!::getcwd(buf, sizeof buf)) return "/";
    return buf;
}

std::string relative_to(const std::string& path, const std::string& dir) {
    std::string p = path;
    if (!dir.empty() && dir != "/" && p.size() > dir.size() && p.compare(0, dir.size(), dir) == 0 && p[dir.size()] == '/')
        p = p.substr(dir.size() + 1);
    while (p.rfind("./", 0) == 0) p.erase(0, 2);
    return p;
}

std::string relative_to_cwd(const std::string& path) { return relative_to(path, current_directory()); }

}  // namespace cachelint
