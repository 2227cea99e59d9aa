package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.vision.model.Cell;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.KeyValue;
import dev.trae.aws.vision.model.LayoutSection;
import dev.trae.aws.vision.model.QueryAnswer;
import dev.trae.aws.vision.model.Signature;
import dev.trae.aws.vision.model.Table;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.textract.TextractFake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contract tests of {@link Document} on real Textract responses (shared/textract-responses, sources in its
 * SOURCES.md). Each recording is served by the Textract fake through the real SDK client, exactly as recorded,
 * and every page, line, table (cells, spans, headers), form field, query, signature and layout block the
 * recording holds must come out of {@link VisionClient}. Spot values are the ones the source repositories' own
 * parser tests assert.
 */
@ExtendWith(TraeLocalExtension.class)
class TextractRecordedResponsesTest {
    private static final AtomicInteger SIZE = new AtomicInteger(100);
    private static Path folder;

    private final TraeLocal local;
    private final TextractFake textract;

    TextractRecordedResponsesTest(TraeLocal local) {
        this.local = local;
        this.textract = local.fake("textract", new TextractFake().pollsBeforeDone(1).blocksPerPage(100));
    }

    @BeforeAll
    static void find() {
        folder = RecordedTextract.folder().orElse(null);
    }

    private RecordedTextract recording(String file) throws Exception {
        assumeTrue(folder != null, "shared/textract-responses is not beside the repository (it comes with the project's shared data)");
        return RecordedTextract.load(folder, file);
    }

    private VisionClient client() {
        return VisionClient.builder().config(local.config()).pollInterval(Duration.ofMillis(5)).build();
    }

    /** A sync call with a distinct small page image whose answer is the recording. */
    private Document analyze(RecordedTextract rec, DocumentFeatures features) {
        byte[] png = TestImages.marked(SIZE.incrementAndGet(), 120, "png");
        textract.replay(png, rec.root);
        try (VisionClient vision = client()) {
            return features == null ? vision.detectDocumentText(ImageSource.bytes(png)).value()
                    : vision.analyzeDocument(ImageSource.bytes(png), features).value();
        }
    }

    private Document job(RecordedTextract rec, String key, boolean analysis) {
        textract.replayS3("docs", key, rec.root);
        try (VisionClient vision = client()) {
            return (analysis ? vision.startDocumentAnalysis("docs", key, DocumentFeatures.builder().tables().forms().build())
                    : vision.startDocumentTextDetection("docs", key)).await(Duration.ofSeconds(20));
        }
    }

    /** Everything the recording holds is in the document, in Textract's order. */
    private static void assertMatches(Document doc, RecordedTextract rec) {
        assertThat(doc.pageCount()).isEqualTo(rec.root.path("DocumentMetadata").path("Pages").asInt());
        assertThat(doc.pages()).hasSize(rec.blocks("PAGE").size());
        List<String> lines = rec.blocks("LINE").stream().map(b -> b.path("Text").asText()).toList();
        assertThat(doc.lines()).extracting(dev.trae.aws.vision.model.Line::text).containsExactlyElementsOf(lines);
        assertThat(doc.lines().stream().mapToInt(l -> l.words().size()).sum()).isEqualTo(rec.blocks("WORD").size());
        assertThat(doc.lines().stream().flatMap(l -> l.words().stream()).filter(w -> w.handwriting()).count())
                .isEqualTo(rec.blocks("WORD").stream().filter(w -> w.path("TextType").asText().equals("HANDWRITING")).count());

        List<JsonNode> tables = rec.blocks("TABLE");
        assertThat(doc.tables()).hasSize(tables.size());
        for (int i = 0; i < tables.size(); i++) {
            JsonNode t = tables.get(i);
            Table got = doc.tables().get(i);
            assertThat(got.page()).as("table %d page", i).isEqualTo(rec.page(t));
            assertThat(got.rows()).as("table %d rows", i).isEqualTo(rec.rows(t));
            assertThat(got.columns()).as("table %d columns", i).isEqualTo(rec.columns(t));
            List<RecordedTextract.ExpectedCell> cells = new ArrayList<>();
            for (Cell c : got.cells()) {
                cells.add(new RecordedTextract.ExpectedCell(c.row(), c.column(), c.rowSpan(), c.columnSpan(), c.text(), c.header()));
            }
            assertThat(cells).as("table %d cells", i).containsExactlyElementsOf(rec.cells(t));
            assertThat(got.title()).as("table %d title", i)
                    .isEqualTo(rec.related(t, "TABLE_TITLE").stream().map(rec::words).findFirst().orElse(""));
            assertThat(got.footers()).as("table %d footers", i)
                    .containsExactlyElementsOf(rec.related(t, "TABLE_FOOTER").stream().map(rec::words).toList());
        }

        List<JsonNode> keys = rec.blocks("KEY_VALUE_SET").stream().filter(b -> RecordedTextract.has(b, "KEY")).toList();
        assertThat(doc.keyValues()).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            KeyValue kv = doc.keyValues().get(i);
            assertThat(kv.key()).isEqualTo(rec.words(k));
            assertThat(kv.value()).isEqualTo(rec.related(k, "VALUE").stream().map(rec::words).findFirst().orElse(""));
            assertThat(kv.page()).isEqualTo(rec.page(k));
        }

        List<JsonNode> queries = rec.blocks("QUERY");
        assertThat(doc.queries()).hasSize(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            JsonNode q = queries.get(i);
            QueryAnswer a = doc.queries().get(i);
            assertThat(a.question()).isEqualTo(q.path("Query").path("Text").asText());
            assertThat(a.alias()).isEqualTo(q.path("Query").path("Alias").asText(""));
            assertThat(a.answer()).isEqualTo(rec.related(q, "ANSWER").stream().map(r -> r.path("Text").asText()).findFirst().orElse(""));
        }

        List<JsonNode> signatures = rec.blocks("SIGNATURE");
        assertThat(doc.signatures()).hasSize(signatures.size());
        for (int i = 0; i < signatures.size(); i++) {
            Signature s = doc.signatures().get(i);
            assertThat(s.page()).isEqualTo(rec.page(signatures.get(i)));
            assertThat(s.geometry().box().left()).isCloseTo(signatures.get(i).path("Geometry").path("BoundingBox").path("Left").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-6));
        }

        List<JsonNode> layout = rec.layoutBlocks();
        List<LayoutSection> sections = doc.pages().stream().flatMap(p -> p.layout().stream()).toList();
        assertThat(sections).hasSize(layout.size());
        for (int i = 0; i < layout.size(); i++) {
            JsonNode b = layout.get(i);
            assertThat(sections.get(i).type()).isEqualTo(b.path("BlockType").asText().substring("LAYOUT_".length()));
            assertThat(sections.get(i).text()).as("layout block %d (%s)", i, b.path("BlockType").asText()).isEqualTo(rec.layoutText(b));
        }
    }

    private static List<LayoutSection> layout(Document d, String type) {
        return d.pages().stream().flatMap(p -> p.layout().stream()).filter(s -> s.type().equals(type)).toList();
    }

    @Test
    void detectText_sync() throws Exception {
        RecordedTextract rec = recording("detect_text_sync.json");
        Document d = analyze(rec, null);
        assertMatches(d, rec);
        assertThat(d.lines()).hasSize(24);
        assertThat(d.lines().stream().mapToInt(l -> l.words().size()).sum()).isEqualTo(51);
    }

    @Test
    void textDetection_asyncTwoPages() throws Exception {
        RecordedTextract rec = recording("text_detection_async_2p.json");
        Document d = job(rec, "text-2p.pdf", false);
        assertMatches(d, rec);
        assertThat(d.pageCount()).isEqualTo(2);
    }

    @Test
    void analysis_asyncTwoPages() throws Exception {
        RecordedTextract rec = recording("analysis_async_2p.json");
        Document d = job(rec, "analysis-2p.pdf", true);
        assertMatches(d, rec);
        assertThat(d.pageCount()).isEqualTo(2);
        assertThat(d.tables()).extracting(Table::page).containsExactly(1, 2);
    }

    @Test
    void forms_asyncTwoPages() throws Exception {
        RecordedTextract rec = recording("forms_async_2p.json");
        Document d = job(rec, "forms-2p.pdf", true);
        assertMatches(d, rec);
        assertThat(d.keyValues()).hasSize(39);
        assertThat(d.keyValues()).extracting(KeyValue::page).contains(1, 2);
        assertThat(d.tables().stream().flatMap(t -> t.cells().stream()).filter(Cell::merged).count()).isEqualTo(3);
    }

    @Test
    void w2_tablesAndForms() throws Exception {
        RecordedTextract rec = recording("w2.json");
        Document d = analyze(rec, DocumentFeatures.builder().tables().forms().build());
        assertMatches(d, rec);
        assertThat(d.keyValues()).hasSize(34);
        List<Cell> merged = d.tables().get(0).cells().stream().filter(Cell::merged).toList();
        assertThat(merged).hasSize(4).allSatisfy(c -> {
            assertThat(c.rowSpan()).isEqualTo(2);
            assertThat(c.header()).isTrue();
        });
    }

    @Test
    void mergedCells_tables() throws Exception {
        RecordedTextract rec = recording("merged_cells_sample1.json");
        Document d = analyze(rec, DocumentFeatures.builder().tables().build());
        assertMatches(d, rec);
        assertThat(d.tables()).hasSize(3);
        List<Cell> merged = d.tables().stream().flatMap(t -> t.cells().stream()).filter(Cell::merged).toList();
        assertThat(merged).hasSize(5);
        assertThat(merged).extracting(Cell::text).contains("Monday, February 28, 2022", "Tuesday, March 01, 2022", "Wednesday, March 02, 2022");
    }

    @Test
    void queries_oneUnanswered() throws Exception {
        RecordedTextract rec = recording("queries_one_no_answer.json");
        Document d = analyze(rec, DocumentFeatures.builder().query("What is the Pay Period Start Date?", "PAYSTUB_PERIOD_START_DATE").build());
        assertMatches(d, rec);
        assertThat(d.queries()).hasSize(9);
        assertThat(d.queries().stream().filter(q -> q.answer().isEmpty())).extracting(QueryAnswer::alias)
                .containsExactly("PAYSTUB_PERIOD_START_DATE");
        assertThat(d.answer("PAYSTUB_PERIOD_EMPLOYEE_NAME")).contains("Alejandro Rosalez");
        assertThat(d.answer("PAYSTUB_PERIOD_START_DATE")).isEmpty();
    }

    @Test
    void verificationOfEmployment_signaturesFormsQueries() throws Exception {
        RecordedTextract rec = recording("verification_of_employment.json");
        Document d = analyze(rec, DocumentFeatures.all());
        assertMatches(d, rec);
        assertThat(d.signatures()).hasSize(3);
        assertThat(d.keyValues()).hasSize(50);
        assertThat(d.answer("What is the Base pay Year to Date")).contains("$ 15.00");
    }

    @Test
    void form1005_allFeatures() throws Exception {
        RecordedTextract rec = recording("form1005_all_features.json");
        Document d = analyze(rec, DocumentFeatures.all());
        assertMatches(d, rec);
        assertThat(d.signatures()).hasSize(3);
        assertThat(d.keyValues()).hasSize(50);
        assertThat(d.keyValues()).extracting(KeyValue::key).contains("1. To (Name and address of employer)");
        assertThat(d.field("2. From (Name and address of lender)")).hasValueSatisfying(v -> assertThat(v).contains("Carlos Salazar"));
        assertThat(layout(d, "FOOTER")).extracting(LayoutSection::text).containsExactly("Form 1005");
        assertThat(d.answer("form_type")).contains("Form 1005");
        assertThat(d.tables().stream().flatMap(t -> t.cells().stream()).filter(Cell::merged).count()).isEqualTo(11);
    }

    @Test
    void financialDocument_tableTitleFootersAndList() throws Exception {
        RecordedTextract rec = recording("financial_document.json");
        Document d = analyze(rec, DocumentFeatures.builder().tables().layout().query("x", "x").build());
        assertMatches(d, rec);
        Table t = d.tables().get(0);
        assertThat(t.rows()).isEqualTo(12);
        assertThat(t.columns()).isEqualTo(6);
        assertThat(t.cell(3, 1).orElseThrow().text()).isEqualTo("Supplementary Financing Facility Subsidy Account");
        assertThat(t.cell(12, 6).orElseThrow().text()).isEqualTo("**");
        assertThat(t.title()).isNotEmpty();
        assertThat(t.footers()).hasSize(5);
        assertThat(layout(d, "HEADER")).extracting(LayoutSection::text).contains("IV. Administered Accounts");
        assertThat(layout(d, "PAGE_NUMBER")).extracting(LayoutSection::text).containsExactly("57");
        LayoutSection list = layout(d, "LIST").get(0);
        List<String> itemLines = layout(d, "TEXT").stream().filter(s -> list.text().contains(s.text())).map(LayoutSection::text).toList();
        assertThat(list.text()).isNotEmpty().startsWith("**\nLess than US$50,000.\n1 One member (Sudan)");
        assertThat(String.join("\n", itemLines)).isEqualTo(list.text());
    }

    @Test
    void paystub_allFeatures() throws Exception {
        RecordedTextract rec = recording("paystub.json");
        Document d = analyze(rec, DocumentFeatures.all());
        assertMatches(d, rec);
        assertThat(d.tables()).hasSize(7);
        assertThat(d.signatures()).hasSize(1);
        assertThat(layout(d, "SECTION_HEADER")).extracting(LayoutSection::text).contains("Earnings Statement");
        assertThat(d.answer("gross pay")).contains("$ 452.43");
    }

    @Test
    void layoutList_listsCarryTheTextOfTheirItems() throws Exception {
        RecordedTextract rec = recording("layout_list.json");
        Document d = analyze(rec, DocumentFeatures.builder().layout().build());
        assertMatches(d, rec);
        assertThat(layout(d, "LIST")).extracting(LayoutSection::text).containsExactly(
                "Priority list item 1\nPriority list item 2\nAnother list item 3\nAnd a total optional list item",
                "1. But we\n2. can also\n3. do numbered\n4. lists");
    }
}
