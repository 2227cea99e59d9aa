package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.stream.Stream;

/**
 * What a guardrail found in one piece of input or output: denied topics, content filters, word matches,
 * sensitive information (PII entities and regexes), and contextual-grounding checks (grounding and relevance
 * scores against their thresholds). Immutable. {@code toString()} never shows matched
 * sensitive text.
 */
public record GuardrailAssessment(List<Topic> topics, List<ContentFilter> contentFilters, List<WordMatch> words,
                                  List<PiiMatch> piiEntities, List<RegexMatch> regexes, List<GroundingFilter> grounding) {
    /** An assessment without contextual-grounding results. */
    public GuardrailAssessment(List<Topic> topics, List<ContentFilter> contentFilters, List<WordMatch> words,
                               List<PiiMatch> piiEntities, List<RegexMatch> regexes) {
        this(topics, contentFilters, words, piiEntities, regexes, List.of());
    }

    public GuardrailAssessment {
        grounding = List.copyOf(grounding);
        topics = List.copyOf(topics);
        contentFilters = List.copyOf(contentFilters);
        words = List.copyOf(words);
        piiEntities = List.copyOf(piiEntities);
        regexes = List.copyOf(regexes);
    }

    /** A denied topic that matched. */
    public record Topic(String name, String type, String action) {
    }

    /** A content filter (HATE, VIOLENCE, PROMPT_ATTACK, ...) with its confidence. */
    public record ContentFilter(String type, String confidence, String action) {
    }

    /** A custom or managed word that matched. */
    public record WordMatch(String match, String action) {
    }

    /** A PII entity (EMAIL, PHONE, ...) that matched; the match itself is hidden in {@code toString()}. */
    public record PiiMatch(String type, String match, String action) {
        @Override
        public String toString() {
            return "PiiMatch[type=" + type + ", action=" + action + ", match=****]";
        }
    }

    /** A sensitive-information regex that matched; the match is hidden in {@code toString()}. */
    public record RegexMatch(String name, String match, String action) {
        @Override
        public String toString() {
            return "RegexMatch[name=" + name + ", action=" + action + ", match=****]";
        }
    }

    /**
     * A contextual-grounding check: {@code GROUNDING} (is the answer supported by the source) or {@code RELEVANCE}
     * (does it answer the query).
     *
     * @param type      GROUNDING or RELEVANCE
     * @param threshold the configured threshold
     * @param score     the score the answer got
     * @param action    BLOCKED or NONE
     * @param detected  whether the check fired (score below threshold)
     */
    public record GroundingFilter(String type, double threshold, double score, String action, boolean detected) {
    }

    /** Whether any policy in this assessment blocked the content. */
    public boolean blocked() {
        return Stream.of(topics.stream().map(Topic::action), contentFilters.stream().map(ContentFilter::action),
                words.stream().map(WordMatch::action), piiEntities.stream().map(PiiMatch::action), regexes.stream().map(RegexMatch::action),
                grounding.stream().map(GroundingFilter::action))
                .flatMap(s -> s).anyMatch("BLOCKED"::equalsIgnoreCase);
    }

    /** Whether nothing matched. */
    public boolean isEmpty() {
        return topics.isEmpty() && contentFilters.isEmpty() && words.isEmpty() && piiEntities.isEmpty() && regexes.isEmpty()
                && grounding.isEmpty();
    }
}
