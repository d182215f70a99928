// A source file read once into memory; every token elsewhere is a byte range into `text`.
// Line and column are derived on demand from a line index, never stored in tokens.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint {

class SourceFile {
public:
    SourceFile(std::string path, std::string text);

    const std::string& path() const { return path_; }  // as the user named it (or as an include resolved)
    std::string_view text() const { return text_; }

    struct Position {
        uint32_t line;    // 1-based
        uint32_t column;  // 1-based, in Unicode code points (a tab counts as one)
    };
    Position position(uint32_t byte_offset) const;
    uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
    // The text of a 1-based line without its terminator (LF, and a CR before it).
    std::string_view line_text(uint32_t line) const;
    uint32_t line_start(uint32_t line) const { return line_starts_.at(line - 1); }

private:
    std::string path_;
    std::string text_;
    std::vector<uint32_t> line_starts_;
};

// A byte range [begin, end) in one source file.
struct Span {
    const SourceFile* file = nullptr;
    uint32_t begin = 0;
    uint32_t end = 0;

    bool valid() const { return file != nullptr; }
    std::string_view text() const { return file ? file->text().substr(begin, end - begin) : std::string_view{}; }
};

}  // namespace cachelint
