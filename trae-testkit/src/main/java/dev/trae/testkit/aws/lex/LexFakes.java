package dev.trae.testkit.aws.lex;

import java.util.Objects;

import dev.trae.testkit.TraeLocal;

/**
 * Both Lex fakes with shared state: bots built through {@link #models()} (service {@code "lex-models"}) are
 * the bots {@link #runtime()} (service {@code "lex-runtime"}) talks to.
 *
 * <pre>{@code
 * try (TraeLocal local = TraeLocal.start()) {
 *     LexFakes lex = LexFakes.install(local);
 *     try (LexClient client = LexClient.create(local.config())) { ... }
 * }
 * }</pre>
 */
public final class LexFakes {
    private final LexModelsFake models;
    private final LexRuntimeFake runtime;

    private LexFakes(LexModelsFake models, LexRuntimeFake runtime) {
        this.models = models;
        this.runtime = runtime;
    }

    /** Starts the {@code lex-models} and {@code lex-runtime} fakes on {@code local}, sharing one bot store. */
    public static LexFakes install(TraeLocal local) {
        Objects.requireNonNull(local, "local");
        LexModelsFake models = local.fake("lex-models", new LexModelsFake());
        LexRuntimeFake runtime = local.fake("lex-runtime", new LexRuntimeFake(models));
        return new LexFakes(models, runtime);
    }

    public LexModelsFake models() {
        return models;
    }

    public LexRuntimeFake runtime() {
        return runtime;
    }
}
