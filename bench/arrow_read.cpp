// The loading peer: GDAL's Arrow stream read of every layer of a file (OGR_L_GetArrowStream, GDAL >= 3.6),
// batch after batch, every column and geometry materialised by the driver, nothing kept. What the issue calls
// "GDAL's Arrow stream full read"; bench/run_bench.py times it beside `entente load`.
//
//   bench_arrow_read FILE...   prints {"file": ..., "rows": N, "batches": N, "seconds": S} per file
#include <cstdio>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>

#include <chrono>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_arrow_read FILE...\n");
        return 2;
    }
    GDALAllRegister();
    for (int a = 1; a < argc; ++a) {
        const auto t0 = std::chrono::steady_clock::now();
        GDALDatasetH ds = GDALOpenEx(argv[a], GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
        if (!ds) {
            std::fprintf(stderr, "bench_arrow_read: %s: cannot open\n", argv[a]);
            return 1;
        }
        long long rows = 0, batches = 0;
        for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) {
            OGRLayerH layer = GDALDatasetGetLayer(ds, i);
            ArrowArrayStream stream{};
            if (!OGR_L_GetArrowStream(layer, &stream, nullptr)) {
                std::fprintf(stderr, "bench_arrow_read: %s: no Arrow stream\n", argv[a]);
                return 1;
            }
            for (;;) {
                ArrowArray batch{};
                if (stream.get_next(&stream, &batch) != 0) {
                    std::fprintf(stderr, "bench_arrow_read: %s: %s\n", argv[a],
                                 stream.get_last_error(&stream));
                    return 1;
                }
                if (!batch.release) break; // end of stream
                rows += batch.length, ++batches;
                batch.release(&batch);
            }
            stream.release(&stream);
        }
        GDALClose(ds);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("{\"file\": \"%s\", \"rows\": %lld, \"batches\": %lld, \"seconds\": %.4f}\n", argv[a],
                    rows, batches, s);
    }
    return 0;
}
