#include "parse/embedded/words.hpp"

#include <cctype>
#include <cmath>

namespace cachelint::embedded {

bool Word::opaque() const {
    for (bool o : m.opaque)
        if (o) return true;
    return false;
}

namespace {
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
void copy(Mapped& out, const Mapped& in, size_t b, size_t e, bool opaque) {
    for (size_t i = b; i < e && i < in.text.size(); ++i) out.push(in.text[i], in.at[i], opaque || in.opaque[i]);
}
}  // namespace

Mapped expand(const Mapped& in, Interp how) {
    Mapped out;
    const std::string& s = in.text;
    for (size_t i = 0; i < s.size();) {
        if (how == Interp::compose && s[i] == '$') {
            if (i + 1 < s.size() && s[i + 1] == '$') {  // $$: a literal $
                out.push('$', in.at[i], in.opaque[i]);
                i += 2;
                continue;
            }
            if (i + 1 < s.size() && s[i + 1] == '{') {
                size_t close = s.find('}', i + 2);
                if (close == std::string::npos) close = s.size() - 1;
                const std::string body = s.substr(i + 2, close - i - 2);
                size_t op = body.find_first_of(":-?+");
                if (op != std::string::npos) {
                    const size_t d = body[op] == ':' ? op + 1 : op;
                    const bool dflt = d < body.size() && body[d] == '-';
                    const size_t vb = i + 2 + d + 1;
                    if (dflt && vb < close) {  // the default's own characters, still an unknown value
                        copy(out, in, vb, close, true);
                        i = close + 1;
                        continue;
                    }
                }
                copy(out, in, i, close + 1, true);
                i = close + 1;
                continue;
            }
            size_t e = i + 1;
            while (e < s.size() && name_char(s[e])) ++e;
            if (e > i + 1) {
                copy(out, in, i, e, true);
                i = e;
                continue;
            }
        }
        if (how == Interp::kubernetes && s[i] == '$' && i + 1 < s.size()) {
            if (s[i + 1] == '$' && i + 2 < s.size() && s[i + 2] == '(') {  // $$(VAR): a literal $(VAR)
                out.push('$', in.at[i], in.opaque[i]);
                i += 2;
                continue;
            }
            if (s[i + 1] == '(') {
                size_t close = s.find(')', i + 2);
                if (close != std::string::npos) {
                    copy(out, in, i, close + 1, true);
                    i = close + 1;
                    continue;
                }
            }
        }
        if (how == Interp::systemd) {
            if (s[i] == '%' && i + 1 < s.size()) {  // specifiers (%i, %n, %%)
                if (s[i + 1] == '%') {
                    out.push('%', in.at[i], in.opaque[i]);
                    i += 2;
                    continue;
                }
                copy(out, in, i, i + 2, true);
                i += 2;
                continue;
            }
        }
        out.push(s[i], in.at[i], in.opaque[i]);
        ++i;
    }
    return out;
}

std::vector<Word> split_words(const Mapped& in, bool shell) {
    std::vector<Word> out;
    const std::string& s = in.text;
    Word cur;
    bool have = false;  // a word started (even an empty quoted one)
    auto flush = [&] {
        if (have) out.push_back(std::move(cur));
        cur = Word{};
        have = false;
    };
    auto sep = [&](size_t at) {
        flush();
        Word w;
        w.separator = true;
        w.m.push(';', in.at[at]);
        if (out.empty() || !out.back().separator) out.push_back(std::move(w));
    };
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !shell)) {
            flush();
            continue;
        }
        if (shell && (c == '\n' || c == ';' || c == '|' || c == '&')) {
            if (c == '&' && i + 1 < s.size() && s[i + 1] == '>') {  // &> redirection: part of the command
                flush();
                continue;
            }
            sep(i);
            if (i + 1 < s.size() && (s[i + 1] == c)) ++i;
            continue;
        }
        if (shell && c == '#' && !have) {  // a comment to the end of the line
            while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
            continue;
        }
        if (c == '\'') {
            have = true;
            // The quotes themselves belong to the argument's span.
            if (cur.m.at.empty()) cur.m.at.reserve(8);
            size_t j = i + 1;
            while (j < s.size() && s[j] != '\'') cur.m.push(s[j], in.at[j], in.opaque[j]), ++j;
            if (cur.m.text.empty()) cur.m.push('\0', in.at[i], true), cur.m.text.clear(), cur.m.at.assign(1, in.at[i]);
            i = j;
            continue;
        }
        if (c == '"') {
            have = true;
            size_t j = i + 1;
            const size_t before = cur.m.text.size();
            while (j < s.size() && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < s.size() && std::string_view("\"\\$`\n").find(s[j + 1]) != std::string_view::npos) {
                    if (s[j + 1] != '\n') cur.m.push(s[j + 1], in.at[j], in.opaque[j + 1]);
                    j += 2;
                    continue;
                }
                if (shell && (s[j] == '$' || s[j] == '`') && j + 1 < s.size() &&
                    (name_char(s[j + 1]) || s[j + 1] == '{' || s[j + 1] == '(' || s[j] == '`')) {
                    const size_t b = j;
                    const char open = s[j] == '`' ? '`' : s[j + 1];
                    if (open == '{' || open == '(' || open == '`') {
                        const char close = open == '{' ? '}' : open == '(' ? ')' : '`';
                        j = s.find(close, j + 2);
                        j = j == std::string::npos ? s.size() : j + 1;
                    } else {
                        ++j;
                        while (j < s.size() && name_char(s[j])) ++j;
                    }
                    for (size_t k = b; k < j; ++k) cur.m.push(s[k], in.at[k], true);
                    continue;
                }
                cur.m.push(s[j], in.at[j], in.opaque[j]);
                ++j;
            }
            if (cur.m.text.size() == before && before == 0) cur.m.at.assign(1, in.at[i]), cur.m.opaque.assign(1, false), cur.m.text.clear();
            i = j;
            continue;
        }
        if (c == '\\' && i + 1 < s.size()) {
            have = true;
            if (s[i + 1] != '\n') cur.m.push(s[i + 1], in.at[i], in.opaque[i + 1]);
            ++i;
            continue;
        }
        if (shell && (c == '$' || c == '`') && i + 1 < s.size() &&
            (name_char(s[i + 1]) || s[i + 1] == '{' || s[i + 1] == '(' || c == '`')) {
            have = true;
            const size_t b = i;
            const char open = c == '`' ? '`' : s[i + 1];
            size_t j;
            if (open == '{' || open == '(' || open == '`') {
                const char close = open == '{' ? '}' : open == '(' ? ')' : '`';
                j = s.find(close, i + 2);
                j = j == std::string::npos ? s.size() : j + 1;
            } else {
                j = i + 1;
                while (j < s.size() && name_char(s[j])) ++j;
            }
            for (size_t k = b; k < j; ++k) cur.m.push(s[k], in.at[k], true);
            i = j - 1;
            continue;
        }
        have = true;
        cur.m.push(c, in.at[i], in.opaque[i]);
    }
    flush();
    // An empty quoted argument ('' or "") keeps one offset for its place, but no characters.
    for (auto& w : out)
        if (w.m.text.empty()) {
            w.m.opaque.resize(w.m.at.size(), false);
        }
    return out;
}

Word scalar_word(const YNode& n, std::string_view file, Interp how) {
    Word w;
    w.m = expand(map_scalar(n, file), how);
    // A block scalar's final line break is part of the value; an argv item keeps it, but no server option
    // value is meant to end in one.
    while (!w.m.text.empty() && w.m.text.back() == '\n' && n.style != ScalarStyle::double_quoted) {
        w.m.text.pop_back(), w.m.at.pop_back(), w.m.opaque.pop_back();
    }
    if (w.m.at.empty()) w.m.at.push_back(n.begin), w.m.opaque.push_back(false);
    return w;
}

namespace {
std::optional<std::pair<double, std::string>> number_and_unit(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    double v = 0;
    try {
        v = std::stod(std::string(s.substr(0, i)));
    } catch (...) {
        return std::nullopt;
    }
    return std::make_pair(v, std::string(s.substr(i)));
}
}  // namespace

std::optional<uint64_t> docker_bytes(std::string_view s) {
    auto nu = number_and_unit(s);
    if (!nu) return std::nullopt;
    std::string u;
    for (char c : nu->second) u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (u.ends_with("ib")) u.resize(u.size() - 2);
    else if (u.size() == 2 && u[1] == 'b') u.resize(1);
    double mult = 1;
    if (u.empty() || u == "b") mult = 1;
    else if (u == "k") mult = 1024.0;
    else if (u == "m") mult = 1024.0 * 1024;
    else if (u == "g") mult = 1024.0 * 1024 * 1024;
    else if (u == "t") mult = 1024.0 * 1024 * 1024 * 1024;
    else return std::nullopt;
    return static_cast<uint64_t>(nu->first * mult);
}

std::optional<uint64_t> k8s_bytes(std::string_view s) {
    if (auto e = s.find_first_of("eE"); e != std::string_view::npos && e + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[e + 1]))) {
        try {
            return static_cast<uint64_t>(std::stod(std::string(s)));
        } catch (...) {
            return std::nullopt;
        }
    }
    auto nu = number_and_unit(s);
    if (!nu) return std::nullopt;
    static const std::pair<const char*, double> units[] = {
        {"", 1},          {"k", 1e3},           {"M", 1e6},           {"G", 1e9},           {"T", 1e12},
        {"Ki", 1024.0},   {"Mi", 1048576.0},    {"Gi", 1073741824.0}, {"Ti", 1099511627776.0}, {"m", 1e-3}};
    for (const auto& [u, mult] : units)
        if (nu->second == u) return static_cast<uint64_t>(nu->first * mult);
    return std::nullopt;
}

std::optional<uint64_t> systemd_bytes(std::string_view s) {
    auto nu = number_and_unit(s);
    if (!nu || nu->second.find('%') != std::string::npos) return std::nullopt;
    static const std::pair<const char*, double> units[] = {
        {"", 1}, {"K", 1024.0}, {"M", 1048576.0}, {"G", 1073741824.0}, {"T", 1099511627776.0}};
    for (const auto& [u, mult] : units)
        if (nu->second == u) return static_cast<uint64_t>(nu->first * mult);
    return std::nullopt;
}

}  // namespace cachelint::embedded
