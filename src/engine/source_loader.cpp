#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string_view>

#include "core/text.hpp"
#include "core/lint_job.hpp"

namespace cachelint {

namespace {
// One job (a main file and everything it includes) reads at most this many files, and at most
// this many times --max-file-size bytes in all: an include bomb stops with a clear reason instead
// of exhausting time or memory.
constexpr size_t kMaxFilesPerJob = 10000;
constexpr uint64_t kMaxBytesPerJobFactor = 4;

}  // namespace

SourceLoader::Loaded SourceLoader::load(const std::string& path) {
    if (handed_files_ >= kMaxFilesPerJob)
        return {nullptr, "not read: this check already read " + std::to_string(kMaxFilesPerJob) +
                             " files through includes (an include bomb?)"};
    // Open without blocking and check the opened file itself: a FIFO or device (or a file swapped
    // for one after discovery) must neither block nor be read forever.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return {nullptr, std::strerror(errno)};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return {nullptr, std::strerror(errno)};
    if (S_ISDIR(st.st_mode)) return {nullptr, "is a directory"};
    if (!S_ISREG(st.st_mode)) return {nullptr, "not a regular file"};
    // One physical file (device and inode: every spelling and symlink of its path) is read once per job:
    // reading a snippet included three times would cost three copies of its text and give its findings
    // three different files. The inode is asked of the opened file, so no realpath() walk is needed.
    const std::pair<uint64_t, uint64_t> id{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
    const uint64_t budget = options_.max_file_size * kMaxBytesPerJobFactor;
    auto over_budget = [&] {
        return Loaded{nullptr, "not read: this check already read " + std::to_string(handed_bytes_) +
                                   " bytes through includes, the limit is " + std::to_string(budget) + " (4 x --max-file-size)"};
    };
    if (auto it = by_inode_.find(id); it != by_inode_.end()) {
        const uint64_t size = it->second->text().size();
        if (handed_bytes_ + size > budget) return over_budget();
        ++handed_files_, handed_bytes_ += size;
        return {it->second, {}};
    }
    if (static_cast<uint64_t>(st.st_size) > options_.max_file_size)
        return {nullptr, "file is " + std::to_string(st.st_size) + " bytes, over the --max-file-size limit of " +
                             std::to_string(options_.max_file_size)};
    if (handed_bytes_ + static_cast<uint64_t>(st.st_size) > budget) return over_budget();
    std::string text;
    text.reserve(static_cast<size_t>(st.st_size));
    // A file may grow between fstat and read (logs, /proc): read the rest, still bounded.
    char buf[65536];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return {nullptr, std::string("read error: ") + std::strerror(errno)};
        }
        if (n == 0) break;
        text.append(buf, static_cast<size_t>(n));
        if (text.size() > options_.max_file_size) return {nullptr, "file grew past the --max-file-size limit"};
    }
    // The job's main file only (loaded first; stdin is adopted, never loaded): an included file is read as
    // the server reads it, and its parser reports what it finds.
    if (files_.empty() && looks_binary(text)) return {nullptr, "binary file, not checked"};
    ++reads_;
    ++handed_files_, handed_bytes_ += text.size();
    const SourceFile* file = adopt(path, std::move(text));
    by_inode_.emplace(id, file);
    return {file, {}};
}

const SourceFile* SourceLoader::adopt(std::string path, std::string text) {
    files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
    return files_.back().get();
}

}  // namespace cachelint
