package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.CostEstimate;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.TrainingResult;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.pricing.PricingFake;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prices the table lacks come from the AWS Price List Query API (GetProducts) through the Trae Local Price List fake:
 * a budget on a p5 job is priced, the source and date are reported, a stale publication date warns, a failed lookup
 * is refused naming the fix, the table wins, offline mode never calls, throttles are retried, pages are followed.
 * The prices below are test figures, not AWS prices.
 */
@ExtendWith(TraeLocalExtension.class)
class PriceListLookupTest {
    private final TraeLocal local;
    private final PricingFake pricing;
    private final SageMakerFake sageMaker;

    PriceListLookupTest(TraeLocal local) {
        this.local = local;
        this.sageMaker = local.fake("sagemaker", new SageMakerFake(local.fake("logs", new CloudWatchLogsFake())));
        this.pricing = local.fake("pricing", new PricingFake());
        local.fake("ec2", new dev.trae.testkit.aws.ec2.Ec2Fake());
    }

    @BeforeEach
    void setUp() {
        sageMaker.trainingPolls(2);
        pricing.clear().pageSize(100).denyAccess(false).publicationDate(Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS))
                .sageMakerTraining("ml.p5.48xlarge", "us-east-1", "63.2500000000")
                .ec2OnDemand("p5.48xlarge", "us-east-1", "51.1000000000");
    }

    private static TrainingJob p5Job() {
        return TrainingJob.builder().trainingImage(TrainingClientTest.IMAGE).instanceType("ml.p5.48xlarge").roleArn(TrainingClientTest.ROLE)
                .channel(InputChannel.s3("train", "s3://trae-training/data/")).outputPath("s3://trae-training/out/")
                .maxRuntime(Duration.ofHours(2)).build();
    }

    private TrainingClient.Builder training(TraeConfig config) {
        return TrainingClient.builder().config(config).pollInterval(Duration.ofMillis(5)).budgetUsd(1_000);
    }

    private static List<String> filters(FakeRequest r) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : r.json().path("Filters")) {
            out.add(f.path("Type").asText() + " " + f.path("Field").asText() + "=" + f.path("Value").asText());
        }
        return out;
    }

    @Test
    void start_whenABudgetIsSetOnAP5Job_isPricedFromThePriceListApiAndLaunches() {
        try (TrainingClient client = training(local.config()).build()) {
            CostEstimate e = client.estimate(p5Job());
            assertThat(e.hourlyUsd()).contains(63.25);
            assertThat(e.maxCostUsd()).hasValueSatisfying(c -> assertThat(c).isCloseTo(126.5, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(e.withinBudget()).isTrue();
            assertThat(e.warnings()).isEmpty();
            assertThat(e.priceSource()).hasValueSatisfying(s -> assertThat(s).contains("AWS Price List API").contains("AmazonSageMaker")
                    .contains("ml.p5.48xlarge").contains("us-east-1").contains("publicationDate").contains("effectiveDate 2026-11-01"));
            assertThat(e.priceAsOf()).contains(LocalDate.now(ZoneOffset.UTC).minusDays(10));

            TrainingResult r = client.start(p5Job()).await(Duration.ofSeconds(30));
            assertThat(r.status()).isEqualTo("Completed");
            assertThat(r.hourlyUsd()).contains(63.25);
        }
        // one GetProducts for the estimate, the launch and the result: cached per (type, region)
        List<FakeRequest> calls = local.server("pricing").requests("GetProducts");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).json().path("ServiceCode").asText()).isEqualTo("AmazonSageMaker");
        assertThat(filters(calls.get(0))).containsExactlyInAnyOrder("TERM_MATCH instanceName=ml.p5.48xlarge", "TERM_MATCH regionCode=us-east-1");
        assertThat(calls.get(0).header("X-Amz-Target")).contains("AWSPriceListService.GetProducts");
    }

    @Test
    void estimate_whenAnEc2TypeIsMissing_asksForTheLinuxSharedUsedOnDemandProduct() {
        try (UltraClusterClient clusters = UltraClusterClient.builder().config(local.config()).build()) {
            UltraClusterSpec spec = UltraClusterSpec.builder().name("p5").instanceType("p5.48xlarge").instanceCount(2).build();
            CostEstimate e = clusters.estimate(spec, Duration.ofHours(3));
            // the fake also holds Windows, dedicated, reservation and SQL Server products of p5.48xlarge at other prices
            assertThat(e.hourlyUsd()).contains(51.1);
            assertThat(e.maxCostUsd()).hasValueSatisfying(c -> assertThat(c).isCloseTo(306.6, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(e.priceSource()).hasValueSatisfying(s -> assertThat(s).contains("AmazonEC2").contains("Linux/Shared/Used"));
            assertThat(clusters.estimate(spec, Duration.ofHours(1)).hourlyUsd()).contains(51.1);
        }
        List<FakeRequest> calls = local.server("pricing").requests("GetProducts");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).json().path("ServiceCode").asText()).isEqualTo("AmazonEC2");
        assertThat(filters(calls.get(0))).containsExactlyInAnyOrder("TERM_MATCH instanceType=p5.48xlarge", "TERM_MATCH regionCode=us-east-1",
                "TERM_MATCH operatingSystem=Linux", "TERM_MATCH tenancy=Shared", "TERM_MATCH capacitystatus=Used", "TERM_MATCH preInstalledSw=NA");
    }

    @Test
    void estimate_whenThePublicationDateIsOlderThan180Days_warnsNamingTheDate() {
        Instant old = Instant.parse("2025-03-01T00:00:00Z");
        pricing.publicationDate(old);
        try (TrainingClient client = training(local.config()).build()) {
            CostEstimate e = client.estimate(p5Job());
            assertThat(e.hourlyUsd()).contains(63.25);
            assertThat(e.priceAsOf()).contains(LocalDate.of(2025, 3, 1));
            assertThat(e.warnings()).singleElement().asString().contains("2025-03-01").contains("180 days").contains("AWS Price List API");
        }
    }

    @Test
    void start_whenTheCallerLacksPricingGetProducts_isRefusedNamingThePermissionAndHowToSetAPrice() {
        pricing.denyAccess(true);
        try (TrainingClient client = training(local.config()).build()) {
            assertThatThrownBy(() -> client.start(p5Job())).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("no price is known for ml.p5.48xlarge")
                    .hasMessageContaining("AccessDeniedException").hasMessageContaining("pricing:GetProducts")
                    .hasMessageContaining("InstancePriceTable.defaults().toBuilder().price(\"ml.p5.48xlarge\", usdPerHour, sourceUrl, date)");
        }
        assertThat(local.server("sagemaker").requests("CreateTrainingJob")).isEmpty();
    }

    @Test
    void start_whenThePriceListApiCannotBeReached_isRefusedSayingSo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TraeConfig config = local.configBuilder().endpoint("pricing", URI.create("http://127.0.0.1:" + closedPort)).build();
        try (TrainingClient client = training(config).build()) {
            assertThatThrownBy(() -> client.start(p5Job())).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("no price is known for ml.p5.48xlarge")
                    .hasMessageContaining("could not be reached")
                    .hasMessageContaining(".price(\"ml.p5.48xlarge\"");
        }
        assertThat(local.server("sagemaker").requests("CreateTrainingJob")).isEmpty();
    }

    @Test
    void estimate_whenTheTableHasTheType_usesItAndNeverCalls() {
        InstancePriceTable mine = InstancePriceTable.defaults().toBuilder()
                .price("ml.p5.48xlarge", 60.0, "our negotiated rate (test figure)", LocalDate.now(ZoneOffset.UTC)).build();
        try (TrainingClient client = training(local.config()).priceTable(mine).build()) {
            CostEstimate e = client.estimate(p5Job());
            assertThat(e.hourlyUsd()).contains(60.0);
            assertThat(e.priceSource()).contains("our negotiated rate (test figure)");
        }
        assertThat(local.server("pricing").requests()).isEmpty();
    }

    @Test
    void start_whenOffline_neverCallsAndRefusesSayingLookupIsOff() {
        try (TrainingClient client = training(local.config()).priceLookup(PriceLookup.OFFLINE).build()) {
            assertThat(client.priceLookup()).isEqualTo(PriceLookup.OFFLINE);
            assertThat(client.estimate(p5Job()).hourlyUsd()).isEmpty();
            assertThatThrownBy(() -> client.start(p5Job())).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("no price is known for ml.p5.48xlarge").hasMessageContaining("PriceLookup.OFFLINE");
        }
        try (UltraClusterClient clusters = UltraClusterClient.builder().config(local.config()).priceLookup(PriceLookup.OFFLINE).build()) {
            UltraClusterSpec spec = UltraClusterSpec.builder().name("p5").instanceType("p5.48xlarge").instanceCount(1).build();
            assertThat(clusters.estimate(spec, Duration.ofHours(1)).hourlyUsd()).isEmpty();
        }
        assertThat(local.server("pricing").requests()).isEmpty();
    }

    @Test
    void estimate_whenGetProductsIsThrottled_retriesIt() {
        local.server("pricing").faults().next("GetProducts", 2, Fault.throttle());
        try (TrainingClient client = training(local.config()).build()) {
            assertThat(client.estimate(p5Job()).hourlyUsd()).contains(63.25);
        }
        assertThat(local.server("pricing").count("GetProducts")).isEqualTo(3);
    }

    @Test
    void estimate_whenTheAnswerIsPaged_followsNextTokenAndPicksTheTrainingProduct() {
        pricing.pageSize(1); // the SageMaker query matches the training and the hosting product: two pages
        try (TrainingClient client = training(local.config()).build()) {
            assertThat(client.estimate(p5Job()).hourlyUsd()).contains(63.25);
        }
        List<FakeRequest> calls = local.server("pricing").requests("GetProducts");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).json().has("NextToken")).isFalse();
        assertThat(calls.get(1).json().path("NextToken").asText()).isNotEmpty();
    }

    @Test
    void estimate_whenTheRegionHasNoProduct_saysTheApiHasNoPrice() {
        TraeConfig frankfurt = local.configBuilder().region("eu-central-1").build();
        try (TrainingClient client = training(frankfurt).build()) {
            CostEstimate e = client.estimate(p5Job());
            assertThat(e.hourlyUsd()).isEmpty();
            assertThat(e.warnings()).singleElement().asString().contains("has no On-Demand hourly USD price for ml.p5.48xlarge in eu-central-1");
        }
    }

    @Test
    void lookup_whenTheWorkloadRegionServesNoPriceListEndpoint_signsForTheNearestEndpointRegion() {
        TraeConfig ireland = local.configBuilder().region("eu-west-1").build();
        try (TrainingClient client = training(ireland).build()) {
            client.estimate(p5Job());
        }
        FakeRequest call = local.server("pricing").requests("GetProducts").get(0);
        assertThat(filters(call)).contains("TERM_MATCH regionCode=eu-west-1");
        // SigV4 credential scope: <key>/<date>/<region>/pricing/aws4_request
        assertThat(call.header("Authorization")).hasValueSatisfying(a -> assertThat(a).contains("/eu-central-1/pricing/aws4_request"));
        assertThatThrownBy(() -> TrainingClient.builder().pricingRegion("eu-west-1")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("ap-south-1, eu-central-1, us-east-1");
    }

    /** Issue #15 point 7's types: each is priced through the API when the table lacks it (test figures). */
    @ParameterizedTest
    @ValueSource(strings = {"ml.trn1.2xlarge", "ml.trn1.32xlarge", "ml.trn1n.32xlarge", "ml.trn2.48xlarge", "ml.p4d.24xlarge",
            "ml.p5.48xlarge", "ml.p5e.48xlarge", "ml.p5en.48xlarge", "ml.g5.2xlarge", "ml.g6.xlarge", "ml.g6e.xlarge",
            "trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge", "inf2.48xlarge", "p4d.24xlarge", "p5.48xlarge", "p5e.48xlarge",
            "p5en.48xlarge", "g5.48xlarge", "g6.48xlarge", "g6e.48xlarge"})
    void estimate_whenTheTableLacksAnAcceleratorType_pricesItThroughTheApi(String type) {
        pricing.clear();
        if (type.startsWith("ml.")) {
            pricing.sageMakerTraining(type, "us-east-1", "12.5000000000");
        } else {
            pricing.ec2OnDemand(type, "us-east-1", "12.5000000000");
        }
        Prices prices = new Prices(local.config(), InstancePriceTable.defaults(), PriceLookup.PRICE_LIST_API, java.util.Optional.empty());
        try (prices) {
            Prices.Resolved r = prices.resolve(type);
            assertThat(r.hourly()).contains(12.5);
            assertThat(r.warnings()).isEmpty();
        }
        FakeRequest call = local.server("pricing").requests("GetProducts").get(0);
        assertThat(call.json().path("ServiceCode").asText()).isEqualTo(type.startsWith("ml.") ? "AmazonSageMaker" : "AmazonEC2");
        assertThat(filters(call)).contains(type.startsWith("ml.") ? "TERM_MATCH instanceName=" + type : "TERM_MATCH instanceType=" + type);
    }

    @ParameterizedTest
    @CsvSource({"us-east-1,us-east-1", "eu-central-1,eu-central-1", "ap-south-1,ap-south-1", "us-west-2,us-east-1", "ca-central-1,us-east-1",
            "sa-east-1,us-east-1", "eu-west-1,eu-central-1", "eu-north-1,eu-central-1", "me-central-1,eu-central-1", "il-central-1,eu-central-1",
            "af-south-1,eu-central-1", "ap-northeast-1,ap-south-1", "ap-southeast-2,ap-south-1"})
    void endpointRegion_mapsAWorkloadRegionToAPriceListEndpointRegion(String region, String endpoint) {
        assertThat(dev.trae.aws.training.internal.PriceListLookup.endpointRegion(region)).isEqualTo(endpoint);
    }

    @Test
    void estimate_whenProductsAnswerWithDifferentPrices_usesTheHighestAndSaysSo() {
        pricing.ec2OnDemand("p5.48xlarge", "us-east-1", "55.0000000000"); // a second Linux/Shared/Used product beside 51.10
        try (UltraClusterClient clusters = UltraClusterClient.builder().config(local.config()).build()) {
            CostEstimate e = clusters.estimate(UltraClusterSpec.builder().name("p5").instanceType("p5.48xlarge").instanceCount(1).build(), Duration.ofHours(1));
            assertThat(e.hourlyUsd()).contains(55.0);
            assertThat(e.warnings()).singleElement().asString().contains("2 On-Demand offers").contains("upper bound");
        }
    }
}
