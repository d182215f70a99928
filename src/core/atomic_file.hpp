// Writes a file atomically: a temporary file beside it, then rename(2). A reader never sees half
// a report, and a failed write never destroys the previous file.
#pragma once
#include <string>
#include <string_view>

namespace cachelint {
// Returns "" on success, else the reason.
std::string write_file_atomically(const std::string& path, std::string_view content);
}
