package dev.trae.aws.bedrock;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.core.TraeValidationException;

/**
 * On-demand prices per 1,000 tokens in USD by base model id, feeding the {@link CostLedger}. Inference
 * profile ids ({@code us.}, {@code eu.}, ...) use their base model's price. Immutable.
 *
 * <p>The defaults are list prices of US regions as published when this SDK was written; prices change
 * and differ by region, so production code should configure its own with {@link #with(String, Price)}.
 *
 * <pre>{@code
 * ModelPriceTable prices = ModelPriceTable.defaults().with("amazon.nova-lite-v1:0", ModelPriceTable.Price.of("0.00006", "0.00024"));
 * }</pre>
 */
public final class ModelPriceTable {
    /**
     * A model's price per 1,000 tokens.
     *
     * @param inputPer1k      input tokens
     * @param outputPer1k     output tokens
     * @param cacheReadPer1k  tokens read from the prompt cache
     * @param cacheWritePer1k tokens written to the prompt cache
     */
    public record Price(BigDecimal inputPer1k, BigDecimal outputPer1k, BigDecimal cacheReadPer1k, BigDecimal cacheWritePer1k) {
        public Price {
            for (BigDecimal b : new BigDecimal[] {inputPer1k, outputPer1k, cacheReadPer1k, cacheWritePer1k}) {
                if (b == null || b.signum() < 0) {
                    throw new TraeValidationException("price", "prices must be non-negative");
                }
            }
        }

        /** Input and output prices; cache reads at 10% and writes at 125% of the input price. */
        public static Price of(String inputPer1k, String outputPer1k) {
            BigDecimal in = new BigDecimal(inputPer1k);
            return new Price(in, new BigDecimal(outputPer1k), in.multiply(new BigDecimal("0.10")), in.multiply(new BigDecimal("1.25")));
        }

        /** All four prices. */
        public static Price of(String inputPer1k, String outputPer1k, String cacheReadPer1k, String cacheWritePer1k) {
            return new Price(new BigDecimal(inputPer1k), new BigDecimal(outputPer1k), new BigDecimal(cacheReadPer1k),
                    new BigDecimal(cacheWritePer1k));
        }
    }

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private final Map<String, Price> prices;

    private ModelPriceTable(Map<String, Price> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    /** No prices: costs are unknown. */
    public static ModelPriceTable empty() {
        return new ModelPriceTable(Map.of());
    }

    /** Defaults for the models of the catalog (US list prices at the time of writing). */
    public static ModelPriceTable defaults() {
        Map<String, Price> m = new LinkedHashMap<>();
        // Amazon Nova: cache reads at 25% of input, writes free
        m.put("amazon.nova-micro-v1:0", Price.of("0.000035", "0.00014", "0.00000875", "0"));
        m.put("amazon.nova-lite-v1:0", Price.of("0.00006", "0.00024", "0.000015", "0"));
        m.put("amazon.nova-pro-v1:0", Price.of("0.0008", "0.0032", "0.0002", "0"));
        m.put("amazon.nova-premier-v1:0", Price.of("0.0025", "0.0125", "0.000625", "0"));
        m.put("amazon.nova-2-lite-v1:0", Price.of("0.0003", "0.0025", "0.000075", "0"));
        m.put("amazon.titan-text-express-v1", Price.of("0.0002", "0.0006", "0", "0"));
        m.put("anthropic.claude-3-haiku-20240307-v1:0", Price.of("0.00025", "0.00125", "0", "0"));
        m.put("anthropic.claude-3-5-haiku-20241022-v1:0", Price.of("0.0008", "0.004"));
        m.put("anthropic.claude-3-7-sonnet-20250219-v1:0", Price.of("0.003", "0.015"));
        m.put("anthropic.claude-sonnet-4-20250514-v1:0", Price.of("0.003", "0.015"));
        // current Claude models (USD per 1M tokens: Haiku 4.5 1/5, Sonnet 4.5 and 4.6 3/15, Opus 4.5 and 4.7 5/25;
        // cache reads 10% and 5-minute cache writes 125% of the input price)
        m.put("anthropic.claude-haiku-4-5-20251001-v1:0", Price.of("0.001", "0.005"));
        m.put("anthropic.claude-sonnet-4-5-20250929-v1:0", Price.of("0.003", "0.015"));
        m.put("anthropic.claude-sonnet-4-6", Price.of("0.003", "0.015"));
        m.put("anthropic.claude-opus-4-5-20251101-v1:0", Price.of("0.005", "0.025"));
        m.put("anthropic.claude-opus-4-7", Price.of("0.005", "0.025"));
        return new ModelPriceTable(m);
    }

    /** This table with one more (or a replaced) price. */
    public ModelPriceTable with(String modelId, Price price) {
        Map<String, Price> m = new LinkedHashMap<>(prices);
        m.put(KnownModels.baseId(Objects.requireNonNull(modelId)), Objects.requireNonNull(price));
        return new ModelPriceTable(m);
    }

    /** The price of a model id or inference profile id. */
    public Optional<Price> price(String modelId) {
        return Optional.ofNullable(prices.get(KnownModels.baseId(modelId)));
    }

    /** The cost of {@code usage} on {@code modelId}, when the model has a price. */
    public Optional<BigDecimal> cost(String modelId, TokenUsage usage) {
        return price(modelId).map(p -> per1k(p.inputPer1k(), usage.inputTokens())
                .add(per1k(p.outputPer1k(), usage.outputTokens()))
                .add(per1k(p.cacheReadPer1k(), usage.cacheReadTokens()))
                .add(per1k(p.cacheWritePer1k(), usage.cacheWriteTokens())));
    }

    private static BigDecimal per1k(BigDecimal price, long tokens) {
        if (tokens == 0) {
            return BigDecimal.ZERO;   // most calls have no cache reads or writes: skip the arithmetic
        }
        return price.multiply(BigDecimal.valueOf(tokens)).divide(THOUSAND, MathContext.DECIMAL64);
    }

    /** The priced model ids. */
    public Map<String, Price> prices() {
        return prices;
    }
}
