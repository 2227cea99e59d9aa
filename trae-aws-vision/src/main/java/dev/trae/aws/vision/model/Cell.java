package dev.trae.aws.vision.model;

/**
 * A table cell at 1-based {@code row} and {@code column}. A merged cell appears once, at its top-left
 * position, with {@code rowSpan}/{@code columnSpan} above 1 and the text of all cells it covers.
 * {@code header} marks column headers.
 */
public record Cell(int row, int column, int rowSpan, int columnSpan, String text, double confidence,
                   Geometry geometry, boolean header) {

    public boolean merged() {
        return rowSpan > 1 || columnSpan > 1;
    }

    /** Whether this cell covers the given position. */
    public boolean covers(int r, int c) {
        return r >= row && r < row + rowSpan && c >= column && c < column + columnSpan;
    }
}
