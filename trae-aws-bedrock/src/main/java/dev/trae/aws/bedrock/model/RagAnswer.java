package dev.trae.aws.bedrock.model;

import java.util.List;

/**
 * An answer generated from a knowledge base, with citations and the session to continue in.
 *
 * @param text                 the answer
 * @param citations            which parts of the answer come from which passages
 * @param sessionId            pass it back (or use a {@code KnowledgeBase.Session}) for follow-up questions
 * @param guardrailIntervened  whether a guardrail intervened
 */
public record RagAnswer(String text, List<Citation> citations, String sessionId, boolean guardrailIntervened) {
    public RagAnswer {
        citations = List.copyOf(citations);
    }

    /**
     * A cited span of the answer.
     *
     * @param text       the cited part of the answer
     * @param start      its start offset in the answer
     * @param end        its end offset (inclusive, as the service reports)
     * @param references the passages it is based on
     */
    public record Citation(String text, int start, int end, List<Passage> references) {
        public Citation {
            references = List.copyOf(references);
        }
    }

    /** The distinct source URIs cited. */
    public List<String> sources() {
        return citations.stream().flatMap(c -> c.references().stream()).map(Passage::sourceUri).filter(s -> !s.isEmpty())
                .distinct().toList();
    }
}
