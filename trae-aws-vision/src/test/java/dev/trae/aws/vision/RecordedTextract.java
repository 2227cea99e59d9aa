package dev.trae.aws.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Textract responses in {@code shared/textract-responses/} (see its SOURCES.md), read in place from
 * the parent directory of the repository root (never copied into the project), and what a document built from
 * one must contain, read straight from the raw JSON block graph as the Textract API reference describes it
 * (https://docs.aws.amazon.com/textract/latest/dg/API_Block.html, https://docs.aws.amazon.com/textract/latest/dg/how-it-works-document-layout.html).
 */
final class RecordedTextract {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final JsonNode root;
    private final Map<String, JsonNode> byId = new HashMap<>();

    private RecordedTextract(JsonNode root) {
        this.root = root;
        root.path("Blocks").forEach(b -> byId.put(b.path("Id").asText(), b));
    }

    /** The folder of recorded responses, found by walking up from the working directory; empty when absent. */
    static Optional<Path> folder() {
        return dev.trae.testkit.SharedData.folder("textract-responses");
    }

    static RecordedTextract load(Path folder, String file) throws IOException {
        return new RecordedTextract(MAPPER.readTree(folder.resolve(file).toFile()));
    }

    List<JsonNode> blocks(String type) {
        List<JsonNode> out = new ArrayList<>();
        root.path("Blocks").forEach(b -> {
            if (b.path("BlockType").asText().equals(type)) {
                out.add(b);
            }
        });
        return out;
    }

    List<JsonNode> layoutBlocks() {
        List<JsonNode> out = new ArrayList<>();
        root.path("Blocks").forEach(b -> {
            if (b.path("BlockType").asText().startsWith("LAYOUT_")) {
                out.add(b);
            }
        });
        return out;
    }

    List<JsonNode> related(JsonNode b, String type) {
        List<JsonNode> out = new ArrayList<>();
        b.path("Relationships").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                r.path("Ids").forEach(id -> {
                    JsonNode c = byId.get(id.asText());
                    if (c != null) {
                        out.add(c);
                    }
                });
            }
        });
        return out;
    }

    static boolean has(JsonNode b, String entityType) {
        for (JsonNode e : b.path("EntityTypes")) {
            if (e.asText().equals(entityType)) {
                return true;
            }
        }
        return false;
    }

    /** The words (and selection marks) directly under a block, joined by spaces. */
    String words(JsonNode b) {
        List<String> parts = new ArrayList<>();
        for (JsonNode c : related(b, "CHILD")) {
            String t = c.path("BlockType").asText();
            if (t.equals("WORD")) {
                parts.add(c.path("Text").asText());
            } else if (t.equals("SELECTION_ELEMENT")) {
                parts.add(c.path("SelectionStatus").asText());
            }
        }
        return String.join(" ", parts);
    }

    /** The text of a layout block: its lines, and the text of layout blocks it contains (a list's items), one per line. */
    String layoutText(JsonNode b) {
        List<String> parts = new ArrayList<>();
        for (JsonNode c : related(b, "CHILD")) {
            String t = c.path("BlockType").asText();
            String tx = t.equals("LINE") || t.equals("WORD") ? c.path("Text").asText() : t.startsWith("LAYOUT_") ? layoutText(c) : "";
            if (!tx.isEmpty()) {
                parts.add(tx);
            }
        }
        return String.join("\n", parts);
    }

    /** A table as the block graph describes it: size, and each cell (merged cells once, with their span). */
    record ExpectedCell(int row, int column, int rowSpan, int columnSpan, String text, boolean header) {
    }

    int rows(JsonNode table) {
        return related(table, "CHILD").stream().filter(c -> c.path("BlockType").asText().equals("CELL"))
                .mapToInt(c -> c.path("RowIndex").asInt() + c.path("RowSpan").asInt(1) - 1).max().orElse(0);
    }

    int columns(JsonNode table) {
        return related(table, "CHILD").stream().filter(c -> c.path("BlockType").asText().equals("CELL"))
                .mapToInt(c -> c.path("ColumnIndex").asInt() + c.path("ColumnSpan").asInt(1) - 1).max().orElse(0);
    }

    List<ExpectedCell> cells(JsonNode table) {
        List<ExpectedCell> out = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (JsonNode m : related(table, "MERGED_CELL")) {
            List<JsonNode> parts = new ArrayList<>(related(m, "CHILD"));
            parts.sort(Comparator.comparingInt((JsonNode c) -> c.path("RowIndex").asInt()).thenComparingInt(c -> c.path("ColumnIndex").asInt()));
            List<String> texts = new ArrayList<>();
            for (JsonNode c : parts) {
                covered.add(c.path("Id").asText());
                String w = words(c);
                if (!w.isEmpty()) {
                    texts.add(w);
                }
            }
            boolean header = has(m, "COLUMN_HEADER") || (!parts.isEmpty() && parts.stream().allMatch(c -> has(c, "COLUMN_HEADER")));
            out.add(new ExpectedCell(m.path("RowIndex").asInt(), m.path("ColumnIndex").asInt(), m.path("RowSpan").asInt(1),
                    m.path("ColumnSpan").asInt(1), String.join(" ", texts), header));
        }
        for (JsonNode c : related(table, "CHILD")) {
            if (c.path("BlockType").asText().equals("CELL") && !covered.contains(c.path("Id").asText())) {
                out.add(new ExpectedCell(c.path("RowIndex").asInt(), c.path("ColumnIndex").asInt(), c.path("RowSpan").asInt(1),
                        c.path("ColumnSpan").asInt(1), words(c), has(c, "COLUMN_HEADER")));
            }
        }
        out.sort(Comparator.comparingInt(ExpectedCell::row).thenComparingInt(ExpectedCell::column));
        return out;
    }

    int page(JsonNode b) {
        return b.path("Page").asInt(1);
    }
}
