// httpd's line reader and word splitter (server/util.c), byte for byte:
//  * ap_cfg_getline: a backslash right before LF (or CR LF) joins the next physical line, as is;
//    then cfg_trim_line strips leading and trailing whitespace. A NUL byte ends a physical line's content
//    (httpd measures lines with strlen), and such a line never continues.
//  * ap_resolve_env: ${NAME} replaced on the whole logical line, before words are split.
//  * ap_getword_conf: whitespace-separated words; a word starting with " or ' runs to the matching quote
//    (unterminated: to the end of the line), where \\ and \<quote> are unescaped; in other words only \\.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint::apache {

// One logical line: its text (continuations joined, trimmed) and, per byte, the offset in the file.
struct LogicalLine {
    std::string text;
    std::vector<uint32_t> src;  // src[i] = file offset of text[i]; src[text.size()] = end offset
    uint32_t begin = 0, end = 0;  // file range the logical line covers (after trimming)
};

class LineReader {
public:
    explicit LineReader(std::string_view text) : text_(text) {}
    // Next logical line (possibly empty after trimming); false at end of input.
    bool next(LogicalLine& out);

private:
    std::string_view text_;
    size_t pos_ = 0;
};

// ${NAME} substitution. `lookup` returns nullptr when NAME is undefined: then the text is kept as is.
// Returns true when something was substituted.
bool resolve_env(LogicalLine& line, const std::function<const std::string*(std::string_view)>& lookup);

struct RawWord {
    std::string value;
    uint32_t begin = 0, end = 0;  // positions in the logical line text
    bool quoted = false;
};

// Splits `s` from `pos` the way ap_getword_conf does, repeatedly, until the end of the line.
std::vector<RawWord> split_words(std::string_view s, size_t pos = 0);
// One ap_getword_conf call: the word at `pos` (skipping leading space); `pos` moves past trailing space.
RawWord getword_conf(std::string_view s, size_t& pos);

inline bool ap_isspace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace cachelint::apache
