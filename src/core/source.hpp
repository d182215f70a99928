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
    // What the parsers read. For a masked file (see mask()) this is the parse view, not the bytes on disk.
    std::string_view text() const { return text_; }
    // What the file holds: reports quote this (snippets, fixes). Same as text() unless masked.
    std::string_view shown_text() const { return shown_.empty() && !masked_ ? std::string_view(text_) : std::string_view(shown_); }

    // A byte range whose value the file does not show: a template placeholder ({{ x }}, <%= x %>, ${x}),
    // a variable filled in at deploy time. Its value is unknown, never invalid.
    struct Range {
        uint32_t begin, end;
    };
    // Turns this file into a parse view: `parse_text` (same length and the same line breaks as the file,
    // so every offset, line and column stays the file's own) is what parsers read from now on; `opaque`
    // lists the unknown values in it. Used for templates (placeholders become neutral words, control
    // tags blanks) and for configurations embedded in other files (everything else blanked).
    void mask(std::string parse_text, std::vector<Range> opaque);
    // Sorts ranges by start and merges the overlapping ones: the form mask() and touches_opaque expect.
    static void sort_and_merge(std::vector<Range>& ranges);
    bool masked() const { return masked_; }
    const std::vector<Range>& opaque() const { return opaque_; }
    // True when [begin, end) touches an unknown value.
    bool touches_opaque(uint32_t begin, uint32_t end) const;
    // Text a template renders only under a condition ({% if x %} ... {% endif %}): what is found there
    // depends on a value the file does not show.
    void set_conditional(std::vector<Range> ranges);
    // The conditional range holding `offset` (the innermost: ranges nest), or nullptr.
    const Range* conditional_at(uint32_t offset) const;

    struct Position {
        uint32_t line;    // 1-based
        uint32_t column;  // 1-based, in Unicode code points (a tab counts as one)
    };
    Position position(uint32_t byte_offset) const;
    uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
    // The text of a 1-based line without its terminator (LF, and a CR before it), as parsers read it.
    std::string_view line_text(uint32_t line) const;
    // The same line as the file holds it (what a report quotes).
    std::string_view shown_line_text(uint32_t line) const;
    uint32_t line_start(uint32_t line) const { return line_starts_.at(line - 1); }

private:
    std::string path_;
    std::string text_;
    std::string shown_;  // the bytes on disk, once masked
    bool masked_ = false;
    std::vector<Range> opaque_;  // sorted by begin
    std::vector<Range> conditional_;
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
