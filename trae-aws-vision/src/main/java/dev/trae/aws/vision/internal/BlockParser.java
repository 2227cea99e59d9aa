package dev.trae.aws.vision.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.trae.aws.vision.model.BoundingBox;
import dev.trae.aws.vision.model.Cell;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.Geometry;
import dev.trae.aws.vision.model.KeyValue;
import dev.trae.aws.vision.model.LayoutSection;
import dev.trae.aws.vision.model.Line;
import dev.trae.aws.vision.model.Page;
import dev.trae.aws.vision.model.Point;
import dev.trae.aws.vision.model.QueryAnswer;
import dev.trae.aws.vision.model.Signature;
import dev.trae.aws.vision.model.Table;
import dev.trae.aws.vision.model.Word;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.EntityType;
import software.amazon.awssdk.services.textract.model.Relationship;
import software.amazon.awssdk.services.textract.model.RelationshipType;
import software.amazon.awssdk.services.textract.model.TextType;

/** Turns a Textract block graph (one or many response pages) into the typed {@link Document}. */
public final class BlockParser {
    private final Map<String, Block> byId = new HashMap<>();
    private final List<Block> blocks;

    private BlockParser(List<Block> blocks) {
        this.blocks = blocks;
        for (Block b : blocks) {
            if (b.id() != null) {
                byId.put(b.id(), b);
            }
        }
    }

    public static Document parse(List<Block> blocks, Integer pagesFromMetadata) {
        return new BlockParser(blocks).document(pagesFromMetadata == null ? 0 : pagesFromMetadata);
    }

    private Document document(int metaPages) {
        TreeMap<Integer, PageBuilder> pages = new TreeMap<>();
        for (Block b : blocks) {
            int p = b.page() == null ? 1 : b.page();
            PageBuilder pb = pages.computeIfAbsent(p, PageBuilder::new);
            BlockType t = b.blockType();
            if (t == null) {
                continue;
            }
            switch (t) {
                case PAGE -> pb.geometry = geometry(b);
                case LINE -> pb.lines.add(new Line(text(b), conf(b), geometry(b), words(b)));
                case TABLE -> pb.tables.add(table(b, p));
                case KEY_VALUE_SET -> {
                    if (b.entityTypes().contains(EntityType.KEY)) {
                        Block value = related(b, RelationshipType.VALUE).stream().findFirst().orElse(null);
                        pb.keyValues.add(new KeyValue(p, childText(b), value == null ? "" : childText(value),
                                Math.min(conf(b), value == null ? conf(b) : conf(value)), geometry(b),
                                value == null ? Geometry.NONE : geometry(value)));
                    }
                }
                case QUERY -> {
                    Block answer = related(b, RelationshipType.ANSWER).stream().findFirst().orElse(null);
                    String q = b.query() == null ? "" : nz(b.query().text());
                    String alias = b.query() == null ? "" : nz(b.query().alias());
                    pb.queries.add(new QueryAnswer(p, q, alias, answer == null ? "" : text(answer),
                            answer == null ? 0 : conf(answer), answer == null ? Geometry.NONE : geometry(answer)));
                }
                case SIGNATURE -> pb.signatures.add(new Signature(p, conf(b), geometry(b)));
                default -> {
                    String name = b.blockTypeAsString();
                    if (name != null && name.startsWith("LAYOUT_")) {
                        pb.layout.add(new LayoutSection(p, name.substring("LAYOUT_".length()), layoutText(b, 0), geometry(b)));
                    }
                }
            }
        }
        List<Page> out = new ArrayList<>();
        pages.values().forEach(pb -> out.add(pb.build()));
        return new Document(Math.max(metaPages, out.size()), out);
    }

    private Table table(Block table, int page) {
        List<Block> cells = related(table, RelationshipType.CHILD).stream().filter(c -> c.blockType() == BlockType.CELL).toList();
        List<Block> merged = related(table, RelationshipType.MERGED_CELL);
        Set<String> covered = new HashSet<>();
        List<Cell> out = new ArrayList<>();
        int rows = 0;
        int cols = 0;
        for (Block m : merged) {
            List<Block> parts = related(m, RelationshipType.CHILD);
            parts.forEach(c -> covered.add(c.id()));
            StringBuilder sb = new StringBuilder();
            List<Block> ordered = new ArrayList<>(parts);
            ordered.sort(Comparator.comparingInt((Block c) -> nz(c.rowIndex())).thenComparingInt(c -> nz(c.columnIndex())));
            boolean header = m.entityTypes().contains(EntityType.COLUMN_HEADER)
                    || (!ordered.isEmpty() && ordered.stream().allMatch(x -> x.entityTypes().contains(EntityType.COLUMN_HEADER)));
            for (Block c : ordered) {
                String tx = childText(c);
                if (!tx.isEmpty()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(tx);
                }
            }
            int r = nz(m.rowIndex());
            int c = nz(m.columnIndex());
            int rs = Math.max(1, nz(m.rowSpan()));
            int cs = Math.max(1, nz(m.columnSpan()));
            out.add(new Cell(r, c, rs, cs, sb.toString(), conf(m), geometry(m), header));
            rows = Math.max(rows, r + rs - 1);
            cols = Math.max(cols, c + cs - 1);
        }
        for (Block c : cells) {
            int r = nz(c.rowIndex());
            int col = nz(c.columnIndex());
            rows = Math.max(rows, r + Math.max(1, nz(c.rowSpan())) - 1);
            cols = Math.max(cols, col + Math.max(1, nz(c.columnSpan())) - 1);
            if (covered.contains(c.id())) {
                continue;
            }
            out.add(new Cell(r, col, Math.max(1, nz(c.rowSpan())), Math.max(1, nz(c.columnSpan())), childText(c), conf(c), geometry(c),
                    c.entityTypes().contains(EntityType.COLUMN_HEADER)));
        }
        out.sort(Comparator.comparingInt(Cell::row).thenComparingInt(Cell::column));
        String title = related(table, RelationshipType.TABLE_TITLE).stream().map(this::childText).findFirst().orElse("");
        List<String> footers = related(table, RelationshipType.TABLE_FOOTER).stream().map(this::childText).toList();
        return new Table(page, rows, cols, out, geometry(table), title, footers);
    }

    /**
     * The text of a layout block, one line per line. A {@code LAYOUT_LIST} holds {@code LAYOUT_TEXT} items rather
     * than lines (https://docs.aws.amazon.com/textract/latest/dg/layoutresponse.html), so layout children
     * contribute their own text; the depth bound guards against a cyclic graph.
     */
    private String layoutText(Block b, int depth) {
        StringBuilder sb = new StringBuilder();
        for (Block c : related(b, RelationshipType.CHILD)) {
            String type = c.blockTypeAsString();
            String tx;
            if (c.blockType() == BlockType.LINE || c.blockType() == BlockType.WORD) {
                tx = text(c);
            } else if (type != null && type.startsWith("LAYOUT_") && depth < 8) {
                tx = layoutText(c, depth + 1);
            } else {
                tx = childText(c);
            }
            if (!tx.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(tx);
            }
        }
        return sb.toString();
    }

    private List<Word> words(Block line) {
        List<Word> out = new ArrayList<>();
        for (Block w : related(line, RelationshipType.CHILD)) {
            if (w.blockType() == BlockType.WORD) {
                out.add(new Word(text(w), conf(w), geometry(w), w.textType() == TextType.HANDWRITING));
            }
        }
        return out;
    }

    private String childText(Block b) {
        StringBuilder sb = new StringBuilder();
        for (Block c : related(b, RelationshipType.CHILD)) {
            if (c.blockType() == BlockType.WORD) {
                sb.append(sb.length() == 0 ? "" : " ").append(text(c));
            } else if (c.blockType() == BlockType.SELECTION_ELEMENT) {
                sb.append(sb.length() == 0 ? "" : " ").append(c.selectionStatusAsString());
            }
        }
        return sb.toString();
    }

    private List<Block> related(Block b, RelationshipType type) {
        List<Block> out = new ArrayList<>();
        for (Relationship r : b.relationships()) {
            if (r.type() == type) {
                for (String id : r.ids()) {
                    Block c = byId.get(id);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static String text(Block b) {
        return nz(b.text());
    }

    private static double conf(Block b) {
        return b.confidence() == null ? 0 : b.confidence();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    static Geometry geometry(Block b) {
        if (b.geometry() == null || b.geometry().boundingBox() == null) {
            return Geometry.NONE;
        }
        var bb = b.geometry().boundingBox();
        List<Point> poly = new ArrayList<>();
        b.geometry().polygon().forEach(p -> poly.add(new Point(p.x(), p.y())));
        return new Geometry(new BoundingBox(f(bb.left()), f(bb.top()), f(bb.width()), f(bb.height())), poly);
    }

    private static double f(Float v) {
        return v == null ? 0 : v;
    }

    private static final class PageBuilder {
        final int number;
        Geometry geometry = Geometry.NONE;
        final List<Line> lines = new ArrayList<>();
        final List<Table> tables = new ArrayList<>();
        final List<KeyValue> keyValues = new ArrayList<>();
        final List<QueryAnswer> queries = new ArrayList<>();
        final List<Signature> signatures = new ArrayList<>();
        final List<LayoutSection> layout = new ArrayList<>();

        PageBuilder(int number) {
            this.number = number;
        }

        Page build() {
            return new Page(number, geometry, lines, tables, keyValues, queries, signatures, layout);
        }
    }
}
