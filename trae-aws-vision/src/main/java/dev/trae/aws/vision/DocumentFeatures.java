package dev.trae.aws.vision;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.trae.aws.core.TraeValidationException;

/**
 * What {@code AnalyzeDocument} should extract: TABLES, FORMS, QUERIES (with the questions), SIGNATURES,
 * LAYOUT. Immutable.
 *
 * <pre>{@code
 * DocumentFeatures f = DocumentFeatures.builder().tables().forms().query("What is the order number?", "order").build();
 * }</pre>
 */
public final class DocumentFeatures {
    /** A Textract feature type. */
    public enum Feature { TABLES, FORMS, QUERIES, SIGNATURES, LAYOUT }

    /** A question to ask of the document, with an alias to find its answer by. */
    public record Query(String text, String alias) {
    }

    private final Set<Feature> features;
    private final List<Query> queries;

    private DocumentFeatures(Builder b) {
        if (b.features.isEmpty()) {
            throw new TraeValidationException("features", "choose at least one of TABLES, FORMS, QUERIES, SIGNATURES, LAYOUT");
        }
        if (b.features.contains(Feature.QUERIES) && b.queries.isEmpty()) {
            throw new TraeValidationException("queries", "QUERIES needs at least one query");
        }
        if (b.queries.size() > 15) {
            throw new TraeValidationException("queries", "at most 15 queries per synchronous call, got " + b.queries.size());
        }
        this.features = Set.copyOf(b.features);
        this.queries = List.copyOf(b.queries);
    }

    /** Tables, forms, signatures and layout (no queries). */
    public static DocumentFeatures all() {
        return builder().tables().forms().signatures().layout().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<Feature> features() {
        return features;
    }

    public List<Query> queries() {
        return queries;
    }

    @Override
    public String toString() {
        return "DocumentFeatures" + features + (queries.isEmpty() ? "" : " queries=" + queries.size());
    }

    /** Builder for {@link DocumentFeatures}. */
    public static final class Builder {
        private final Set<Feature> features = EnumSet.noneOf(Feature.class);
        private final List<Query> queries = new ArrayList<>();

        public Builder tables() {
            features.add(Feature.TABLES);
            return this;
        }

        public Builder forms() {
            features.add(Feature.FORMS);
            return this;
        }

        public Builder signatures() {
            features.add(Feature.SIGNATURES);
            return this;
        }

        public Builder layout() {
            features.add(Feature.LAYOUT);
            return this;
        }

        /** Adds a query (and the QUERIES feature). */
        public Builder query(String text, String alias) {
            if (text == null || text.isBlank() || text.length() > 200) {
                throw new TraeValidationException("query", "must be 1 to 200 characters");
            }
            features.add(Feature.QUERIES);
            queries.add(new Query(text, alias == null ? "" : alias));
            return this;
        }

        public DocumentFeatures build() {
            return new DocumentFeatures(this);
        }
    }
}
