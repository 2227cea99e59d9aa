package dev.trae.aws.vision.model;

import java.util.List;

/** One page of a {@link Document}. Lists keep reading order as Textract returned it. */
public record Page(int number, Geometry geometry, List<Line> lines, List<Table> tables, List<KeyValue> keyValues,
                   List<QueryAnswer> queries, List<Signature> signatures, List<LayoutSection> layout) {
    public Page {
        lines = List.copyOf(lines);
        tables = List.copyOf(tables);
        keyValues = List.copyOf(keyValues);
        queries = List.copyOf(queries);
        signatures = List.copyOf(signatures);
        layout = List.copyOf(layout);
    }

    /** The page text, one line per line. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()).append('\n'));
        return sb.toString();
    }
}
