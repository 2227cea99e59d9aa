package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.training.internal.PriceListLookup;
import dev.trae.testkit.aws.pricing.PricingFake;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * AWS's documented GetProducts answer (the example of https://docs.aws.amazon.com/cli/latest/reference/pricing/get-products.html,
 * kept verbatim in {@code pricing/get-products-documented-example.json}) parses through the real SDK client, and the Trae
 * Local fake answers in the same shape.
 */
class PricingFakeContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static PricingClient client(FakeAwsServer server) {
        return PricingClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"))).build();
    }

    private static String documented() throws Exception {
        try (InputStream in = PricingFakeContractTest.class.getResourceAsStream("pricing/get-products-documented-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every JSON path of a document with object keys that vary per product (SKUs, attribute names) folded. */
    private static TreeSet<String> shape(JsonNode n, String path, TreeSet<String> out) {
        out.add(path);
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                String k = e.getKey();
                String folded = path.endsWith("/attributes") ? "<attr>" : k.matches("[A-Z0-9]{16}(\\.[A-Z0-9]{10}){1,2}") ? "<code>" : k;
                if (!path.endsWith("/attributes")) {
                    shape(e.getValue(), path + "/" + folded, out);
                }
            });
        }
        return out;
    }

    @Test
    void getProducts_whenAwsAnswersTheDocumentedExample_theSdkParsesItAndThePriceListEntryHasTheDocumentedShape() throws Exception {
        String body = documented();
        try (FakeAwsServer server = FakeAwsServer.start("pricing")) {
            server.json("GetProducts", req -> FakeResponse.bytes(200, "application/x-amz-json-1.1", body.getBytes(StandardCharsets.UTF_8)));
            try (PricingClient pricing = client(server)) {
                GetProductsResponse r = pricing.getProducts(b -> b.serviceCode("AmazonEC2").formatVersion("aws_v1").maxResults(1)
                        .filters(Filter.builder().type(FilterType.TERM_MATCH).field("volumeType").value("Provisioned IOPS").build()));
                assertThat(r.formatVersion()).isEqualTo("aws_v1");
                assertThat(r.nextToken()).startsWith("WGDY7ko8fQXdlaUZVdasFQ==:");
                assertThat(r.priceList()).hasSize(1);
                JsonNode doc = MAPPER.readTree(r.priceList().get(0));
                JsonNode term = doc.path("terms").path("OnDemand").path("3MKHN58N7RDDVGKJ.JRTCKXETXF");
                assertThat(term.path("priceDimensions").path("3MKHN58N7RDDVGKJ.JRTCKXETXF.6YS6EN2CT7").path("pricePerUnit").path("USD").asText())
                        .isEqualTo("0.1380000000");
                assertThat(term.path("effectiveDate").asText()).isEqualTo("2018-08-01T00:00:00Z");
                assertThat(doc.path("publicationDate").asText()).isEqualTo("2018-08-08T00:57:01Z");
                // a storage product priced per GB-month is no hourly instance price: the lookup does not take it
                assertThat(PriceListLookup.choose("p5.48xlarge", "ap-southeast-1", "AmazonEC2", r.priceList()))
                        .isInstanceOf(PriceListLookup.Missing.class);
            }
            assertThat(server.requests("GetProducts")).singleElement()
                    .satisfies(q -> assertThat(q.header("X-Amz-Target")).contains("AWSPriceListService.GetProducts"));
        }
    }

    @Test
    void getProducts_whenTheFakeAnswers_itsEntriesHaveTheDocumentedShapeAndPagesFollowThroughTheSdkPaginator() throws Exception {
        JsonNode documentedDoc = MAPPER.readTree(MAPPER.readTree(documented()).path("PriceList").get(0).asText());
        try (FakeAwsServer server = FakeAwsServer.start("pricing")) {
            new PricingFake().ec2OnDemand("trn1.32xlarge", "us-west-2", "20.0000000000").pageSize(2).install(server);
            try (PricingClient pricing = client(server)) {
                List<String> all = pricing.getProductsPaginator(b -> b.serviceCode("AmazonEC2").filters(
                        Filter.builder().type(FilterType.TERM_MATCH).field("instanceType").value("trn1.32xlarge").build())).priceList().stream().toList();
                assertThat(all).hasSize(6); // the Linux product and five a careless query also matches
                assertThat(server.count("GetProducts")).isEqualTo(3);
                for (String s : all) {
                    JsonNode doc = MAPPER.readTree(s);
                    assertThat(shape(doc, "", new TreeSet<>())).isEqualTo(shape(documentedDoc, "", new TreeSet<>()));
                }
                Optional<PriceListLookup.Offer> linux = all.stream().map(s -> {
                    try {
                        return MAPPER.readTree(s);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).filter(d -> d.path("product").path("attributes").path("operatingSystem").asText().equals("Linux")
                        && d.path("product").path("attributes").path("tenancy").asText().equals("Shared")
                        && d.path("product").path("attributes").path("capacitystatus").asText().equals("Used")
                        && d.path("product").path("attributes").path("preInstalledSw").asText().equals("NA"))
                        .map(d -> PriceListLookup.parse(d, "trn1.32xlarge", "us-west-2", "AmazonEC2").orElseThrow()).findFirst();
                assertThat(linux).hasValueSatisfying(o -> {
                    assertThat(o.usdPerHour()).isEqualTo(20.0);
                    assertThat(o.regionCode()).isEqualTo("us-west-2");
                    assertThat(o.effectiveDate()).hasValueSatisfying(d -> assertThat(d.toString()).isEqualTo("2026-11-01"));
                });
            }
        }
    }
}
