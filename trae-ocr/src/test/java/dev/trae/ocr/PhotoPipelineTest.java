package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.PreprocessReport;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PhotoGenerator;
import dev.trae.ocr.testing.SampleTexts.Language;

/** Photos of pages: finding and rectifying the page, dewarping, the photo/scan decision, and bad photos. */
@Timeout(value = 60)
class PhotoPipelineTest {
    static OcrEngine engine;

    @BeforeAll
    static void start() {
        engine = OcrEngine.builder().languages("eng").poolSize(2).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static PageGenerator.Page page(long seed) {
        return PageGenerator.samplePage(Language.ENGLISH, 7, PageGenerator.availableFonts().get(0), 11, seed);
    }

    private static PreprocessReport report(OcrDocument d) {
        return d.pages().get(0).preprocessing();
    }

    @Test
    void keystonePhoto_whenPageOnDesk_thenCornersFoundRectifiedAndRead() {
        PageGenerator.Page p = page(1);
        PhotoGenerator.Photo photo = PhotoGenerator.photo(p.image(), PhotoGenerator.Kind.KEYSTONE, 21);

        OcrDocument doc = engine.recognize(photo.image(), "keystone.png");

        PreprocessReport r = report(doc);
        assertThat(r.photo()).isTrue();
        assertThat(r.applied()).contains("RECTIFY");
        List<Double> c = r.page().orElseThrow().corners();
        double diag = Math.hypot(photo.image().getWidth(), photo.image().getHeight());
        for (int k = 0; k < 4; k++) {
            assertThat(Math.hypot(c.get(2 * k) - photo.x()[k], c.get(2 * k + 1) - photo.y()[k])).isLessThan(0.01 * diag);
        }
        assertThat(r.page().orElseThrow().confidence()).isGreaterThan(0.5);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("page found"));
        assertThat(CharacterErrorRate.of(p.groundTruth(), doc.text())).isLessThan(0.02);
    }

    @Test
    void curledPhoto_whenLinesBend_thenDewarpedAndReadBetterThanWithoutDewarp() {
        PageGenerator.Page p = page(2);
        PhotoGenerator.Photo photo = PhotoGenerator.photo(p.image(), PhotoGenerator.Kind.CURL, 22);

        OcrDocument doc = engine.recognize(photo.image(), "curl.png");
        OcrDocument flat = engine.recognize(photo.image(), "curl.png", Preprocessing.defaults().without(Preprocessing.Step.DEWARP));

        assertThat(report(doc).applied()).contains("RECTIFY", "DEWARP");
        double cer = CharacterErrorRate.of(p.groundTruth(), doc.text());
        assertThat(cer).isLessThan(0.03).isLessThan(CharacterErrorRate.of(p.groundTruth(), flat.text()));
    }

    /**
     * Curl photos 0 and 4 of the benchmark's photo set (built as {@code OcrSuite} builds them), the two that missed
     * the curl target: on the first the tip of a curled corner lay a few pixels outside the page's outline, its edge
     * against the desk was taken for text outside the page, the outline was rejected and the photo was neither
     * rectified nor dewarped (CER 0.43); on the second the lines broke into pieces that were levelled one by one,
     * cutting them into steps (CER 0.15).
     */
    @Test
    @Timeout(value = 240)
    void curledBenchmarkPhotos_whenCornerTipBendsOrLinesBreakIntoPieces_thenRectifiedDewarpedAndRead() {
        List<String> fonts = PageGenerator.availableFonts();
        Language[] langs = Language.values();
        float[] sizes = {10, 11, 12};
        try (OcrEngine all = OcrEngine.builder().languages("rus+ukr+eng").poolSize(1).build()) {
            for (int i : new int[] {0, 4}) {
                int n = PhotoGenerator.Kind.CURL.ordinal() * 6 + i;
                long seed = 5000L + 100L * PhotoGenerator.Kind.CURL.ordinal() + i;
                PageGenerator.Page p = PageGenerator.samplePage(langs[n % langs.length], 12, fonts.get((n / langs.length + i) % fonts.size()),
                        sizes[i % sizes.length], seed);
                PhotoGenerator.Photo photo = PhotoGenerator.photo(p.image(), PhotoGenerator.Kind.CURL, seed + 3);

                OcrDocument doc = all.recognize(photo.image(), "curl-" + i + ".png");

                assertThat(report(doc).applied()).as("curl %d: %s", i, report(doc).notes()).contains("RECTIFY", "DEWARP");
                assertThat(CharacterErrorRate.of(p.groundTruth(), doc.text())).as("curl %d: %s", i, doc.text()).isLessThan(0.02);
            }
        }
    }

    @Test
    void scan_whenPageFillsTheImage_thenNotAPhotoAndNoPhotoSteps() {
        PageGenerator.Page p = page(3);

        OcrDocument doc = engine.recognize(p.image(), "scan.png");

        PreprocessReport r = report(doc);
        assertThat(r.photo()).isFalse();
        assertThat(r.applied()).doesNotContain("RECTIFY", "DEWARP");
        assertThat(r.page()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("used the whole image"));
        assertThat(CharacterErrorRate.of(p.groundTruth(), doc.text())).isLessThan(0.01);
    }

    @Test
    void photoWithNoPage_whenOnlyDeskTexture_thenWholeImageAndSaysSo() {
        BufferedImage desk = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(5);
        for (int y = 0; y < desk.getHeight(); y++) {
            for (int x = 0; x < desk.getWidth(); x++) {
                int v = (int) Math.max(0, Math.min(255, 110 + 25 * Math.sin(x * 0.03 + 3 * Math.sin(y * 0.01)) + rnd.nextGaussian() * 8));
                desk.setRGB(x, y, (Math.min(255, v * 5 / 4) << 16) | (v * 9 / 10 << 8) | (v * 6 / 10));
            }
        }

        OcrDocument doc = engine.recognize(desk, "desk.jpg");

        PreprocessReport r = report(doc);
        assertThat(r.applied()).doesNotContain("RECTIFY");
        assertThat(r.page()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("used the whole image"));
        assertThat(doc.text().strip().length()).isLessThan(20);
    }

    @Test
    void pageCutOffAtTheFrame_whenOneSideOutside_thenNoVisibleTextDropped() {
        PageGenerator.Page p = page(4);
        PhotoGenerator.Photo photo = PhotoGenerator.photo(p.image(), PhotoGenerator.Kind.KEYSTONE, 24);
        // cut the frame inside the page's bottom margin: the page continues below the photo, its text is all inside
        double bottomOfText = Math.min(photo.y()[2], photo.y()[3]) - 0.2 * p.dpi() * (photo.y()[3] - photo.y()[0]) / p.image().getHeight();
        BufferedImage cut = photo.image().getSubimage(0, 0, photo.image().getWidth(), (int) bottomOfText);

        OcrDocument doc = engine.recognize(cut, "cut.png");

        assertThat(CharacterErrorRate.of(p.groundTruth(), doc.text())).isLessThan(0.03);
        PreprocessReport r = report(doc);
        if (r.page().isPresent()) {
            assertThat(r.page().get().cutOff()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void allDarkPhoto_whenNothingVisible_thenEmptyResultWithoutError() {
        BufferedImage dark = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(6);
        for (int y = 0; y < dark.getHeight(); y++) {
            for (int x = 0; x < dark.getWidth(); x++) {
                int v = Math.max(0, Math.min(255, (int) (6 + rnd.nextGaussian() * 3)));
                dark.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }

        OcrDocument doc = engine.recognize(dark, "dark.jpg");

        assertThat(doc.pages()).hasSize(1);
        assertThat(report(doc).applied()).doesNotContain("RECTIFY");
        assertThat(doc.text().strip().length()).isLessThan(10);
    }

    @Test
    void fiftyMegapixelPhoto_whenUnderThePixelLimit_thenDecodedSubsampledAndRead() throws Exception {
        BufferedImage big = new BufferedImage(8660, 5774, BufferedImage.TYPE_BYTE_GRAY);
        List<String> lines = List.of("Fuel delivery checked", "Tank number 4 sealed");
        Graphics2D g = big.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, big.getWidth(), big.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(PageGenerator.availableFonts().get(0), Font.PLAIN, 180));
            g.drawString(lines.get(0), 600, 1800);
            g.drawString(lines.get(1), 600, 2300);
        } finally {
            g.dispose();
        }
        byte[] jpeg = PhotoGenerator.jpeg(big, 0.8f);
        big = null;

        OcrDocument doc = engine.recognize(jpeg, "50mp.jpg");

        assertThat(report(doc).notes()).anyMatch(n -> n.startsWith("50.0 MP image decoded at 1/2"));
        assertThat(CharacterErrorRate.of(String.join("\n", lines), doc.text())).isLessThan(0.05);
    }

    @Test
    void exifOrientation6And8_whenCameraHeldSideways_thenTurnedUprightBeforeOcr() throws Exception {
        PageGenerator.Page p = page(7);
        // the camera stores the pixels turned; the tag says how to show them
        BufferedImage stored6 = turn(p.image(), false); // shown after a clockwise quarter turn
        BufferedImage stored8 = turn(p.image(), true);

        OcrDocument doc6 = engine.recognize(withOrientation(PhotoGenerator.jpeg(stored6, 0.92f), 6), "o6.jpg");
        OcrDocument doc8 = engine.recognize(withOrientation(PhotoGenerator.jpeg(stored8, 0.92f), 8), "o8.jpg");

        for (OcrDocument d : List.of(doc6, doc8)) {
            assertThat(report(d).notes()).anyMatch(n -> n.startsWith("EXIF orientation"));
            assertThat(report(d).rotation()).isZero();
            assertThat(d.pages().get(0).width()).isGreaterThan(d.pages().get(0).height());
            assertThat(CharacterErrorRate.of(p.groundTruth(), d.text())).isLessThan(0.02);
        }
    }

    @Test
    void batchOfBadPhotos_whenMixed_thenEveryOneAnsweredInTime() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("photos");
        java.nio.file.Path empty = dir.resolve("empty.jpg");
        java.nio.file.Files.write(empty, new byte[0]);
        java.nio.file.Path black = dir.resolve("black.png");
        javax.imageio.ImageIO.write(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB), "png", black.toFile());

        var result = engine.batch(List.of(empty, black)).await(Duration.ofSeconds(30));

        assertThat(result.files().get(0).error()).isPresent();
        assertThat(result.files().get(1).succeeded()).isTrue();
    }

    /** The image turned a quarter counter-clockwise ({@code clockwise} false) or clockwise. */
    private static BufferedImage turn(BufferedImage img, boolean clockwise) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                if (clockwise) {
                    out.setRGB(h - 1 - y, x, rgb);
                } else {
                    out.setRGB(y, w - 1 - x, rgb);
                }
            }
        }
        return out;
    }

    /** The JPEG with an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) inserted after SOI. */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0}; // no next IFD
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int len = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xff);
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
