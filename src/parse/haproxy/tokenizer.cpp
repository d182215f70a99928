#include "parse/haproxy/tokenizer.hpp"

#include <cctype>

namespace cachelint::haproxy {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
int hex_value(char c) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return c >= 'A' ? c - 'A' + 10 : c - '0';
}

}  // namespace

SplitResult split_line(std::string_view line) {
    SplitResult r;
    const size_t n = line.size();
    auto at = [&](size_t i) -> char { return i < n ? line[i] : '\0'; };
    bool squote = false, dquote = false;
    size_t quote_pos = 0;
    bool quote_open = false;
    RawWord cur;
    bool cur_started = false;  // the word has at least one raw byte (even if its value is empty)
    auto touch = [&](size_t i) {
        if (!cur_started) cur.begin = static_cast<uint32_t>(i), cur_started = true;
        cur.end = static_cast<uint32_t>(i + 1);
    };
    auto fail = [&](SplitError e, size_t pos) {
        r.error = e;
        r.error_at = static_cast<uint32_t>(pos);
        return r;
    };
    size_t i = 0;
    while (true) {
        const char c = at(i);
        if (c == '\0' || c == '\n' || c == '\r') break;
        if (c == '#' && !squote && !dquote) break;  // a comment, even in the middle of a word
        if (c == '"' && !squote) {
            dquote = !dquote;
            quote_open = dquote;
            quote_pos = i;
            touch(i);
            ++i;
            continue;
        }
        if (c == '\'' && !dquote) {
            squote = !squote;
            quote_open = squote;
            quote_pos = i;
            touch(i);
            ++i;
            continue;
        }
        if (c == '\\' && !squote) {
            const char next = at(i + 1);
            char out = c;
            size_t consumed = 1;
            switch (next) {
                case ' ': case '\\': out = next; consumed = 2; break;
                case 't': out = '\t'; consumed = 2; break;
                case 'n': out = '\n'; consumed = 2; break;
                case 'r': out = '\r'; consumed = 2; break;
                case '#': case '\'': case '"': out = next; consumed = 2; break;
                case '$':
                    if (dquote) out = next, consumed = 2;
                    break;
                case 'x':
                    if (!is_hex(at(i + 2)) || !is_hex(at(i + 3))) return fail(SplitError::hex, i);
                    out = static_cast<char>((hex_value(at(i + 2)) << 4) + hex_value(at(i + 3)));
                    consumed = 4;
                    break;
                default: break;  // not an escape: the backslash stays
            }
            touch(i);
            touch(i + consumed - 1);
            cur.value += out;
            i += consumed;
            continue;
        }
        if (is_space(c) && !squote && !dquote) {
            while (is_space(at(i))) ++i;  // isspace(): a '\r' inside a run of blanks is skipped too
            // HAProxy always emits a word here, even an empty one (e.g. after "" or '').
            r.words.push_back(std::move(cur));
            cur = RawWord{};
            cur_started = false;
            if (r.words.size() >= kMaxLineArgs) return fail(SplitError::too_many, i);
            continue;
        }
        if (c == '$' && dquote) {
            // An environment variable: "$NAME", "${NAME}", "${NAME-default}", "${NAME[*]}", "$.LINE".
            const size_t start = i;
            ++i;
            bool brace = false;
            size_t brace_pos = 0;
            if (at(i) == '{') brace = true, brace_pos = i, ++i;
            const char first = at(i);
            if (!std::isalpha(static_cast<unsigned char>(first)) && first != '_' && first != '.')
                return fail(SplitError::varname, i);
            const size_t name_begin = i;
            if (at(i) == '.') ++i;
            while (std::isalnum(static_cast<unsigned char>(at(i))) || at(i) == '_') ++i;
            const std::string_view name = line.substr(name_begin, i - name_begin);
            if (name[0] == '.' && name != ".LINE" && name != ".FILE" && name != ".SECTION")
                return fail(SplitError::varname, name_begin);
            if (at(i) == '[' && brace) {
                const size_t pos = i;
                if (at(i + 1) != '*' || at(i + 2) != ']') return fail(SplitError::expand, pos);
                i += 3;
            }
            if (brace) {
                if (at(i) == '-') {
                    while (i < n && at(i) != '}') ++i;  // parse_line scans to the real end of the line
                    if (at(i) != '}') return fail(SplitError::brace, brace_pos);
                } else if (at(i) != '}') {
                    return fail(SplitError::brace, brace_pos);
                }
                ++i;
            }
            touch(start);
            touch(i - 1);
            cur.value.append(line.substr(start, i - start));
            cur.env = true;
            continue;
        }
        touch(i);
        cur.value += c;
        ++i;
    }
    // No empty last word (after trailing spaces, or a final ""), as parse_line() does.
    if (!cur.value.empty()) r.words.push_back(std::move(cur));
    if (quote_open) return fail(SplitError::quote, quote_pos);
    return r;
}

}  // namespace cachelint::haproxy
