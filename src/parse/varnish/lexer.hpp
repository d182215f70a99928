// VCL tokenizer, after libvcc's vcc_Lexer() (varnish 7.1 lib/libvcc/vcc_token.c): comments (`#`, `//`,
// non-nesting `/* */`), strings (`"..."` on one line, `{"..."}` and `"""..."""` across lines, no escapes),
// inline C `C{ }C`, BLOB literals `:base64:`, numbers (CNUM/FNUM), identifiers `[A-Za-z][A-Za-z0-9_-]*`
// (the `.` between name parts is its own token) and the fixed operator tokens.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cachelint::varnish {

enum class Tok { Id, CNum, FNum, CStr, Blob, CSrc, Op, Eoi };

struct Token {
    Tok kind = Tok::Eoi;
    const SourceFile* file = nullptr;
    uint32_t begin = 0, end = 0;              // the whole token
    uint32_t value_begin = 0, value_end = 0;  // a string's contents without its delimiters

    std::string_view text() const { return file ? file->text().substr(begin, end - begin) : std::string_view{}; }
    std::string_view value() const { return file->text().substr(value_begin, value_end - value_begin); }
    Span span() const { return {file, begin, end}; }
    bool is(std::string_view op) const { return kind == Tok::Op && text() == op; }
};

struct LexError {
    Span where;
    std::string message;
};

// Tokenizes one file. On the first error (as vcc does) it stops and returns the error; the tokens
// before it are kept. No Eoi token is appended.
// pre7_numbers: numbers as varnish 6.0 reads them (before 7.0 limited them to RFC 8941: at most 15 digits and
// 3 decimals).
bool lex_vcl(const SourceFile& file, std::vector<Token>& out, LexError& error, bool pre7_numbers = false);

}  // namespace cachelint::varnish
