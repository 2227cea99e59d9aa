package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every default price names the AWS page that states it and its date; old ones are flagged, overrides win. */
class PriceTableTest {
    private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaults_everyEntryNamesAnAwsPageAndADate() {
        List<InstancePriceTable.Entry> entries = InstancePriceTable.defaultEntries();
        assertThat(InstancePriceTable.defaults().entries()).hasSameSizeAs(entries);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.source()).matches("https://(aws\\.amazon\\.com|docs\\.aws\\.amazon\\.com)/\\S+");
            assertThat(e.asOf()).isNotNull().isBeforeOrEqualTo(LocalDate.now(ZoneOffset.UTC));
            assertThat(e.usdPerHour()).isPositive();
        });
    }

    @Test
    void parseDefaults_whenALineLacksAnAwsSourceOrADate_refusesItNamingTheLine() {
        assertThat(InstancePriceTable.parseDefaults(List.of("# comment", "", "p5.48xlarge,55.04,https://aws.amazon.com/ec2/instance-types/p5/,2026-11-01")))
                .singleElement().satisfies(e -> {
                    assertThat(e.instanceType()).isEqualTo("p5.48xlarge");
                    assertThat(e.asOf()).isEqualTo(LocalDate.of(2026, 11, 1));
                });
        assertThatThrownBy(() -> InstancePriceTable.parseDefaults(List.of("p5.48xlarge,55.04,estimate,2026-11-01")))
                .hasMessageContaining("line 1").hasMessageContaining("URL of the AWS page");
        assertThatThrownBy(() -> InstancePriceTable.parseDefaults(List.of("p5.48xlarge,55.04,https://example.com/gpu-prices,2026-11-01")))
                .hasMessageContaining("URL of the AWS page");
        assertThatThrownBy(() -> InstancePriceTable.parseDefaults(List.of("#", "p5.48xlarge,55.04,https://aws.amazon.com/ec2/instance-types/p5/,")))
                .hasMessageContaining("line 2").hasMessageContaining("ISO date");
        assertThatThrownBy(() -> InstancePriceTable.parseDefaults(List.of("p5.48xlarge,55.04")))
                .hasMessageContaining("type,usdPerHour,sourceUrl,asOf");
    }

    @Test
    void quote_whenTheEntryIsOlderThan180Days_warnsNamingItsDateAndSource() {
        InstancePriceTable t = InstancePriceTable.builder().clock(DEC_2026)
                .price("p5.48xlarge", 55.04, InstancePriceTable.EC2_ON_DEMAND, LocalDate.of(2025, 5, 1)).build();
        InstancePriceTable.Quote q = t.quote("p5.48xlarge").orElseThrow();
        assertThat(q.warnings()).singleElement().asString().contains("2025-05-01").contains("180 days").contains(InstancePriceTable.EC2_ON_DEMAND);
        assertThat(t.staleEntries()).extracting(InstancePriceTable.Entry::instanceType).contains("p5.48xlarge");
        InstancePriceTable fresh = t.toBuilder().price("p5.48xlarge", 55.04, InstancePriceTable.EC2_ON_DEMAND, LocalDate.of(2026, 11, 1)).build();
        assertThat(fresh.quote("p5.48xlarge").orElseThrow().warnings()).isEmpty();
        assertThat(fresh.staleEntries()).isEmpty();
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
