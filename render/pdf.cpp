#include "pdf.hpp"

#include <zlib.h>

#include <cstdio>
#include <sstream>

namespace entente::render {

std::string pdf_bytes(const std::vector<PdfPage>& pages, const std::string& title) {
    // Objects: 1 catalog, 2 page tree, 3 info, then per page: page, content stream, image.
    std::ostringstream out;
    std::vector<size_t> offsets(4 + 3 * pages.size(), 0);
    out << "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    auto begin = [&](size_t obj) {
        offsets[obj] = size_t(out.tellp());
        out << obj << " 0 obj\n";
    };
    begin(1);
    out << "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
    begin(2);
    out << "<< /Type /Pages /Count " << pages.size() << " /Kids [";
    for (size_t i = 0; i < pages.size(); ++i)
        out << " " << 4 + 3 * i << " 0 R";
    out << " ] >>\nendobj\n";
    begin(3);
    std::string esc;
    for (char c : title)
        esc += (c == '(' || c == ')' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    out << "<< /Title (" << esc << ") /Producer (Entente) >>\nendobj\n";
    for (size_t i = 0; i < pages.size(); ++i) {
        const PdfPage& p = pages[i];
        const double pw = p.page_w_pt > 0 ? p.page_w_pt : p.width / 2.0;
        const double ph = p.page_h_pt > 0 ? p.page_h_pt : p.height / 2.0;
        const size_t page = 4 + 3 * i, content = page + 1, image = page + 2;
        begin(page);
        out << "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " << pw << " " << ph << "] /Contents " << content
            << " 0 R /Resources << /XObject << /Im" << i << " " << image
            << " 0 R >> /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
               "/WinAnsiEncoding >> >> >> >>\nendobj\n";
        std::ostringstream cs;
        cs << "q " << pw << " 0 0 " << ph << " 0 0 cm /Im" << i << " Do Q\n" << p.overlay;
        const std::string c = cs.str();
        begin(content);
        out << "<< /Length " << c.size() << " >>\nstream\n" << c << "endstream\nendobj\n";
        std::vector<unsigned char> rgb(size_t(p.width) * p.height * 3);
        for (size_t k = 0, n = size_t(p.width) * p.height; k < n; ++k)
            for (int ch = 0; ch < 3; ++ch)
                rgb[k * 3 + ch] = p.rgba[k * 4 + ch];
        uLongf zlen = compressBound(uLong(rgb.size()));
        std::vector<unsigned char> z(zlen);
        if (compress2(z.data(), &zlen, rgb.data(), uLong(rgb.size()), 6) != Z_OK) return {};
        begin(image);
        out << "<< /Type /XObject /Subtype /Image /Width " << p.width << " /Height " << p.height
            << " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length " << zlen
            << " >>\nstream\n";
        out.write(reinterpret_cast<const char*>(z.data()), std::streamsize(zlen));
        out << "\nendstream\nendobj\n";
    }
    const size_t xref = size_t(out.tellp());
    out << "xref\n0 " << offsets.size() << "\n0000000000 65535 f \n";
    char line[32];
    for (size_t i = 1; i < offsets.size(); ++i) {
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offsets[i]);
        out << line;
    }
    out << "trailer\n<< /Size " << offsets.size() << " /Root 1 0 R /Info 3 0 R >>\nstartxref\n"
        << xref << "\n%%EOF\n";
    return out.str();
}

} // namespace entente::render
