package dev.trae.aws.bedrock.model;

import java.util.List;
import java.util.Optional;

/**
 * Sampling settings of a call. Every field is optional; unset fields use the model's defaults. Immutable.
 *
 * <pre>{@code
 * InferenceConfig.builder().maxTokens(2048).temperature(0.2).build();
 * }</pre>
 */
public final class InferenceConfig {
    private final Integer maxTokens;
    private final Double temperature;
    private final Double topP;
    private final List<String> stopSequences;

    private InferenceConfig(Builder b) {
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.stopSequences = List.copyOf(b.stopSequences);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No settings: the model's defaults. */
    public static InferenceConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.stopSequences = stopSequences;
        return b;
    }

    public Optional<Integer> maxTokens() {
        return Optional.ofNullable(maxTokens);
    }

    public Optional<Double> temperature() {
        return Optional.ofNullable(temperature);
    }

    public Optional<Double> topP() {
        return Optional.ofNullable(topP);
    }

    public List<String> stopSequences() {
        return stopSequences;
    }

    @Override
    public String toString() {
        return "InferenceConfig[maxTokens=" + maxTokens + ", temperature=" + temperature + ", topP=" + topP
                + ", stopSequences=" + stopSequences.size() + "]";
    }

    /** Builder; values are checked when a request is sent. */
    public static final class Builder {
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private List<String> stopSequences = List.of();

        private Builder() {
        }

        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        public Builder topP(double p) {
            this.topP = p;
            return this;
        }

        public Builder stopSequences(List<String> s) {
            this.stopSequences = List.copyOf(s);
            return this;
        }

        public InferenceConfig build() {
            return new InferenceConfig(this);
        }
    }
}
