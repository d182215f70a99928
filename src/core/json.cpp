#include "core/json.hpp"

#include <cstdio>

#include "core/text.hpp"

namespace cachelint {

std::string json_escape(std::string_view raw) {
    const std::string s = valid_utf8(raw);
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
    return out;
}

void JsonWriter::newline() {
    if (!pretty_) return;
    os_ << '\n';
    for (size_t i = 0; i < stack_.size(); ++i) os_ << "  ";
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!stack_.empty()) {
        if (!stack_.back().first) os_ << ',';
        stack_.back().first = false;
        newline();
    }
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    os_ << '{';
    stack_.push_back({false, true});
    return *this;
}
JsonWriter& JsonWriter::end_object() {
    bool empty = stack_.back().first;
    stack_.pop_back();
    if (!empty) newline();
    os_ << '}';
    if (stack_.empty() && pretty_) os_ << '\n';
    return *this;
}
JsonWriter& JsonWriter::begin_array() {
    before_value();
    os_ << '[';
    stack_.push_back({true, true});
    return *this;
}
JsonWriter& JsonWriter::end_array() {
    bool empty = stack_.back().first;
    stack_.pop_back();
    if (!empty) newline();
    os_ << ']';
    return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
    before_value();
    os_ << json_escape(k) << (pretty_ ? ": " : ":");
    after_key_ = true;
    return *this;
}
JsonWriter& JsonWriter::value(std::string_view s) {
    before_value();
    os_ << json_escape(s);
    return *this;
}
JsonWriter& JsonWriter::value(long long n) {
    before_value();
    os_ << n;
    return *this;
}
JsonWriter& JsonWriter::value(unsigned long long n) {
    before_value();
    os_ << n;
    return *this;
}
JsonWriter& JsonWriter::value(bool b) {
    before_value();
    os_ << (b ? "true" : "false");
    return *this;
}
JsonWriter& JsonWriter::null() {
    before_value();
    os_ << "null";
    return *this;
}

}  // namespace cachelint
