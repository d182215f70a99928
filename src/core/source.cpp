#include "core/source.hpp"

#include <algorithm>
#include <stdexcept>

namespace cachelint {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    if (text_.size() > UINT32_MAX - 1) throw std::length_error("source file larger than 4 GiB");
    line_starts_.push_back(0);
    for (uint32_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

SourceFile::Position SourceFile::position(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<uint32_t>(it - line_starts_.begin());
    const uint32_t start = line_starts_[line - 1];
    uint32_t column = 1;
    for (uint32_t i = start; i < offset; ++i)
        // Count code points: every byte that is not a UTF-8 continuation byte starts one.
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    return {line, column};
}

std::string_view SourceFile::line_text(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const uint32_t start = line_starts_[line - 1];
    uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
    if (end > start && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(start, end - start);
}

}  // namespace cachelint
