#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

#include "engine/lint_job.hpp"

namespace cachelint {

SourceLoader::Loaded SourceLoader::load(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {nullptr, std::strerror(errno)};
    if (S_ISDIR(st.st_mode)) return {nullptr, "is a directory"};
    if (!S_ISREG(st.st_mode)) return {nullptr, "not a regular file"};
    if (static_cast<uint64_t>(st.st_size) > options_.max_file_size)
        return {nullptr, "file is " + std::to_string(st.st_size) + " bytes, over the --max-file-size limit of " +
                             std::to_string(options_.max_file_size)};
    std::ifstream in(path, std::ios::binary);
    if (!in) return {nullptr, std::strerror(errno)};
    std::string text;
    text.resize(static_cast<size_t>(st.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) return {nullptr, std::strerror(errno)};
    text.resize(static_cast<size_t>(in.gcount()));
    // A file may grow between stat and read (logs, pipes): read the rest, still bounded.
    char extra[4096];
    while (in.read(extra, sizeof extra) || in.gcount() > 0) {
        text.append(extra, static_cast<size_t>(in.gcount()));
        if (text.size() > options_.max_file_size) return {nullptr, "file grew past the --max-file-size limit"};
    }
    return {adopt(path, std::move(text)), {}};
}

const SourceFile* SourceLoader::adopt(std::string path, std::string text) {
    files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
    return files_.back().get();
}

}  // namespace cachelint
