// Writes a file atomically: a temporary file beside it, then rename(2). A reader never sees half
// a report, and a failed write never destroys the previous file.
#pragma once
#include <string>
#include <string_view>

namespace cachelint {
// Returns "" on success, else the reason. New files get mode 0644; a fix passes the mode of the file it replaces.
std::string write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0644);
}
