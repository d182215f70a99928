#include "core/atomic_file.hpp"

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace cachelint {
namespace {

std::string error_text(int err) { return std::strerror(err); }

// Writes all of `content` to `fd`; returns 0 or errno.
int write_all(int fd, std::string_view content) {
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<size_t>(n);
    }
    return 0;
}

std::optional<int> parse_fd(std::string_view s) {
    int fd = -1;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), fd);
    if (ec != std::errc() || end != s.data() + s.size() || fd < 0) return std::nullopt;
    return fd;
}

// Removes "." components and repeated slashes (not ".."), so "/dev//./stdout" is recognised too.
std::string tidy(const std::string& path) {
    std::string out;
    size_t i = 0;
    while (i < path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        std::string_view part(path.data() + i, j - i);
        if (part.empty() || part == ".") {
            if (out.empty() && i == 0 && j < path.size()) out = "/";
        } else {
            if (!out.empty() && out.back() != '/') out += '/';
            out += part;
        }
        i = j + 1;
    }
    if (out.empty()) return path;
    return out;
}

// The descriptor a path names when it is one of the process's own: /dev/stdout, /dev/stderr, /dev/fd/N,
// /proc/self/fd/N, /proc/thread-self/fd/N, /proc/<own pid>/fd/N, however reached. Those are "magic"
// links: what they point to (a pipe, a socket, a terminal) may have no path at all, and opening them
// anew would lose the descriptor's offset, so they are written through the descriptor itself.
std::optional<int> own_descriptor(const std::string& path) {
    const std::string tidied = tidy(path);
    if (tidied == "/dev/stdout") return 1;
    if (tidied == "/dev/stderr") return 2;
    const auto slash = tidied.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : tidied.substr(0, slash);
    const std::string_view name = slash == std::string::npos ? std::string_view(tidied) : std::string_view(tidied).substr(slash + 1);
    auto fd = parse_fd(name);
    if (!fd) return std::nullopt;
    char* real = ::realpath(dir.c_str(), nullptr);
    if (!real) return std::nullopt;
    const std::string r = real;
    std::free(real);
    const std::string own = "/proc/" + std::to_string(::getpid());
    if (r == own + "/fd") return fd;  // /proc/self/fd, /dev/fd
    if (r.starts_with(own + "/task/") && r.ends_with("/fd")) return fd;  // /proc/thread-self/fd
    return std::nullopt;
}

int write_to_descriptor(int fd, std::string_view content) {
    if (::fcntl(fd, F_GETFD) < 0) return errno;
    return write_all(fd, content);
}

// A socket cannot be open(2)ed: connect to it and send the content (stream, else datagram).
int write_to_socket(const std::string& path, std::string_view content) {
    sockaddr_un addr{};
    if (path.size() >= sizeof(addr.sun_path)) return ENAMETOOLONG;
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    int last = ECONNREFUSED;
    for (int type : {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM}) {
        int fd = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        if (fd < 0) return errno;
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
            last = errno;
            ::close(fd);
            if (last == EPROTOTYPE) continue;
            return last;
        }
        int err = write_all(fd, content);
        ::close(fd);
        return err;
    }
    return last;
}

// A device or a FIFO: opened and written where it is, never truncated or replaced.
int write_in_place(const std::string& path, std::string_view content) {
    int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = write_all(fd, content);
    if (::close(fd) != 0 && err == 0) err = errno;
    return err;
}

// A temporary file in the target's folder, renamed over it. `existing`: the file replaced, whose
// permission bits (and owner, when allowed) the new one keeps.
std::string replace_atomically(const std::string& path, std::string_view content, unsigned mode, const struct stat* existing) {
    std::string tmp = path + ".cachelint-XXXXXX";
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) return error_text(errno);
    if (int err = write_all(fd, content)) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return error_text(err);
    }
    if (existing) {
        mode = existing->st_mode & 07777;
        // Root rewriting someone else's file must not take it over; fails harmlessly for others.
        if (existing->st_uid != ::geteuid() || existing->st_gid != ::getegid()) {
            [[maybe_unused]] int ignored = ::fchown(fd, existing->st_uid, existing->st_gid);
        }
    }
    ::fchmod(fd, static_cast<mode_t>(mode));
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        std::string err = error_text(errno);
        ::unlink(tmp.c_str());
        return err;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string err = error_text(errno);
        ::unlink(tmp.c_str());
        return err;
    }
    return {};
}

std::string parent_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return "";
    return slash == 0 ? "/" : path.substr(0, slash + 1);
}

}  // namespace

std::string write_file_atomically(const std::string& path, std::string_view content, unsigned mode) {
    std::string target = path;
    // Follow symlinks one step at a time (each relative target against its link's folder), so the
    // file finally written is the one the link names, in that file's own folder.
    for (int hops = 0;; ++hops) {
        if (auto fd = own_descriptor(target)) {
            if (int err = write_to_descriptor(*fd, content)) return error_text(err);
            return {};
        }
        struct stat st {};
        if (::lstat(target.c_str(), &st) != 0) {
            if (errno != ENOENT) return error_text(errno);
            return replace_atomically(target, content, mode, nullptr);  // a new file (or a dangling link's target)
        }
        if (S_ISLNK(st.st_mode)) {
            if (hops >= 40) return error_text(ELOOP);
            std::string link(PATH_MAX, '\0');
            ssize_t n = ::readlink(target.c_str(), link.data(), link.size());
            if (n < 0) return error_text(errno);
            link.resize(static_cast<size_t>(n));
            target = link.starts_with('/') ? link : parent_of(target) + link;
            continue;
        }
        if (S_ISREG(st.st_mode)) return replace_atomically(target, content, mode, &st);
        if (S_ISDIR(st.st_mode)) return error_text(EISDIR);
        if (S_ISSOCK(st.st_mode)) {
            if (int err = write_to_socket(target, content)) return error_text(err);
            return {};
        }
        // Character and block devices, FIFOs.
        if (int err = write_in_place(target, content)) return error_text(err);
        return {};
    }
}

}  // namespace cachelint
