package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Every price carries its source and date; old ones are flagged, overrides win. */
class PriceTableTest {
    private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaults_everyEntryHasASourceAndADate() {
        assertThat(InstancePriceTable.defaults().entries().values()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.source()).startsWith("https://aws.amazon.com/");
            assertThat(e.asOf()).isBefore(LocalDate.of(2026, 12, 4));
        });
    }

    @Test
    void quote_whenTheEntryIsOlderThan180Days_warnsNamingItsDateAndSource() {
        InstancePriceTable t = InstancePriceTable.defaults().toBuilder().clock(DEC_2026).build();
        InstancePriceTable.Quote q = t.quote("p5.48xlarge").orElseThrow();
        assertThat(q.warnings()).singleElement().asString().contains("2025-05-01").contains("180 days").contains(InstancePriceTable.EC2_ON_DEMAND);
        assertThat(t.staleEntries()).extracting(InstancePriceTable.Entry::instanceType).contains("p5.48xlarge");
    }

    @Test
    void quote_whenTheUserOverridesAPrice_usesItWithoutAStaleWarning() {
        InstancePriceTable t = InstancePriceTable.defaults().toBuilder().clock(DEC_2026)
                .price("p5.48xlarge", 55.04, "our negotiated rate", LocalDate.of(2026, 11, 1)).price("g6e.12xlarge", 9.0).build();
        assertThat(t.quote("p5.48xlarge").orElseThrow().usdPerHour()).isEqualTo(55.04);
        assertThat(t.quote("p5.48xlarge").orElseThrow().warnings()).isEmpty();
        assertThat(t.entry("g6e.12xlarge").orElseThrow().source()).isEqualTo("user override");
        assertThat(t.quote("g6e.12xlarge").orElseThrow().warnings()).isEmpty();
    }

    @Test
    void quote_whenASageMakerTypeHasNoEntry_usesTheEc2PriceAndSaysItIsALowerBound() {
        InstancePriceTable t = InstancePriceTable.builder().clock(DEC_2026).price("p5.48xlarge", 55.04, "x", LocalDate.of(2026, 11, 1)).build();
        InstancePriceTable.Quote q = t.quote("ml.p5.48xlarge").orElseThrow();
        assertThat(q.usdPerHour()).isEqualTo(55.04);
        assertThat(q.warnings()).singleElement().asString().contains("lower bound");
        assertThat(t.quote("ml.g9.xlarge")).isEmpty();
    }
}
