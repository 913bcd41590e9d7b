#include "zip_writer.hpp"

#include "geo/error.hpp"
#include "missions/output_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>

namespace entente::app {

namespace {

void put16(std::string& o, unsigned v) {
    o += char(v & 0xff), o += char((v >> 8) & 0xff);
}
void put32(std::string& o, std::uint32_t v) {
    put16(o, v & 0xffff), put16(o, v >> 16);
}

std::string deflate_raw(const std::string& in, const std::string& path) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw geo::InputError(path, "cannot start compressing", geo::ErrorKind::Failed);
    std::string out(deflateBound(&z, uLong(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw geo::InputError(path, "cannot compress", geo::ErrorKind::Failed);
    return out;
}

} // namespace

std::pair<unsigned short, unsigned short> dos_date_time(std::time_t t) {
    std::tm tm{};
    localtime_r(&t, &tm);
    const int year = tm.tm_year + 1900;
    if (year < 1980) return {0, (1 << 5) | 1};
    if (year > 2107) return {(23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31};
    const unsigned time = unsigned(tm.tm_hour << 11 | tm.tm_min << 5 | std::min(tm.tm_sec, 59) / 2);
    const unsigned date = unsigned((year - 1980) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
    return {(unsigned short)time, (unsigned short)date};
}

void write_zip(const std::string& path, const std::vector<ZipEntry>& entries, std::time_t when) {
    const auto [dtime, ddate] = dos_date_time(when);
    std::string file, central;
    for (const auto& e : entries) {
        const std::string packed = deflate_raw(e.data, path);
        const std::uint32_t crc =
            std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), uInt(e.data.size())));
        const std::uint32_t offset = std::uint32_t(file.size());
        // Local header: version 2.0, UTF-8 names (bit 11), deflated.
        put32(file, 0x04034b50), put16(file, 20), put16(file, 0x0800), put16(file, 8);
        put16(file, dtime), put16(file, ddate), put32(file, crc);
        put32(file, std::uint32_t(packed.size())), put32(file, std::uint32_t(e.data.size()));
        put16(file, unsigned(e.name.size())), put16(file, 0);
        file += e.name;
        file += packed;
        // Its central directory record: made by Unix (3), a regular file, mode 0644.
        put32(central, 0x02014b50), put16(central, 3 << 8 | 20), put16(central, 20), put16(central, 0x0800);
        put16(central, 8), put16(central, dtime), put16(central, ddate), put32(central, crc);
        put32(central, std::uint32_t(packed.size())), put32(central, std::uint32_t(e.data.size()));
        put16(central, unsigned(e.name.size())), put16(central, 0), put16(central, 0), put16(central, 0);
        put16(central, 0), put32(central, 0100644u << 16), put32(central, offset);
        central += e.name;
    }
    const std::uint32_t cd_offset = std::uint32_t(file.size());
    file += central;
    put32(file, 0x06054b50), put16(file, 0), put16(file, 0);
    put16(file, unsigned(entries.size())), put16(file, unsigned(entries.size()));
    put32(file, std::uint32_t(central.size())), put32(file, cd_offset), put16(file, 0);
    // Beside the target, flushed, then renamed: no partial KMZ and no leftover on failure.
    missions::write_file_atomically(path, file);
}

} // namespace entente::app
