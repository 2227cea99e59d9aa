package dev.trae.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.ocr.model.BatchResult;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PageGenerator.Degradation;

/** Output formats of one real recognition, and batches with a bad file among good ones. */
class OcrWriterAndBatchTest {
    static OcrEngine engine;
    static OcrDocument doc;
    static final List<String> LINES = List.of("Объем топлива: 12 450 литров", "Температура топлива: 8 градусов",
            "Fuel station <No. 305> & \"tank\" 2");

    @BeforeAll
    static void start() {
        engine = OcrEngine.builder().poolSize(2).build();
        PageGenerator.Page p = PageGenerator.render(LINES, "DejaVu Sans", 12, 300);
        doc = engine.recognize(PageGenerator.degrade(p.image(), Degradation.SKEW, 3), "act.png");
        assertThat(CharacterErrorRate.of(p.groundTruth(), doc.text())).isLessThan(0.05);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void json_whenWritten_thenPagesBlocksLinesWordsAndFields() throws Exception {
        JsonNode root = new ObjectMapper().readTree(OcrWriter.toBytes(doc, OcrFormat.JSON));
        assertThat(root.path("name").asText()).isEqualTo("act.png");
        JsonNode page = root.path("pages").get(0);
        assertThat(page.path("preprocessing").path("applied").toString()).contains("DESKEW");
        JsonNode word = page.path("blocks").get(0).path("lines").get(0).path("words").get(0);
        assertThat(word.path("text").asText()).isNotBlank();
        assertThat(word.path("box").path("width").asInt()).isPositive();
        assertThat(word.path("confidence").asDouble()).isBetween(0.0, 100.0);
        JsonNode volume = null;
        for (JsonNode f : root.path("fields")) {
            if (f.path("key").asText().equals("объем_топлива")) {
                volume = f;
            }
        }
        assertThat(volume).isNotNull();
        assertThat(volume.path("number").asDouble()).isEqualTo(12450.0);
        assertThat(volume.path("unitCode").asText()).isEqualTo("L");
    }

    @Test
    void tsv_whenWritten_thenTesseractColumnsAndOneRowPerWord() {
        String tsv = new String(OcrWriter.toBytes(doc, OcrFormat.TSV), java.nio.charset.StandardCharsets.UTF_8);
        String[] rows = tsv.split("\n");
        assertThat(rows[0]).isEqualTo("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext");
        long words = java.util.Arrays.stream(rows).filter(r -> r.startsWith("5\t")).count();
        assertThat(words).isEqualTo(doc.pages().get(0).words().size());
        assertThat(java.util.Arrays.stream(rows).skip(1)).allSatisfy(r -> assertThat(r.split("\t", -1)).hasSize(12));
    }

    @Test
    void hocrAndAlto_whenWritten_thenWellFormedXmlWithEscapedText() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var hocr = factory.newDocumentBuilder().parse(new ByteArrayInputStream(OcrWriter.toBytes(doc, OcrFormat.HOCR)));
        var words = hocr.getElementsByTagName("span");
        int ocrx = 0;
        for (int i = 0; i < words.getLength(); i++) {
            var cls = words.item(i).getAttributes().getNamedItem("class");
            if (cls != null && cls.getNodeValue().equals("ocrx_word")) {
                ocrx++;
                assertThat(words.item(i).getAttributes().getNamedItem("title").getNodeValue()).matches("bbox \\d+ \\d+ \\d+ \\d+; x_wconf \\d+");
            }
        }
        assertThat(ocrx).isEqualTo(doc.pages().get(0).words().size());
        var alto = factory.newDocumentBuilder().parse(new ByteArrayInputStream(OcrWriter.toBytes(doc, OcrFormat.ALTO)));
        assertThat(alto.getElementsByTagName("String").getLength()).isEqualTo(ocrx);
        assertThat(alto.getElementsByTagName("MeasurementUnit").item(0).getTextContent()).isEqualTo("pixel");
    }

    @Test
    void csv_whenWritten_thenOneQuotedRowPerLine() {
        String csv = new String(OcrWriter.toBytes(doc, OcrFormat.CSV), java.nio.charset.StandardCharsets.UTF_8);
        String[] rows = csv.split("\r\n");
        assertThat(rows[0]).isEqualTo("page,block,line,x,y,width,height,confidence,text");
        assertThat(rows).hasSize(1 + doc.pages().get(0).lines().size());
        assertThat(csv).contains("\"Fuel station");
    }

    @Test
    void csv_whenLineLooksLikeFormula_thenDefused() {
        OcrDocument evil = new OcrDocument("x", List.of(new dev.trae.ocr.model.OcrPage(1, 10, 10, 300, dev.trae.ocr.model.PageSource.OCR,
                List.of(dev.trae.ocr.model.OcrBlock.of(List.of(dev.trae.ocr.model.OcrLine.of(List.of(
                        new dev.trae.ocr.model.OcrWord("=HYPERLINK(1)", new dev.trae.ocr.model.PixelBox(0, 0, 5, 5), 50)))))),
                dev.trae.ocr.model.PreprocessReport.none())), List.of());
        assertThat(OcrWriter.csvLines(evil)).contains("\"'=HYPERLINK(1)\"");
    }

    @Test
    void pdf_whenWritten_thenSearchableTextMatchesRecognition() throws Exception {
        byte[] pdf = OcrWriter.toBytes(doc, OcrFormat.PDF);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertThat(d.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(d);
            assertThat(text).contains("топлива").contains("12").contains("Fuel");
        }
    }

    @Test
    void pdf_whenEngineDoesNotKeepImages_thenClearError() {
        try (OcrEngine noImages = OcrEngine.builder().languages("eng").poolSize(1).keepImages(false).build()) {
            OcrDocument d = noImages.recognize(PageGenerator.render(List.of("Tank 3"), "DejaVu Sans", 12, 300).image(), "t.png");
            assertThatThrownBy(() -> OcrWriter.toBytes(d, OcrFormat.PDF)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("keepImages");
        }
    }

    @Test
    void format_whenUnknown_thenValidationError() {
        assertThat(OcrFormat.parse("HOCR")).isEqualTo(OcrFormat.HOCR);
        assertThatThrownBy(() -> OcrFormat.parse("docx")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void batch_whenOneFileIsCorrupt_thenOthersSucceedAndProgressReachesTotal(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        List<String> truths = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PageGenerator.Page p = PageGenerator.samplePage(dev.trae.ocr.testing.SampleTexts.Language.values()[i], 3, "DejaVu Serif", 11, 40 + i);
            Path f = dir.resolve("page-" + i + ".png");
            ImageIO.write(PageGenerator.degrade(p.image(), Degradation.NOISE, i), "png", f.toFile());
            files.add(f);
            truths.add(p.groundTruth());
        }
        Path bad = dir.resolve("broken.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3});
        files.add(1, bad);
        Path empty = Files.createFile(dir.resolve("empty.tif"));
        files.add(empty);
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        TraeJob<BatchResult> job = engine.batch(files).onProgress(events::add);
        BatchResult r = job.await(Duration.ofMinutes(2));
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.files()).hasSize(5);
        assertThat(r.files()).extracting(f -> Path.of(f.file()).getFileName().toString())
                .containsExactly("page-0.png", "broken.jpg", "page-1.png", "page-2.png", "empty.tif");
        assertThat(r.failed()).hasSize(2);
        assertThat(r.files().get(1).error()).hasValueSatisfying(m -> assertThat(m).contains("corrupt"));
        assertThat(r.files().get(4).error()).hasValueSatisfying(m -> assertThat(m).contains("empty"));
        for (int i = 0; i < 3; i++) {
            OcrDocument d = r.files().get(i == 0 ? 0 : i + 1).document().orElseThrow();
            assertThat(CharacterErrorRate.of(truths.get(i), d.text())).isLessThan(0.05);
        }
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).done()).isEqualTo(5);
        assertThat(events.get(events.size() - 1).total()).isEqualTo(5);
    }

    @Test
    void batch_whenNoFiles_thenValidationError() {
        assertThatThrownBy(() -> engine.batch(List.of())).isInstanceOf(TraeValidationException.class);
    }
}
