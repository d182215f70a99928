// Command lines as the container runtimes and shells build them: variable expansion (compose ${VAR},
// ${VAR:-default} and $$; Kubernetes $(VAR)), POSIX shell word splitting, with every character's offset in
// the file kept, so each argument can be reported where it is written.
#pragma once
#include <string>
#include <vector>

#include "parse/embedded/yaml.hpp"

namespace cachelint::embedded {

struct Word {
    Mapped m;  // the argument's characters (m.text is its value)
    bool opaque() const;
    uint32_t begin() const { return m.at.empty() ? 0 : m.at.front(); }
    uint32_t end() const { return m.at.empty() ? 0 : m.at.back() + 1; }
    const std::string& value() const { return m.text; }
    bool separator = false;  // a shell command separator (;, &&, ||, |, &, a line break)
};

enum class Interp { none, compose, kubernetes, systemd };

// Variables the file cannot resolve become opaque characters (their own text); compose defaults
// (${VAR:-x}, ${VAR-x}) become the default's characters when not empty.
Mapped expand(const Mapped& in, Interp how);

// POSIX shell word splitting with quote removal. `shell` also ends commands at ; && || | & and line
// breaks (separator words) and treats $VAR, ${...}, $(...) and `...` as unknown values.
std::vector<Word> split_words(const Mapped& in, bool shell);

// The scalar as one argument (an exec-form list item), variables expanded.
Word scalar_word(const YNode& n, std::string_view file, Interp how);

// "512m", "1g", "1gb" (Docker, binary units) and "100Mi", "1G", "1.5Gi", "129e6" (Kubernetes quantities).
std::optional<uint64_t> docker_bytes(std::string_view s);
std::optional<uint64_t> k8s_bytes(std::string_view s);
// systemd MemoryMax=/MemoryLimit=: bytes with K, M, G, T (1024-based), or "infinity".
std::optional<uint64_t> systemd_bytes(std::string_view s);

}  // namespace cachelint::embedded
