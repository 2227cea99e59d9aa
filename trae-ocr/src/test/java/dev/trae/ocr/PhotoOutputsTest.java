package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.trae.ocr.model.ExtractedField;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrWord;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PhotoGenerator;

/**
 * #21 point 6: field extraction and the searchable PDF on a rectified photo. The PDF shows the rectified page the
 * engine read, and its invisible text layer lies over the words in that image: each word the PDF reports sits on ink
 * in the embedded image, not somewhere in the original photo's coordinates.
 */
@Timeout(value = 90)
class PhotoOutputsTest {
    static OcrEngine engine;

    @BeforeAll
    static void start() {
        engine = OcrEngine.builder().languages("eng").poolSize(1).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static OcrDocument photoOfDeliveryNote(PhotoGenerator.Kind kind, long seed) {
        PageGenerator.Page page = PageGenerator.render(List.of("Delivery note 2291", "Date: 14.03.2024", "Station: Kyiv-12",
                "Volume: 12450 liters"), PageGenerator.availableFonts().get(0), 12, 300);
        PhotoGenerator.Photo photo = PhotoGenerator.photo(page.image(), kind, seed);
        OcrDocument doc = engine.recognize(photo.image(), "note-" + kind + ".png");
        assertThat(doc.pages().get(0).preprocessing().applied()).as("the photo was rectified").contains("RECTIFY");
        return doc;
    }

    @Test
    void fields_onARectifiedKeystonePhoto_areExtracted() {
        OcrDocument doc = photoOfDeliveryNote(PhotoGenerator.Kind.KEYSTONE, 5);
        Map<String, String> fields = FieldExtractor.extract(doc).stream()
                .collect(Collectors.toMap(ExtractedField::key, ExtractedField::value, (a, b) -> a));
        assertThat(fields).containsEntry("date", "14.03.2024").containsEntry("station", "Kyiv-12");
        assertThat(fields.get("volume")).startsWith("12450");
    }

    @Test
    void searchablePdf_ofARectifiedPhoto_showsTheRectifiedPage_andItsTextLayerLiesOnTheWordsInIt() throws IOException {
        OcrDocument doc = photoOfDeliveryNote(PhotoGenerator.Kind.PHONE, 11);
        BufferedImage rectified = doc.images().get(0);
        byte[] pdf = OcrWriter.toBytes(doc, OcrFormat.PDF);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDPage page = d.getPage(0);
            // the image the user sees is the rectified page, at the page's full size
            PDImageXObject shown = (PDImageXObject) page.getResources().getXObject(page.getResources().getXObjectNames().iterator().next());
            assertThat(shown.getWidth()).isEqualTo(rectified.getWidth());
            assertThat(shown.getHeight()).isEqualTo(rectified.getHeight());
            BufferedImage seen = shown.getImage();
            float sx = seen.getWidth() / page.getMediaBox().getWidth();
            float sy = seen.getHeight() / page.getMediaBox().getHeight();

            List<TextPosition> glyphs = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    glyphs.addAll(positions);
                    super.writeString(text, positions);
                }
            };
            String text = stripper.getText(d);
            assertThat(text).contains("Kyiv-12", "12450");
            assertThat(glyphs).hasSizeGreaterThan(40);
            // every glyph of the text layer sits on ink of the shown image: a band around its box holds dark pixels
            int onInk = 0;
            for (TextPosition g : glyphs) {
                int x0 = Math.round(g.getXDirAdj() * sx);
                int x1 = Math.round((g.getXDirAdj() + g.getWidthDirAdj()) * sx);
                int y1 = Math.round(g.getYDirAdj() * sy);
                int y0 = Math.round((g.getYDirAdj() - g.getHeightDir()) * sy);
                if (darkPixels(seen, x0, y0, x1, y1) > 0) {
                    onInk++;
                }
            }
            assertThat(onInk).as("glyphs of the text layer that lie on ink in the shown page").isGreaterThanOrEqualTo((int) (glyphs.size() * 0.95));
            // and the words' boxes are the rectified image's coordinates, inside it
            for (OcrWord w : doc.pages().get(0).words()) {
                assertThat(w.box().x() + w.box().width()).isLessThanOrEqualTo(rectified.getWidth());
                assertThat(w.box().bottom()).isLessThanOrEqualTo(rectified.getHeight());
            }
        }
    }

    private static int darkPixels(BufferedImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1 + 1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1 + 1); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16 & 255) * 299 + (rgb >> 8 & 255) * 587 + (rgb & 255) * 114) / 1000;
                if (lum < 110) {
                    n++;
                }
            }
        }
        return n;
    }
}
