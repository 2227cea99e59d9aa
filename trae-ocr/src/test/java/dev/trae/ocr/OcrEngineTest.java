package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.ocr.internal.NativeTesseract;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.PageSource;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PageGenerator.Degradation;
import dev.trae.ocr.testing.SampleTexts.Language;

/** Real Tesseract on pages rendered and degraded by the test; assertions on character error rate. */
class OcrEngineTest {
    static OcrEngine engine;

    @BeforeAll
    static void start() {
        engine = OcrEngine.builder().languages("rus+ukr+eng").poolSize(2).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static PageGenerator.Page page(Language lang, long seed) {
        List<String> fonts = PageGenerator.availableFonts();
        return PageGenerator.samplePage(lang, 5, fonts.get((int) (seed % fonts.size())), 11, seed);
    }

    static double cer(PageGenerator.Page page, OcrDocument doc) {
        return CharacterErrorRate.of(page.groundTruth(), doc.text());
    }

    @Test
    void recognize_whenCleanRussianPage_thenNearlyExact() {
        PageGenerator.Page p = page(Language.RUSSIAN, 1);
        OcrDocument doc = engine.recognize(p.image(), "clean.png");
        assertThat(cer(p, doc)).isLessThan(0.02);
        assertThat(doc.pages()).hasSize(1);
        assertThat(doc.pages().get(0).source()).isEqualTo(PageSource.OCR);
        assertThat(doc.pages().get(0).words()).allSatisfy(w -> {
            assertThat(w.confidence()).isBetween(0f, 100f);
            assertThat(w.box().width()).isPositive();
        });
    }

    @Test
    void recognize_onLinuxX86_thenTesseractsOpenMpRegionsRunInTheSerialStandIns() {
        String limit = System.getenv("OMP_THREAD_LIMIT");
        assumeTrue("linux-x86-64".equals(com.sun.jna.Platform.RESOURCE_PREFIX) && (limit == null || limit.strip().equals("1")));
        long before = NativeTesseract.serialOpenMpRegions();
        assertThat(before).as("stand-ins loaded").isNotNegative();
        PageGenerator.Page p = page(Language.ENGLISH, 11);
        OcrDocument doc = engine.recognize(p.image(), "serial-omp.png");
        assertThat(cer(p, doc)).isLessThan(0.02);
        // libtesseract's LSTM opens a region per time step and layer: thousands for a page, all of them here
        assertThat(NativeTesseract.serialOpenMpRegions()).isGreaterThan(before + 1000);
    }

    @Test
    void recognize_whenSkewedFourDegrees_thenDeskewedAndFarBetterThanWithoutPreprocessing() {
        PageGenerator.Page p = page(Language.UKRAINIAN, 2);
        BufferedImage skewed = PageGenerator.degrade(p.image(), Degradation.SKEW, 7);
        OcrDocument ours = engine.recognize(skewed, "skew.png");
        OcrDocument plain = engine.recognize(skewed, "skew.png", Preprocessing.none());
        assertThat(ours.pages().get(0).preprocessing().applied()).contains("DESKEW");
        assertThat(Math.abs(ours.pages().get(0).preprocessing().skewDegrees())).isBetween(2.5, 5.5);
        assertThat(cer(p, ours)).isLessThan(0.03);
        assertThat(cer(p, plain)).isGreaterThan(cer(p, ours) + 0.1);
    }

    @Test
    void recognize_whenSaltAndPepperNoise_thenDenoised() {
        PageGenerator.Page p = page(Language.ENGLISH, 3);
        BufferedImage noisy = PageGenerator.degrade(p.image(), Degradation.NOISE, 8);
        OcrDocument ours = engine.recognize(noisy, "noise.png");
        OcrDocument plain = engine.recognize(noisy, "noise.png", Preprocessing.none());
        assertThat(ours.pages().get(0).preprocessing().applied()).contains("DENOISE");
        assertThat(cer(p, ours)).isLessThan(0.05).isLessThan(cer(p, plain));
    }

    @Test
    void recognize_whenHardShadow_thenFlattenedAndReadable() {
        PageGenerator.Page p = page(Language.RUSSIAN, 4);
        BufferedImage shadow = PageGenerator.degrade(p.image(), Degradation.SHADOW, 9);
        OcrDocument ours = engine.recognize(shadow, "shadow.png");
        OcrDocument plain = engine.recognize(shadow, "shadow.png", Preprocessing.none());
        assertThat(cer(p, ours)).isLessThan(0.05);
        assertThat(cer(p, plain)).isGreaterThan(0.2);
    }

    @Test
    void recognize_whenLowResolution_thenRescaled() {
        PageGenerator.Page p = page(Language.UKRAINIAN, 5);
        BufferedImage low = PageGenerator.degrade(p.image(), Degradation.LOW_RES, 10);
        OcrDocument ours = engine.recognize(low, "low.png");
        assertThat(ours.pages().get(0).preprocessing().applied()).contains("RESCALE");
        assertThat(ours.pages().get(0).preprocessing().scale()).isGreaterThan(1.5);
        assertThat(cer(p, ours)).isLessThan(0.05);
    }

    @Test
    void recognize_whenBlurred_thenReadable() {
        PageGenerator.Page p = page(Language.ENGLISH, 6);
        OcrDocument ours = engine.recognize(PageGenerator.degrade(p.image(), Degradation.BLUR, 11), "blur.png");
        assertThat(cer(p, ours)).isLessThan(0.05);
    }

    @Test
    void recognize_whenUpsideDown_thenTurnedBack() {
        PageGenerator.Page p = page(Language.RUSSIAN, 7);
        OcrDocument ours = engine.recognize(PageGenerator.degrade(p.image(), Degradation.ROTATED_180, 12), "r180.png");
        assertThat(ours.pages().get(0).preprocessing().rotation()).isEqualTo(180);
        assertThat(cer(p, ours)).isLessThan(0.03);
    }

    @Test
    void recognize_whenOnItsSide_thenTurnedBack() {
        PageGenerator.Page p = page(Language.ENGLISH, 8);
        OcrDocument ours = engine.recognize(PageGenerator.degrade(p.image(), Degradation.ROTATED_90, 13), "r90.png");
        assertThat(ours.pages().get(0).preprocessing().rotation()).isIn(90, 270);
        assertThat(cer(p, ours)).isLessThan(0.03);
    }

    @Test
    void recognize_whenBadPhotoOfInspectionReport_thenMuchBetterThanPlain() {
        PageGenerator.Page p = page(Language.RUSSIAN, 9);
        BufferedImage photo = PageGenerator.degrade(p.image(), Degradation.COMBINED, 14);
        double ours = cer(p, engine.recognize(photo, "photo.jpg"));
        double plain = cer(p, engine.recognize(photo, "photo.jpg", Preprocessing.none()));
        assertThat(ours).isLessThan(0.15).isLessThan(plain / 2);
    }

    @Test
    void recognize_whenMultiPageTiff_thenEveryPageInOrder(@TempDir Path dir) throws IOException {
        PageGenerator.Page a = page(Language.ENGLISH, 10);
        PageGenerator.Page b = page(Language.UKRAINIAN, 11);
        Path tiff = dir.resolve("two.tif");
        Images.writeTiff(tiff, List.of(a.image(), b.image()));
        OcrDocument doc = engine.recognize(tiff);
        assertThat(doc.pages()).hasSize(2);
        assertThat(CharacterErrorRate.of(a.groundTruth(), doc.pages().get(0).text())).isLessThan(0.03);
        assertThat(CharacterErrorRate.of(b.groundTruth(), doc.pages().get(1).text())).isLessThan(0.03);
        assertThat(doc.pages().get(1).number()).isEqualTo(2);
    }

    @Test
    void recognize_whenJpegBmpBytesAndStream_thenSameText() throws IOException {
        PageGenerator.Page p = page(Language.RUSSIAN, 12);
        for (String fmt : List.of("jpg", "bmp", "png")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage rgb = new BufferedImage(p.image().getWidth(), p.image().getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(p.image(), 0, 0, null);
            assertThat(ImageIO.write(rgb, fmt, out)).isTrue();
            OcrDocument fromBytes = engine.recognize(out.toByteArray(), "page." + fmt);
            assertThat(cer(p, fromBytes)).as(fmt).isLessThan(0.03);
            if (fmt.equals("png")) {
                OcrDocument fromStream = engine.recognize(new ByteArrayInputStream(out.toByteArray()), "page.png");
                assertThat(fromStream.text()).isEqualTo(fromBytes.text());
            }
        }
    }

    @Test
    void recognize_whenPdfHasTextLayer_thenUsesItWithoutOcr(@TempDir Path dir) throws IOException {
        Path pdf = dir.resolve("text.pdf");
        Images.writeTextPdf(pdf, List.of("Объем топлива: 12 450 литров", "Fuel station No. 305"));
        OcrDocument doc = engine.recognize(pdf);
        assertThat(doc.pages()).hasSize(1);
        assertThat(doc.pages().get(0).source()).isEqualTo(PageSource.PDF_TEXT_LAYER);
        assertThat(doc.text()).contains("Объем топлива: 12 450 литров").contains("Fuel station No. 305");
        assertThat(doc.pages().get(0).words()).allSatisfy(w -> assertThat(w.box().height()).isPositive());
    }

    @Test
    void recognize_whenScannedPdf_thenRenderedAndRecognised(@TempDir Path dir) throws IOException {
        PageGenerator.Page p = page(Language.ENGLISH, 13);
        Path pdf = dir.resolve("scan.pdf");
        Images.writeImagePdf(pdf, p.image(), 300);
        OcrDocument doc = engine.recognize(pdf);
        assertThat(doc.pages().get(0).source()).isEqualTo(PageSource.OCR);
        assertThat(cer(p, doc)).isLessThan(0.03);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void recognize_whenZeroBytes_thenValidationError(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertThatThrownBy(() -> engine.recognize(empty)).isInstanceOf(TraeValidationException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> engine.recognize(new byte[0], "x")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void recognize_whenTruncatedPng_thenValidationErrorNotCrash() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(page(Language.ENGLISH, 14).image(), "png", out);
        byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() / 3);
        assertThatThrownBy(() -> engine.recognize(cut, "cut.png")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void recognize_whenUnsupportedFormat_thenValidationErrorNamingFormats() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> engine.recognize(gif, "anim.gif")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("PNG, JPEG, TIFF, BMP or PDF");
        byte[] text = "just some text, not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> engine.recognize(text, "notes.png")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void recognize_whenCorruptPdf_thenValidationError() {
        byte[] bad = "%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> engine.recognize(bad, "bad.pdf")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void recognize_whenPdfHasNoPages_thenValidationError(@TempDir Path dir) throws IOException {
        Path pdf = dir.resolve("none.pdf");
        Images.writeEmptyPdf(pdf);
        assertThatThrownBy(() -> engine.recognize(pdf)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("no pages");
    }

    @Test
    void recognize_whenHugeImageHeader_thenRefusedBeforeDecoding() throws IOException {
        // a 60000 x 60000 grey PNG whose pixels would take 3.6 GB: refused from the header alone
        byte[] bomb = Images.pngBomb(60_000, 60_000);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThatThrownBy(() -> engine.recognize(bomb, "bomb.png")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("60000 x 60000");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).isLessThan(500L * 1024 * 1024);
    }

    @Test
    void recognize_whenNoSuchFileOrDirectory_thenValidationError(@TempDir Path dir) {
        assertThatThrownBy(() -> engine.recognize(dir.resolve("missing.png"))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> engine.recognize(dir)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void build_whenLanguageMissing_thenNamesDebianPackage() {
        assertThatThrownBy(() -> OcrEngine.builder().languages("eng+chi_sim").build())
                .isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("tesseract-ocr-chi-sim");
    }

    @Test
    void build_whenLanguageIsHostilePath_thenRejected() {
        assertThatThrownBy(() -> OcrEngine.builder().languages("../../etc/passwd").build())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("not a Tesseract language code");
        assertThatThrownBy(() -> OcrEngine.builder().languages("").build()).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void build_whenWhitelistDigits_thenOnlyDigitsRecognised() {
        PageGenerator.Page p = PageGenerator.render(List.of("Meter 12 450 liters", "Tank 3 level 0815 mm"), "DejaVu Sans", 12, 300);
        try (OcrEngine digits = OcrEngine.builder().languages("eng").poolSize(1).whitelist("0123456789")
                .minLineConfidence(0).userWords(List.of("автоцистерна", "резервуар")).build()) {
            String text = digits.recognize(p.image(), "meter.png").text();
            assertThat(text.replaceAll("\\s", "")).matches("[0-9]+").contains("12450");
        }
    }

    @Test
    void build_whenOpenMpLimitedForTheEngine_thenChildProcessesKeepTheUsersEnvironment() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OMP_THREAD_LIMIT") == null, "the user set OMP_THREAD_LIMIT");
        // the engine is built (libtesseract loaded with its OpenMP limit); a process started with the inherited
        // C environment must not see the limit
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' \"${OMP_THREAD_LIMIT-unset}\"").start();
        String seen = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(seen).isEqualTo("unset");
    }
}
