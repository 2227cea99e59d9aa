package dev.trae.aws.bedrock.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What to generate: a prompt, a target language, and code context (files, or a selection in an IDE),
 * plus whether to validate and refine, and for how many rounds. Immutable.
 *
 * <pre>{@code
 * CodeRequest.builder().prompt("Write a Java class named PriceCalculator").language("java")
 *         .contextFile(new CodeFile("src/main/java/a/Fuel.java", "java", fuelSource))
 *         .validate(true).maxRounds(3).build();
 * }</pre>
 */
public final class CodeRequest {
    /**
     * A selection in an editor.
     *
     * @param path      the file
     * @param text      the selected text
     * @param startLine the first selected line (1-based)
     * @param endLine   the last selected line
     */
    public record Selection(String path, String text, int startLine, int endLine) {
        public Selection {
            Objects.requireNonNull(path);
            Objects.requireNonNull(text);
        }
    }

    private final String prompt;
    private final String language;
    private final List<CodeFile> context;
    private final Selection selection;
    private final boolean validate;
    private final int maxRounds;
    private final String app;

    private CodeRequest(Builder b) {
        this.prompt = b.prompt;
        this.language = b.language == null ? "java" : b.language.toLowerCase(Locale.ROOT);
        this.context = List.copyOf(b.context);
        this.selection = b.selection;
        this.validate = b.validate;
        this.maxRounds = b.maxRounds;
        this.app = b.app;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String prompt() {
        return prompt;
    }

    public String language() {
        return language;
    }

    public List<CodeFile> context() {
        return context;
    }

    public Optional<Selection> selection() {
        return Optional.ofNullable(selection);
    }

    public boolean validate() {
        return validate;
    }

    /** The most model calls of the validate-and-refine loop (the first generation included). */
    public int maxRounds() {
        return maxRounds;
    }

    public String app() {
        return app;
    }

    @Override
    public String toString() {
        return "CodeRequest[language=" + language + ", promptChars=" + (prompt == null ? 0 : prompt.length()) + ", context="
                + context.size() + ", selection=" + (selection != null) + ", validate=" + validate + ", maxRounds=" + maxRounds + "]";
    }

    /** Builder for {@link CodeRequest}. */
    public static final class Builder {
        private String prompt;
        private String language;
        private final List<CodeFile> context = new ArrayList<>();
        private Selection selection;
        private boolean validate = true;
        private int maxRounds = 3;
        private String app = "default";

        private Builder() {
        }

        public Builder prompt(String p) {
            this.prompt = p;
            return this;
        }

        public Builder language(String l) {
            this.language = l;
            return this;
        }

        public Builder contextFile(CodeFile f) {
            context.add(Objects.requireNonNull(f));
            return this;
        }

        public Builder context(List<CodeFile> files) {
            context.clear();
            context.addAll(files);
            return this;
        }

        public Builder selection(Selection s) {
            this.selection = s;
            return this;
        }

        public Builder validate(boolean v) {
            this.validate = v;
            return this;
        }

        public Builder maxRounds(int n) {
            this.maxRounds = n;
            return this;
        }

        public Builder app(String a) {
            this.app = a;
            return this;
        }

        public CodeRequest build() {
            return new CodeRequest(this);
        }
    }
}
