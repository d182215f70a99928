// GitHub code scanning's `primaryLocationLineHash` (codeql-action's src/fingerprints.ts, reimplemented):
// per line, a rolling hash of the next 100 characters that are not blanks, plus the occurrence count of
// that hash in the file. Emitting it ourselves makes alerts stable for SARIF uploaded through the REST
// API too, where GitHub computes nothing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace cachelint {

// One value per line of `text` (index 0 = line 1), with "\n", "\r\n" and "\r" all ending a line.
std::vector<std::string> primary_location_line_hashes(std::string_view text);

}  // namespace cachelint
