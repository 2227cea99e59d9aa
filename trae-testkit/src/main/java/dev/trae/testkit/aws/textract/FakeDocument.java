package dev.trae.testkit.aws.textract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a document "contains", for {@link TextractFake}: pages with text lines, tables (with header rows
 * and merged cells), key-value pairs and signatures, all with normalised boxes (0..1 of the page).
 * {@link TextractFake} turns it into the Textract block graph. Mutable builder-style object; build it
 * once, then hand it to the fake.
 */
public final class FakeDocument {

    /** A normalised box: left, top, width, height as fractions of the page. */
    public record Box(double left, double top, double width, double height) {
        public Box {
            if (width < 0 || height < 0) {
                throw new IllegalArgumentException("negative box size");
            }
        }
    }

    /** A line of text. */
    public record Line(String text, Box box) {
    }

    /** A table cell at 1-based {@code row}/{@code column}, spanning {@code rowSpan} x {@code columnSpan}. */
    public record Cell(int row, int column, int rowSpan, int columnSpan, String text, Box box) {
    }

    /** A key-value pair of a form. */
    public record KeyValue(String key, Box keyBox, String value, Box valueBox) {
    }

    /** A table: its cells (merged cells once, with their span), how many leading rows are headers, an optional title. */
    public record Table(Box box, int rows, int columns, int headerRows, List<Cell> cells, String title) {
        public Table {
            cells = List.copyOf(cells);
        }
    }

    /** One page. */
    public static final class Page {
        private final List<Line> lines = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<KeyValue> keyValues = new ArrayList<>();
        private final List<Box> signatures = new ArrayList<>();

        public Page line(String text, Box box) {
            lines.add(new Line(Objects.requireNonNull(text), box));
            return this;
        }

        public Page table(Table t) {
            tables.add(t);
            return this;
        }

        public Page keyValue(String key, Box keyBox, String value, Box valueBox) {
            keyValues.add(new KeyValue(key, keyBox, value, valueBox));
            return this;
        }

        public Page signature(Box box) {
            signatures.add(box);
            return this;
        }

        public List<Line> lines() {
            return lines;
        }

        public List<Table> tables() {
            return tables;
        }

        public List<KeyValue> keyValues() {
            return keyValues;
        }

        public List<Box> signatures() {
            return signatures;
        }
    }

    private final List<Page> pages = new ArrayList<>();

    /** Adds a page and returns it for filling. */
    public Page addPage() {
        Page p = new Page();
        pages.add(p);
        return p;
    }

    public List<Page> pages() {
        return pages;
    }

    /**
     * The default document: one page with a title, three form fields, a 4 x 3 line-item table whose
     * header row is a column header and whose last row has a "Total" cell merged over two columns, and a
     * signature. {@code n} varies the numbers deterministically.
     */
    public static FakeDocument sample(int n) {
        FakeDocument d = new FakeDocument();
        Page p = d.addPage();
        p.line("Purchase Order", new Box(0.1, 0.05, 0.4, 0.05));
        p.line("Order No: PO-" + (1000 + n), new Box(0.1, 0.14, 0.35, 0.03));
        p.line("Date: 2026-11-" + String.format("%02d", 1 + Math.floorMod(n, 28)), new Box(0.1, 0.19, 0.3, 0.03));
        p.line("Customer: Acme Ltd", new Box(0.1, 0.24, 0.35, 0.03));
        p.keyValue("Order No:", new Box(0.1, 0.14, 0.12, 0.03), "PO-" + (1000 + n), new Box(0.23, 0.14, 0.12, 0.03));
        p.keyValue("Date:", new Box(0.1, 0.19, 0.07, 0.03), "2026-11-" + String.format("%02d", 1 + Math.floorMod(n, 28)), new Box(0.18, 0.19, 0.12, 0.03));
        p.keyValue("Customer:", new Box(0.1, 0.24, 0.12, 0.03), "Acme Ltd", new Box(0.23, 0.24, 0.12, 0.03));
        int qty = 1 + Math.floorMod(n, 5);
        List<Cell> cells = new ArrayList<>();
        double left = 0.1;
        double top = 0.35;
        double cw = 0.25;
        double rh = 0.05;
        String[][] rows = {{"Item", "Qty", "Price"}, {"Widget", Integer.toString(qty), "4.50"}, {"Gadget", "2", "12.00"}};
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 3; c++) {
                cells.add(new Cell(r + 1, c + 1, 1, 1, rows[r][c], new Box(left + c * cw, top + r * rh, cw, rh)));
            }
        }
        cells.add(new Cell(4, 1, 1, 2, "Total", new Box(left, top + 3 * rh, 2 * cw, rh)));
        cells.add(new Cell(4, 3, 1, 1, String.format(java.util.Locale.ROOT, "%.2f", qty * 4.5 + 24), new Box(left + 2 * cw, top + 3 * rh, cw, rh)));
        p.table(new Table(new Box(left, top, 3 * cw, 4 * rh), 4, 3, 1, cells, ""));
        p.line("Signature", new Box(0.1, 0.7, 0.15, 0.03));
        p.signature(new Box(0.3, 0.68, 0.25, 0.06));
        return d;
    }
}
