// A PNG encoder that compresses horizontal stripes of the image on all cores, as pigz does for gzip: each
// stripe is a raw deflate stream ending on a byte boundary (Z_SYNC_FLUSH), primed with the previous 32 KiB of
// filtered data, so the stripes concatenate into one valid zlib stream whose Adler-32 is combined from the
// stripes'. PNG encoding, not drawing, dominated a 4096² export on one core (docs/PERFORMANCE.md).
#include "png.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>

namespace entente::render {

namespace {

constexpr size_t kStripeBytes = size_t(1) << 20; // raw bytes per stripe: enough work per thread, many stripes
constexpr size_t kWindow = 32768;                // deflate's window: the dictionary carried across stripes
constexpr size_t kChunkBytes = size_t(1) << 22;  // IDAT chunk payload, well under PNG's 2^31 - 1

void put32(std::vector<unsigned char>& out, uint32_t v) {
    const unsigned char b[4] = {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
                                static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    out.insert(out.end(), b, b + 4);
}

void chunk(std::vector<unsigned char>& out, const char type[4], const unsigned char* data, size_t n) {
    put32(out, uint32_t(n));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    if (n) out.insert(out.end(), data, data + n);
    put32(out, uint32_t(crc32(0L, &out[start], uInt(n + 4))));
}

// Row y filtered with PNG's Up filter (type 2): the byte minus the one above it. Map images are mostly flat
// areas and horizontal edges, where Up compresses well and costs one subtraction a byte.
void filter_row(const unsigned char* rgba, size_t row_bytes, int y, unsigned char* out) {
    const unsigned char* cur = rgba + size_t(y) * row_bytes;
    out[0] = 2;
    if (y == 0) {
        std::memcpy(out + 1, cur, row_bytes);
        return;
    }
    const unsigned char* up = cur - row_bytes;
    for (size_t i = 0; i < row_bytes; ++i)
        out[1 + i] = static_cast<unsigned char>(cur[i] - up[i]);
}

struct Stripe {
    int y0 = 0, y1 = 0;
    std::vector<unsigned char> deflated;
    uLong adler = 1;
    size_t raw = 0;
    bool ok = false;
};

// Bytes `n` deflate to alone with `strategy` (raw stream, fresh window); SIZE_MAX on failure.
size_t deflated_size(const unsigned char* p, size_t n, int level, int strategy,
                     std::vector<unsigned char>& buf) {
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK) return SIZE_MAX;
    buf.resize(deflateBound(&z, uLong(n)) + 16);
    z.next_in = const_cast<unsigned char*>(p);
    z.avail_in = uInt(n);
    z.next_out = buf.data();
    z.avail_out = uInt(buf.size());
    const int rc = deflate(&z, Z_FINISH);
    const size_t out = rc == Z_STREAM_END ? size_t(z.total_out) : SIZE_MAX;
    deflateEnd(&z);
    return out;
}

// Deflate's strategy for one stripe, from samples of it (four slices, a sixteenth of the stripe in all).
// Where the filtered rows barely compress (dense point clouds, noisy rasters) string matching finds little
// and costs the most; run-length matching alone is then as small and about twice as fast. Where they
// compress well (flat areas, text, hatching) matches at longer distances win and the default stays: on a
// briefing slide run-length alone is twice the size. The choice depends on the image alone, so the bytes
// stay the same on every machine.
int stripe_strategy(const std::vector<unsigned char>& raw, int level) {
    constexpr int kSlices = 4;
    const size_t slice = raw.size() / (16 * kSlices);
    if (slice < 4096) return Z_DEFAULT_STRATEGY;
    // Nine filtered bytes in ten zero (flat areas, as most of a basemap or a slide is): it compresses well,
    // and a byte count is much cheaper than the samples.
    size_t zeros = 0;
    for (unsigned char b : raw)
        zeros += b == 0;
    if (zeros * 10 >= raw.size() * 9) return Z_DEFAULT_STRATEGY;
    std::vector<unsigned char> buf;
    size_t plain = 0, runs = 0;
    for (int k = 0; k < kSlices; ++k) {
        const unsigned char* p = raw.data() + (raw.size() / kSlices) * size_t(k);
        const size_t n = deflated_size(p, slice, level, Z_DEFAULT_STRATEGY, buf);
        if (n == SIZE_MAX) return Z_DEFAULT_STRATEGY;
        plain += n;
    }
    if (plain * 4 <= slice * kSlices) return Z_DEFAULT_STRATEGY; // compresses 4:1 or better
    for (int k = 0; k < kSlices; ++k) {
        const unsigned char* p = raw.data() + (raw.size() / kSlices) * size_t(k);
        const size_t n = deflated_size(p, slice, level, Z_RLE, buf);
        if (n == SIZE_MAX) return Z_DEFAULT_STRATEGY;
        runs += n;
    }
    return runs * 20 <= plain * 21 ? Z_RLE : Z_DEFAULT_STRATEGY; // within 5 %
}

void compress_stripe(const unsigned char* rgba, size_t row_bytes, int level, bool last, Stripe& s) {
    const size_t line = row_bytes + 1;
    std::vector<unsigned char> raw(size_t(s.y1 - s.y0) * line);
    for (int y = s.y0; y < s.y1; ++y)
        filter_row(rgba, row_bytes, y, &raw[size_t(y - s.y0) * line]);
    s.raw = raw.size();
    s.adler = adler32(1L, raw.data(), uInt(raw.size()));

    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, stripe_strategy(raw, level)) != Z_OK) return;
    if (s.y0 > 0) {
        // The filtered rows just above the stripe, as the single-stream encoder would have in its window.
        const int rows = int(std::min<size_t>((kWindow + line - 1) / line, size_t(s.y0)));
        std::vector<unsigned char> dict(size_t(rows) * line);
        for (int i = 0; i < rows; ++i)
            filter_row(rgba, row_bytes, s.y0 - rows + i, &dict[size_t(i) * line]);
        const size_t n = std::min(dict.size(), kWindow);
        deflateSetDictionary(&z, dict.data() + dict.size() - n, uInt(n));
    }
    s.deflated.resize(deflateBound(&z, uLong(raw.size())) + 16);
    z.next_in = raw.data();
    z.avail_in = uInt(raw.size());
    z.next_out = s.deflated.data();
    z.avail_out = uInt(s.deflated.size());
    const int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
    s.ok = last ? rc == Z_STREAM_END : (rc == Z_OK && z.avail_in == 0 && z.avail_out > 0);
    s.deflated.resize(z.total_out);
    deflateEnd(&z);
}

} // namespace

std::vector<unsigned char> encode_png(int width, int height, const unsigned char* rgba,
                                      const PngOptions& opt) {
    std::vector<unsigned char> out;
    if (width <= 0 || height <= 0 || !rgba) return out;
    const size_t row_bytes = size_t(width) * 4;
    const size_t line = row_bytes + 1;
    // Stripes depend on the image alone, so the file is the same bytes on every machine and thread count.
    const int rows_per = int(std::max<size_t>(1, kStripeBytes / line));
    std::vector<Stripe> stripes;
    for (int y = 0; y < height; y += rows_per)
        stripes.push_back({y, std::min(height, y + rows_per), {}, 1, 0, false});

    const int threads =
        std::max(1, std::min<int>(opt.threads > 0 ? opt.threads : int(std::thread::hardware_concurrency()),
                                  int(stripes.size())));
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i; (i = next.fetch_add(1)) < stripes.size();)
            compress_stripe(rgba, row_bytes, opt.level, i + 1 == stripes.size(), stripes[i]);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();

    uLong adler = 1;
    size_t total = 2 + 4;
    for (const auto& s : stripes) {
        if (!s.ok) return {};
        adler = adler32_combine(adler, s.adler, z_off_t(s.raw));
        total += s.deflated.size();
    }

    static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    out.reserve(total + 64 + 12 * (total / kChunkBytes + 1));
    out.insert(out.end(), kSignature, kSignature + 8);
    std::vector<unsigned char> ihdr;
    put32(ihdr, uint32_t(width));
    put32(ihdr, uint32_t(height));
    ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0}); // 8-bit RGBA, deflate, adaptive filtering, not interlaced
    chunk(out, "IHDR", ihdr.data(), ihdr.size());

    // The zlib stream (header, the stripes, Adler-32) cut into IDAT chunks as it is assembled.
    std::vector<unsigned char> idat;
    idat.reserve(std::min(total, kChunkBytes));
    auto emit = [&](const unsigned char* p, size_t n) {
        while (n) {
            const size_t take = std::min(n, kChunkBytes - idat.size());
            idat.insert(idat.end(), p, p + take);
            p += take;
            n -= take;
            if (idat.size() == kChunkBytes) {
                chunk(out, "IDAT", idat.data(), idat.size());
                idat.clear();
            }
        }
    };
    // CMF 0x78 (deflate, 32 KiB window); FLG 0x5E says "fast" compression and makes CMF*256+FLG divisible
    // by 31.
    const unsigned char header[2] = {0x78, 0x5E};
    emit(header, 2);
    for (auto& s : stripes) {
        emit(s.deflated.data(), s.deflated.size());
        std::vector<unsigned char>().swap(s.deflated); // hand memory back as the file grows
    }
    std::vector<unsigned char> trailer;
    put32(trailer, uint32_t(adler));
    emit(trailer.data(), trailer.size());
    if (!idat.empty()) chunk(out, "IDAT", idat.data(), idat.size());
    chunk(out, "IEND", nullptr, 0);
    return out;
}

} // namespace entente::render
