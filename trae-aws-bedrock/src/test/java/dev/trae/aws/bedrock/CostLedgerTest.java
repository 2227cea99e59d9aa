package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.trae.aws.bedrock.model.TokenUsage;
import org.junit.jupiter.api.Test;

/** The cost ledger's amounts by value, and the warn-only budget with its listeners (issue 16, point 9). */
class CostLedgerTest {
    private static final String NOVA_LITE = "amazon.nova-lite-v1:0";

    @Test
    void record_pricesEveryTokenKind_byValue() {
        CostLedger ledger = CostLedger.create(ModelPriceTable.defaults());
        // Nova Lite per 1k tokens: input 0.00006, output 0.00024, cache read 0.000015, cache write 0
        BigDecimal c = ledger.record("app", "us." + NOVA_LITE, new TokenUsage(10_000, 2_000, 4_000, 1_000)).orElseThrow();
        assertThat(c).isEqualByComparingTo("0.00114");   // 0.0006 + 0.00048 + 0.00006 + 0
        // Claude Haiku 4.5 per 1k: input 0.001, output 0.005, cache read 0.0001, cache write 0.00125
        BigDecimal h = ledger.record("app", "anthropic.claude-haiku-4-5-20251001-v1:0", new TokenUsage(4, 50, 0, 18_131)).orElseThrow();
        assertThat(h).isEqualByComparingTo("0.02291775");   // 0.000004 + 0.00025 + 0 + 0.02266375
        assertThat(ledger.cost("app")).isEqualByComparingTo("0.02405775");
        assertThat(ledger.totalCost()).isEqualByComparingTo("0.02405775");
        assertThat(ledger.usageByModel()).containsEntry(NOVA_LITE, new TokenUsage(10_000, 2_000, 4_000, 1_000));
        assertThat(ledger.record("app", "vendor.unpriced-v1", new TokenUsage(1, 1, 0, 0))).isEmpty();
        assertThat(ledger.unpricedCalls()).isEqualTo(1);
        assertThat(ledger.totalCost()).isEqualByComparingTo("0.02405775");
    }

    @Test
    void warnBudget_neverRefuses_andTellsListenersAtWarnLevelAndLimit_once() {
        CostLedger ledger = CostLedger.create(ModelPriceTable.defaults());
        ledger.budget(Budget.warn("ide", "0.001"));
        List<CostLedger.BudgetWarning> seen = new ArrayList<>();
        ledger.onWarning(w -> {
            throw new IllegalStateException("a failing listener is ignored");
        });
        ledger.onWarning(seen::add);
        TokenUsage fiveThousandIn = new TokenUsage(5_000, 0, 0, 0);   // 0.0003 USD on Nova Lite
        ledger.record("ide", NOVA_LITE, fiveThousandIn);              // 0.0003: 30%, no warning
        ledger.record("ide", NOVA_LITE, fiveThousandIn);              // 0.0006
        assertThat(seen).isEmpty();
        ledger.record("ide", NOVA_LITE, new TokenUsage(4_000, 0, 0, 0));   // 0.00084: 84% crosses 80%
        assertThat(seen).singleElement().satisfies(w -> {
            assertThat(w.app()).isEqualTo("ide");
            assertThat(w.spent()).isEqualByComparingTo("0.00084");
            assertThat(w.limit()).isEqualByComparingTo("0.001");
            assertThat(w.fraction()).isEqualTo(0.8);
        });
        ledger.record("ide", NOVA_LITE, new TokenUsage(1_000, 0, 0, 0));   // 0.0009: still above 80%, no repeat
        assertThat(seen).hasSize(1);
        ledger.record("ide", NOVA_LITE, fiveThousandIn);                    // 0.0012: over the limit
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).fraction()).isEqualTo(1.0);
        assertThat(seen.get(1).spent()).isEqualByComparingTo("0.0012");
        ledger.checkBudget("ide");   // WARN never refuses
        ledger.record("ide", NOVA_LITE, fiveThousandIn);
        assertThat(seen).hasSize(2);
        assertThat(ledger.cost("ide")).isEqualByComparingTo("0.0015");
        ledger.reset();
        ledger.record("ide", NOVA_LITE, new TokenUsage(20_000, 0, 0, 0));  // a new period warns again
        assertThat(seen).hasSize(3);
        assertThat(seen.get(2).spent()).isEqualByComparingTo("0.0012");
    }
}
