// A minimal JSON writer. Every string goes through valid_utf8(), so invalid bytes quoted from a
// config can never produce invalid JSON or SARIF.
#pragma once
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint {

class JsonWriter {
public:
    explicit JsonWriter(std::ostream& os, bool pretty = true) : os_(os), pretty_(pretty) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(long long n);
    JsonWriter& value(unsigned long long n);
    JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(unsigned n) { return value(static_cast<unsigned long long>(n)); }
    JsonWriter& value(unsigned long n) { return value(static_cast<unsigned long long>(n)); }
    JsonWriter& value(bool b);
    JsonWriter& null();
    template <class T>
    JsonWriter& field(std::string_view k, const T& v) {
        key(k);
        return value(v);
    }

private:
    void before_value();
    void newline();
    std::ostream& os_;
    bool pretty_;
    struct Level {
        bool array;
        bool first;
    };
    std::vector<Level> stack_;
    bool after_key_ = false;
};

std::string json_escape(std::string_view s);

}  // namespace cachelint
