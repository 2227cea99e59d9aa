package dev.trae.aws.vision.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A typed Textract result: pages with lines and words, tables (rows, columns, merged cells, headers),
 * key-value pairs, query answers, signatures and layout sections, all with geometry. Immutable.
 *
 * <pre>{@code
 * Document doc = vision.analyzeDocument(ImageSource.file(path), DocumentFeatures.builder().tables().forms().build()).value();
 * doc.tables().get(0).toCsv();
 * doc.formToJson();
 * }</pre>
 */
public record Document(int pageCount, List<Page> pages) {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Document {
        pages = List.copyOf(pages);
    }

    /** Every table of every page. */
    public List<Table> tables() {
        return pages.stream().flatMap(p -> p.tables().stream()).toList();
    }

    /** Every key-value pair of every page. */
    public List<KeyValue> keyValues() {
        return pages.stream().flatMap(p -> p.keyValues().stream()).toList();
    }

    public List<QueryAnswer> queries() {
        return pages.stream().flatMap(p -> p.queries().stream()).toList();
    }

    public List<Signature> signatures() {
        return pages.stream().flatMap(p -> p.signatures().stream()).toList();
    }

    public List<Line> lines() {
        return pages.stream().flatMap(p -> p.lines().stream()).toList();
    }

    /** The whole text, page after page. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        pages.forEach(p -> sb.append(p.text()));
        return sb.toString();
    }

    /** The value of the first field whose key, without a trailing colon, equals {@code key} ignoring case. */
    public Optional<String> field(String key) {
        String k = normaliseKey(key);
        return keyValues().stream().filter(kv -> normaliseKey(kv.key()).equals(k)).map(KeyValue::value).findFirst();
    }

    /** The answer to a query, looked up by alias or question text. */
    public Optional<String> answer(String aliasOrQuestion) {
        return queries().stream().filter(q -> q.alias().equals(aliasOrQuestion) || q.question().equals(aliasOrQuestion))
                .map(QueryAnswer::answer).filter(a -> !a.isEmpty()).findFirst();
    }

    /** The form fields as a map, keys without their trailing colon; a repeated key gets " (2)", " (3)"... */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : keyValues()) {
            String k = kv.key().trim().replaceAll(":$", "").trim();
            String key = k;
            for (int i = 2; out.containsKey(key); i++) {
                key = k + " (" + i + ")";
            }
            out.put(key, kv.value());
        }
        return out;
    }

    /**
     * The form as JSON: {@code {"fields": {key: value}, "fieldDetails": [{key, value, confidence, page}],
     * "queries": [{question, alias, answer}]}}, pretty-printed.
     */
    public String formToJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("fields", fields());
        List<Map<String, Object>> details = new ArrayList<>();
        for (KeyValue kv : keyValues()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", kv.key());
            m.put("value", kv.value());
            m.put("confidence", Math.round(kv.confidence() * 10) / 10.0);
            m.put("page", kv.page());
            details.add(m);
        }
        root.put("fieldDetails", details);
        List<Map<String, Object>> qs = new ArrayList<>();
        for (QueryAnswer q : queries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("question", q.question());
            m.put("alias", q.alias());
            m.put("answer", q.answer());
            qs.add(m);
        }
        root.put("queries", qs);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normaliseKey(String k) {
        return k.trim().replaceAll(":$", "").trim().toLowerCase(Locale.ROOT);
    }
}
