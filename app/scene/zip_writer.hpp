// A small zip writer for KMZ files: entries deflated (zlib), stamped with a valid DOS date and time (the
// export's), names in UTF-8, the first entry first in the file as KMZ readers expect of doc.kml.
#pragma once
#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace entente::app {

struct ZipEntry {
    std::string name; // path inside the archive, '/' separated
    std::string data; // the bytes
};

// DOS date and time of a moment in local time, as zip entries record it: {time, date}. Years before 1980 are
// clamped to 1980-01-01 00:00, after 2107 to 2107-12-31 23:59:58.
std::pair<unsigned short, unsigned short> dos_date_time(std::time_t t);

// Writes `entries` to `path` (through PATH.part, renamed when complete), each dated `when`. Throws
// geo::InputError naming `path` when it cannot.
void write_zip(const std::string& path, const std::vector<ZipEntry>& entries, std::time_t when);

} // namespace entente::app
