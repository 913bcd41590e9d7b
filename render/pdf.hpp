// A PDF document of image pages (a briefing deck): each page one RGB image, Flate-compressed, scaled to a
// page of the given size in points. Plain PDF 1.4 written directly: GDAL's PDF driver makes one page per
// dataset, and a deck needs several.
#pragma once
#include <string>
#include <vector>

namespace entente::render {

struct PdfPage {
    int width = 0, height = 0;           // image pixels
    std::vector<unsigned char> rgba;     // rows top-down
    double page_w_pt = 0, page_h_pt = 0; // page size in points (1/72 inch); 0: 2 pixels per point
    std::string overlay; // PDF content operators drawn over the image (vector); may use font /F1 (Helvetica)
};

// The document's bytes; empty when a page cannot be compressed. Writing them to a file is the caller's
// (app/scene writes every output through one atomic writer).
std::string pdf_bytes(const std::vector<PdfPage>& pages, const std::string& title);

} // namespace entente::render
