package dev.trae.aws.bedrock;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.model.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token usage and cost of every call, per application and per model, priced by a {@link ModelPriceTable},
 * with per-application {@link Budget}s that warn or refuse. Thread-safe; share one per application
 * (a {@link TraeBedrockClient} has one).
 *
 * <pre>{@code
 * CostLedger ledger = CostLedger.create(ModelPriceTable.defaults()).budget(Budget.refuse("ide-plugin", "25.00"));
 * ledger.onWarning(w -> log.warn("{}", w));
 * }</pre>
 */
public final class CostLedger {
    private static final Logger LOG = LoggerFactory.getLogger(CostLedger.class);
    private static final int MAX_ENTRIES = 10_000;

    /**
     * One booked call.
     *
     * @param time    when it was booked
     * @param app     the application
     * @param modelId the model invoked
     * @param usage   its tokens
     * @param cost    its cost, when the model has a price
     */
    public record Entry(Instant time, String app, String modelId, TokenUsage usage, Optional<BigDecimal> cost) {
    }

    /**
     * A budget warning: spending of {@code app} crossed {@code fraction} of its limit.
     *
     * @param app      the application
     * @param spent    what it has spent
     * @param limit    its limit
     * @param fraction the threshold crossed (the warn level, or 1.0 at the limit)
     */
    public record BudgetWarning(String app, BigDecimal spent, BigDecimal limit, double fraction) {
    }

    private final ModelPriceTable prices;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, TokenUsage> usageByApp = new LinkedHashMap<>();
    private final Map<String, TokenUsage> usageByModel = new LinkedHashMap<>();
    private final Map<String, BigDecimal> costByApp = new LinkedHashMap<>();
    private final Map<String, Double> warnedAt = new LinkedHashMap<>();
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<java.util.function.Consumer<BudgetWarning>> listeners = new CopyOnWriteArrayList<>();
    private long unpricedCalls;

    private CostLedger(ModelPriceTable prices) {
        this.prices = Objects.requireNonNull(prices);
    }

    public static CostLedger create(ModelPriceTable prices) {
        return new CostLedger(prices);
    }

    public ModelPriceTable prices() {
        return prices;
    }

    /** Sets (or replaces) the budget of an application. Returns this ledger. */
    public CostLedger budget(Budget budget) {
        budgets.put(budget.app(), budget);
        return this;
    }

    public Optional<Budget> budget(String app) {
        return Optional.ofNullable(budgets.get(app));
    }

    /** Registers a listener for budget warnings. Returns this ledger. */
    public CostLedger onWarning(java.util.function.Consumer<BudgetWarning> listener) {
        listeners.add(Objects.requireNonNull(listener));
        return this;
    }

    /** Throws {@link BudgetExceededException} when {@code app} has a REFUSE budget that is used up. */
    public void checkBudget(String app) {
        Budget b = budgets.get(app);
        if (b == null || b.action() != Budget.Action.REFUSE) {
            return;
        }
        BigDecimal spent = cost(app);
        if (spent.compareTo(b.limit()) >= 0) {
            throw new BudgetExceededException(app, spent, b.limit());
        }
    }

    /** Books one call; returns its cost when the model has a price. */
    public Optional<BigDecimal> record(String app, String modelId, TokenUsage usage) {
        Optional<BigDecimal> cost = prices.cost(modelId, usage);
        BudgetWarning warning = null;
        synchronized (this) {
            usageByApp.merge(app, usage, TokenUsage::plus);
            usageByModel.merge(KnownModels.baseId(modelId), usage, TokenUsage::plus);
            if (cost.isPresent()) {
                costByApp.merge(app, cost.get(), BigDecimal::add);
            } else {
                unpricedCalls++;
            }
            entries.addLast(new Entry(Instant.now(), app, modelId, usage, cost));
            while (entries.size() > MAX_ENTRIES) {
                entries.removeFirst();
            }
            Budget b = budgets.get(app);
            if (b != null) {
                BigDecimal spent = costByApp.getOrDefault(app, BigDecimal.ZERO);
                double fraction = spent.doubleValue() / b.limit().doubleValue();
                double level = fraction >= 1.0 ? 1.0 : fraction >= b.warnAt() ? b.warnAt() : 0;
                if (level > 0 && level > warnedAt.getOrDefault(app, 0.0)) {
                    warnedAt.put(app, level);
                    warning = new BudgetWarning(app, spent, b.limit(), level);
                }
            }
        }
        if (warning != null) {
            LOG.warn("budget of app {}: spent {} USD of {} USD ({}% threshold crossed)", warning.app(),
                    warning.spent().toPlainString(), warning.limit().toPlainString(), Math.round(warning.fraction() * 100));
            for (java.util.function.Consumer<BudgetWarning> l : listeners) {
                try {
                    l.accept(warning);
                } catch (RuntimeException e) {
                    LOG.warn("budget listener failed and was ignored: {}", e.toString());
                }
            }
        }
        return cost;
    }

    public synchronized TokenUsage usage(String app) {
        return usageByApp.getOrDefault(app, TokenUsage.ZERO);
    }

    public synchronized BigDecimal cost(String app) {
        return costByApp.getOrDefault(app, BigDecimal.ZERO);
    }

    /** Usage of every application added up. */
    public synchronized TokenUsage totalUsage() {
        return usageByApp.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
    }

    public synchronized BigDecimal totalCost() {
        return costByApp.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Usage by base model id. */
    public synchronized Map<String, TokenUsage> usageByModel() {
        return Map.copyOf(usageByModel);
    }

    /** Usage by application. */
    public synchronized Map<String, TokenUsage> usageByApp() {
        return Map.copyOf(usageByApp);
    }

    /** Calls booked on models without a price. */
    public synchronized long unpricedCalls() {
        return unpricedCalls;
    }

    /** The most recent entries (at most 10,000 are kept), oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** Starts a new period: forgets usage, costs, entries and warnings; budgets stay. */
    public synchronized void reset() {
        usageByApp.clear();
        usageByModel.clear();
        costByApp.clear();
        warnedAt.clear();
        entries.clear();
        unpricedCalls = 0;
    }
}
