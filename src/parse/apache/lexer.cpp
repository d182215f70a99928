#include "parse/apache/lexer.hpp"

#include <cstring>

namespace cachelint::apache {

bool LineReader::next(LogicalLine& out) {
    out.text.clear();
    out.src.clear();
    if (pos_ >= text_.size()) return false;
    // Physical lines are appended while one ends with a backslash right before its LF (or CR LF).
    while (pos_ < text_.size()) {
        size_t nl = text_.find('\n', pos_);
        const bool has_lf = nl != std::string_view::npos;
        size_t end = has_lf ? nl : text_.size();
        size_t content_end = end;
        bool cont = false;
        // apr_file_gets reads the whole physical line, but httpd then measures it with strlen(): a NUL
        // ends the line's content there, and the LF after it is unseen, so no continuation either.
        const void* nul = std::memchr(text_.data() + pos_, '\0', end - pos_);
        if (nul) {
            content_end = static_cast<size_t>(static_cast<const char*>(nul) - text_.data());
        } else if (has_lf) {
            size_t e = end;
            if (e > pos_ && text_[e - 1] == '\r') --e;
            // httpd tests cp > buf: the backslash may be the first byte of a continued physical line.
            if (e > pos_ && text_[e - 1] == '\\') {
                cont = true;
                content_end = e - 1;
            }
        }
        for (size_t i = pos_; i < content_end; ++i) {
            out.text.push_back(text_[i]);
            out.src.push_back(static_cast<uint32_t>(i));
        }
        pos_ = has_lf ? nl + 1 : text_.size();
        if (!cont) {
            if (!has_lf) {
                // keep whatever there is
            } else if (content_end == end) {
                // the LF itself (and a CR before it) are not part of the line
            }
            break;
        }
    }
    // cfg_trim_line: strip leading and trailing whitespace.
    size_t b = 0, e = out.text.size();
    while (b < e && ap_isspace(out.text[b])) ++b;
    while (e > b && ap_isspace(out.text[e - 1])) --e;
    const uint32_t end_off = e > b ? out.src[e - 1] + 1 : (b < out.src.size() ? out.src[b] : static_cast<uint32_t>(pos_));
    out.text = out.text.substr(b, e - b);
    out.src = std::vector<uint32_t>(out.src.begin() + static_cast<long>(b), out.src.begin() + static_cast<long>(e));
    out.src.push_back(end_off);
    out.begin = out.src.empty() ? end_off : out.src.front();
    out.end = end_off;
    return true;
}

bool resolve_env(LogicalLine& line, const std::function<const std::string*(std::string_view)>& lookup) {
    if (line.text.find('$') == std::string::npos) return false;
    std::string out;
    std::vector<uint32_t> src;
    bool changed = false;
    const std::string& s = line.text;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            size_t close = s.find('}', i);  // httpd: the first '}' after the '$', whatever lies between
            if (close != std::string::npos) {
                std::string_view name(s.data() + i + 2, close - i - 2);
                if (const std::string* v = lookup(name)) {
                    for (char c : *v) {
                        out.push_back(c);
                        src.push_back(line.src[i]);
                    }
                    changed = true;
                } else {
                    for (size_t k = i; k <= close; ++k) {
                        out.push_back(s[k]);
                        src.push_back(line.src[k]);
                    }
                }
                i = close + 1;
                continue;
            }
        }
        out.push_back(s[i]);
        src.push_back(line.src[i]);
        ++i;
    }
    if (!changed) return false;
    src.push_back(line.src.back());
    line.text = std::move(out);
    line.src = std::move(src);
    return true;
}

namespace {
std::string unescape(std::string_view s, char quote) {
    std::string r;
    r.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || (quote && s[i + 1] == quote))) {
            r.push_back(s[++i]);
        } else {
            r.push_back(s[i]);
        }
    }
    return r;
}
}  // namespace

RawWord getword_conf(std::string_view s, size_t& pos) {
    RawWord w;
    while (pos < s.size() && ap_isspace(s[pos])) ++pos;
    w.begin = w.end = static_cast<uint32_t>(pos);
    if (pos >= s.size()) return w;
    const char quote = s[pos];
    size_t end;
    if (quote == '"' || quote == '\'') {
        size_t p = pos + 1;
        while (p < s.size() && s[p] != quote) {
            if (s[p] == '\\' && p + 1 < s.size() && (s[p + 1] == quote || s[p + 1] == '\\')) p += 2;
            else ++p;
        }
        w.value = unescape(s.substr(pos + 1, p - pos - 1), quote);
        w.quoted = true;
        if (p < s.size() && s[p] == quote) ++p;
        end = p;
    } else {
        size_t p = pos;
        while (p < s.size() && !ap_isspace(s[p])) ++p;
        w.value = unescape(s.substr(pos, p - pos), 0);
        end = p;
    }
    w.end = static_cast<uint32_t>(end);
    pos = end;
    while (pos < s.size() && ap_isspace(s[pos])) ++pos;
    return w;
}

std::vector<RawWord> split_words(std::string_view s, size_t pos) {
    std::vector<RawWord> out;
    while (pos < s.size()) {
        RawWord w = getword_conf(s, pos);
        if (w.begin == w.end && !w.quoted) break;
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace cachelint::apache
