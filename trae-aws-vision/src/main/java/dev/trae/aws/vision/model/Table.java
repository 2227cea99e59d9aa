package dev.trae.aws.vision.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table: its size, its cells (merged cells once, with their spans), its geometry, and the title and footers
 * Textract links to it ({@code TABLE_TITLE} and {@code TABLE_FOOTER} relationships; empty when there are none).
 * Rows whose cells are all column headers are header rows.
 */
public record Table(int page, int rows, int columns, List<Cell> cells, Geometry geometry, String title, List<String> footers) {
    public Table {
        cells = List.copyOf(cells);
        title = title == null ? "" : title;
        footers = List.copyOf(footers);
    }

    /** A table without title and footers. */
    public Table(int page, int rows, int columns, List<Cell> cells, Geometry geometry) {
        this(page, rows, columns, cells, geometry, "", List.of());
    }

    /** The cell covering a position (1-based), if any. */
    public Optional<Cell> cell(int row, int column) {
        return cells.stream().filter(c -> c.covers(row, column)).findFirst();
    }

    /** Leading rows made of header cells only. */
    public int headerRows() {
        int n = 0;
        for (int r = 1; r <= rows; r++) {
            final int row = r;
            List<Cell> inRow = cells.stream().filter(c -> c.row() == row).toList();
            if (inRow.isEmpty() || !inRow.stream().allMatch(Cell::header)) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The texts of the header rows joined per column (e.g. "Price"), or empty strings without header rows. */
    public List<String> headers() {
        List<String> out = new ArrayList<>();
        int hr = headerRows();
        for (int c = 1; c <= columns; c++) {
            StringBuilder sb = new StringBuilder();
            for (int r = 1; r <= hr; r++) {
                String t = cell(r, c).map(Cell::text).orElse("");
                if (!t.isEmpty() && !sb.toString().endsWith(t)) {
                    sb.append(sb.length() == 0 ? "" : " ").append(t);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * The table as a rows x columns grid of texts. A merged cell's text is at its top-left position and
     * the positions it covers are empty.
     */
    public List<List<String>> grid() {
        List<List<String>> out = new ArrayList<>();
        for (int r = 1; r <= rows; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 1; c <= columns; c++) {
                final int rr = r;
                final int cc = c;
                row.add(cell(r, c).filter(x -> x.row() == rr && x.column() == cc).map(Cell::text).orElse(""));
            }
            out.add(row);
        }
        return out;
    }

    /** RFC 4180 CSV of {@link #grid()}, CRLF line ends; fields with comma, quote or line breaks are quoted. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : grid()) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(csv(row.get(i)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String csv(String s) {
        // a leading = + - @ would be a formula in spreadsheets: prefix a quote (OWASP CSV injection)
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("[-+]?[0-9.,]+") ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
