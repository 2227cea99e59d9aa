package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.vision.model.Cell;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.LayoutSection;
import dev.trae.aws.vision.model.Table;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.textract.FakeDocument;
import dev.trae.testkit.aws.textract.FakeDocument.Box;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.textract.TextractFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class VisionClientTextractTest {
    private final TraeLocal local;
    private final TextractFake fake;
    private final FakeAwsServer server;

    VisionClientTextractTest(TraeLocal local) {
        this.local = local;
        local.fake("rekognition", new RekognitionFake());
        this.fake = local.fake("textract", new TextractFake());
        this.server = local.server("textract");
    }

    private VisionClient client() {
        return VisionClient.builder().config(local.config()).build();
    }

    private Document analyzeOrder(VisionClient vision) {
        VisionScenes.DocumentScene scene = VisionScenes.purchaseOrder(3);
        fake.program(scene.png(), scene.content());
        return vision.analyzeDocument(ImageSource.bytes("order.png", scene.png()), f -> f.tables().forms().signatures().layout()
                .query("What is the order number?", "order").query("Who is the shipper?", "shipper")).value();
    }

    @Test
    void analyzeDocument_whenOrderForm_buildsTableWithMergedCellAndHeaders() {
        try (VisionClient vision = client()) {
            Document doc = analyzeOrder(vision);
            assertThat(doc.pageCount()).isEqualTo(1);
            Table t = doc.tables().get(0);
            assertThat(t.rows()).isEqualTo(4);
            assertThat(t.columns()).isEqualTo(3);
            assertThat(t.headerRows()).isEqualTo(1);
            assertThat(t.headers()).containsExactly("Item", "Qty", "Price");
            Cell total = t.cell(4, 2).orElseThrow();
            assertThat(total.merged()).isTrue();
            assertThat(total.column()).isEqualTo(1);
            assertThat(total.columnSpan()).isEqualTo(2);
            assertThat(total.text()).isEqualTo("Total");
            assertThat(t.cell(2, 2).orElseThrow().text()).isEqualTo("4");
            assertThat(t.toCsv()).isEqualTo("Item,Qty,Price\r\nWidget,4,4.50\r\nGadget,2,12.00\r\nTotal,,42.00\r\n");
            assertThat(t.geometry().box().width()).isGreaterThan(0.5);
        }
        List<String> features = new java.util.ArrayList<>();
        server.requests("AnalyzeDocument").get(0).json().path("FeatureTypes").forEach(n -> features.add(n.asText()));
        assertThat(features).containsExactlyInAnyOrder("TABLES", "FORMS", "SIGNATURES", "LAYOUT", "QUERIES");
    }

    @Test
    void analyzeDocument_whenOrderForm_readsFieldsQueriesSignaturesAndLayout() throws Exception {
        try (VisionClient vision = client()) {
            Document doc = analyzeOrder(vision);
            assertThat(doc.field("Order No")).contains("PO-1003");
            assertThat(doc.field("customer:")).contains("Acme Ltd");
            assertThat(doc.queries()).as(doc.queries().toString()).isNotEmpty();
            assertThat(doc.answer("order")).as(doc.queries().toString()).contains("PO-1003");
            assertThat(doc.answer("shipper")).isEmpty();
            assertThat(doc.queries()).hasSize(2);
            assertThat(doc.signatures()).hasSize(1);
            assertThat(doc.signatures().get(0).geometry().box().left()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
            List<LayoutSection> layout = doc.pages().get(0).layout();
            assertThat(layout.get(0).type()).isEqualTo("TITLE");
            assertThat(layout.get(0).text()).isEqualTo("Purchase Order");
            assertThat(layout).extracting(LayoutSection::type).contains("KEY_VALUE", "TABLE", "TEXT");
            assertThat(doc.lines().get(0).words()).extracting(w -> w.text()).containsExactly("Purchase", "Order");
            JsonNode json = new ObjectMapper().readTree(doc.formToJson());
            assertThat(json.path("fields").path("Order No").asText()).isEqualTo("PO-1003");
            assertThat(json.path("fields").path("Date").asText()).isEqualTo("2026-11-04");
            assertThat(json.path("queries").get(0).path("answer").asText()).isEqualTo("PO-1003");
        }
    }

    @Test
    void detectDocumentText_whenForm_returnsLinesOnly() {
        VisionScenes.DocumentScene scene = VisionScenes.purchaseOrder(1);
        fake.program(scene.png(), scene.content());
        try (VisionClient vision = client()) {
            Document doc = vision.detectDocumentText(ImageSource.bytes(scene.png())).value();
            assertThat(doc.text()).contains("Purchase Order").contains("Order No: PO-1001").contains("Widget");
            assertThat(doc.tables()).isEmpty();
            assertThat(doc.keyValues()).isEmpty();
        }
    }

    @Test
    void table_whenMergedHeaderAndHostileText_exportsSafeCsv() {
        FakeDocument d = new FakeDocument();
        Box b = new Box(0.1, 0.1, 0.6, 0.2);
        d.addPage().table(new FakeDocument.Table(b, 2, 3, 1, List.of(
                new FakeDocument.Cell(1, 1, 1, 2, "Name", b), new FakeDocument.Cell(1, 3, 1, 1, "Note", b),
                new FakeDocument.Cell(2, 1, 1, 1, "=HYPERLINK(\"x\")", b), new FakeDocument.Cell(2, 2, 1, 1, "a, b", b),
                new FakeDocument.Cell(2, 3, 1, 1, "-12.5", b)), ""));
        byte[] png = VisionScenes.photo(42, 300, 200, false);
        fake.program(png, d);
        try (VisionClient vision = client()) {
            Table t = vision.analyzeDocument(ImageSource.bytes(png), DocumentFeatures.builder().tables().build()).value().tables().get(0);
            assertThat(t.headers()).containsExactly("Name", "Name", "Note");
            assertThat(t.cell(1, 1).orElseThrow().header()).isTrue();
            assertThat(t.toCsv()).isEqualTo("Name,,Note\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a, b\",-12.5\r\n");
        }
    }

    @Test
    void analyzeDocument_whenPdfHasTooManyPagesOrIsTooLarge_refusesBeforeAnyCall() {
        try (VisionClient vision = client()) {
            assertThatThrownBy(() -> vision.analyzeDocument(ImageSource.bytes(TestImages.pdf(4, 0)), DocumentFeatures.all()))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("4 pages");
            assertThatThrownBy(() -> vision.detectDocumentText(ImageSource.bytes(TestImages.pdf(1, 11 * 1024 * 1024))))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("10485760");
            assertThatThrownBy(() -> vision.detectDocumentText(ImageSource.bytes(new byte[0]))).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> DocumentFeatures.builder().build()).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> DocumentFeatures.builder().query("", "x")).isInstanceOf(TraeValidationException.class);
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void analyzeDocument_whenOnePagePdf_sendsIt() {
        try (VisionClient vision = client()) {
            Document doc = vision.analyzeDocument(ImageSource.bytes(TestImages.pdf(1, 0)), DocumentFeatures.builder().forms().build()).value();
            assertThat(doc.keyValues()).hasSize(3);
        }
        assertThat(server.count("AnalyzeDocument")).isEqualTo(1);
    }

    @Test
    void analyzeDocument_whenThrottledAnd5xx_retriesThenSucceeds() {
        server.faults().next("AnalyzeDocument", 1, Fault.throttle()).next("AnalyzeDocument", 1, Fault.status(502, "InternalServerError"));
        try (VisionClient vision = client()) {
            assertThat(vision.analyzeDocument(ImageSource.bytes(VisionScenes.purchaseOrder(9).png()), DocumentFeatures.all()).value().tables()).hasSize(1);
        }
        assertThat(server.count("AnalyzeDocument")).isEqualTo(3);
    }

    @Test
    void analyzeDocument_whenServiceRejects_surfacesErrorCode() {
        server.faults().next("AnalyzeDocument", 1, Fault.status(400, "UnsupportedDocumentException"));
        try (VisionClient vision = client()) {
            assertThatThrownBy(() -> vision.analyzeDocument(ImageSource.bytes(VisionScenes.purchaseOrder(8).png()), DocumentFeatures.all()))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.errorCode()).contains("UnsupportedDocumentException"));
        }
        assertThat(server.count("AnalyzeDocument")).isEqualTo(1);
    }

    /** The fake counts PDF pages as Textract does: a two-page PDF in object streams is refused by the sync API. */
    @Test
    void fake_whenTwoPagePdfInObjectStreams_refusesItLikeTextract() throws Exception {
        byte[] two = TestImages.compressedPdf(2);
        byte[] one = TestImages.compressedPdf(1);
        try (var raw = dev.trae.aws.core.spi.AwsClients.of(local.config())
                .sync("textract", software.amazon.awssdk.services.textract.TextractClient::builder)) {
            assertThatThrownBy(() -> raw.detectDocumentText(r -> r.document(d -> d.bytes(software.amazon.awssdk.core.SdkBytes.fromByteArray(two)))))
                    .isInstanceOf(software.amazon.awssdk.services.textract.model.UnsupportedDocumentException.class);
            assertThat(raw.detectDocumentText(r -> r.document(d -> d.bytes(software.amazon.awssdk.core.SdkBytes.fromByteArray(one))))
                    .documentMetadata().pages()).isEqualTo(1);
        }
    }
}
