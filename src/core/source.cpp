#include "core/source.hpp"

#include <algorithm>
#include <stdexcept>

namespace cachelint {

void SourceFile::sort_and_merge(std::vector<Range>& ranges) {
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
    std::vector<Range> merged;
    for (const auto& r : ranges) {
        if (!merged.empty() && r.begin <= merged.back().end) merged.back().end = std::max(merged.back().end, r.end);
        else merged.push_back(r);
    }
    ranges = std::move(merged);
}

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

namespace {
std::string_view line_of(std::string_view text, const std::vector<uint32_t>& starts, uint32_t line) {
    if (line == 0 || line > starts.size()) return {};
    const uint32_t start = starts[line - 1];
    uint32_t end = line < starts.size() ? starts[line] - 1 : static_cast<uint32_t>(text.size());
    if (end > start && text[end - 1] == '\r') --end;
    return text.substr(start, end - start);
}
}  // namespace

std::string_view SourceFile::line_text(uint32_t line) const { return line_of(text_, line_starts_, line); }
std::string_view SourceFile::shown_line_text(uint32_t line) const { return line_of(shown_text(), line_starts_, line); }

void SourceFile::mask(std::string parse_text, std::vector<Range> opaque) {
    if (parse_text.size() != text_.size()) throw std::logic_error("a parse view must keep the file's length");
    for (size_t i = 0; i < text_.size(); ++i)
        if ((text_[i] == '\n') != (parse_text[i] == '\n')) throw std::logic_error("a parse view must keep the file's line breaks");
    if (!masked_) shown_ = std::move(text_);
    masked_ = true;
    text_ = std::move(parse_text);
    std::sort(opaque.begin(), opaque.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
    opaque_ = std::move(opaque);
}

bool SourceFile::touches_opaque(uint32_t begin, uint32_t end) const {
    // The first range that ends after `begin`; it touches when it starts before `end` (an empty span
    // touches a range it sits in).
    auto it = std::lower_bound(opaque_.begin(), opaque_.end(), begin, [](const Range& r, uint32_t b) { return r.end <= b; });
    for (; it != opaque_.end() && it->begin <= std::max(end, begin); ++it)
        if (it->begin < std::max(end, begin + 1) && it->end > begin) return true;
    return false;
}

void SourceFile::set_conditional(std::vector<Range> ranges) {
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
    conditional_ = std::move(ranges);
}

const SourceFile::Range* SourceFile::conditional_at(uint32_t offset) const {
    // Sorted by start; ranges nest or are disjoint, so the first range holding `offset` found walking back
    // from the last one that starts at or before it is the innermost.
    auto it = std::upper_bound(conditional_.begin(), conditional_.end(), offset,
                               [](uint32_t o, const Range& r) { return o < r.begin; });
    while (it != conditional_.begin()) {
        --it;
        if (offset < it->end) return &*it;
    }
    return nullptr;
}

}  // namespace cachelint
