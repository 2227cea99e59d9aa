package dev.trae.aws.training.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * On-Demand prices from the AWS Price List Query API ({@code GetProducts}), cached per (instance type, region) for
 * the life of the owning client. Thread-safe.
 *
 * <ul>
 *   <li>EC2 types ({@code p5.48xlarge}): service code {@code AmazonEC2}, {@code TERM_MATCH} filters on
 *       {@code instanceType}, {@code regionCode}, {@code operatingSystem=Linux}, {@code tenancy=Shared},
 *       {@code capacitystatus=Used}, {@code preInstalledSw=NA}.</li>
 *   <li>SageMaker types ({@code ml.p5.48xlarge}): service code {@code AmazonSageMaker}, filters on
 *       {@code instanceName} and {@code regionCode}; of the answers, the training product
 *       ({@code component=Training}, or a usage type naming {@code Train}).</li>
 * </ul>
 * Each {@code PriceList} entry is a JSON document: {@code product.attributes}, {@code terms.OnDemand.<offer>
 * .priceDimensions.<rate>.pricePerUnit.USD} (unit {@code Hrs}), {@code terms.OnDemand.<offer>.effectiveDate} and
 * {@code publicationDate}
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html; the shape of an
 * entry as in AWS's documented example, https://docs.aws.amazon.com/cli/latest/reference/pricing/get-products.html).
 *
 * <p>The API is served from a few regions only (us-east-1, eu-central-1, ap-south-1:
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-ppslong.html), unrelated to the region a price is
 * for, so the client is built for {@link #endpointRegion(String)} of the config's region unless one is given.
 */
public final class PriceListLookup implements AutoCloseable {
    /** Regions that serve the Price List Query API. */
    public static final Set<String> ENDPOINT_REGIONS = Set.of("us-east-1", "eu-central-1", "ap-south-1");
    /** How many pages of one answer are read at most (each up to 100 products). */
    static final int MAX_PAGES = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A price the API answered, with where it came from. */
    public record Offer(String instanceType, String regionCode, String serviceCode, double usdPerHour, String sku,
                        Instant publicationDate, Optional<LocalDate> effectiveDate, List<String> notes) {
        public Offer {
            notes = List.copyOf(notes);
        }

        /** The date the staleness check applies to: the day AWS published the price list holding the offer. */
        public LocalDate asOf() {
            return LocalDate.ofInstant(publicationDate, ZoneOffset.UTC);
        }

        /** Where the price comes from, for the price table's source column and the estimate's warnings. */
        public String source() {
            return "AWS Price List API (GetProducts " + serviceCode + " " + instanceType + " in " + regionCode
                    + (serviceCode.equals(EC2) ? ", Linux/Shared/Used, On-Demand" : ", training, On-Demand") + ", SKU " + sku
                    + "), publicationDate " + publicationDate + effectiveDate.map(d -> ", effectiveDate " + d).orElse("");
        }
    }

    /** The outcome of one lookup. */
    public sealed interface Result permits Found, Missing, Failed {
    }

    /** The API answered a price. */
    public record Found(Offer offer) implements Result {
    }

    /** The API answered, and has no On-Demand hourly price for the type in the region. */
    public record Missing(String reason) implements Result {
    }

    /** The lookup could not be made or failed (no permission, no network, Trae Local without a pricing fake). */
    public record Failed(String reason) implements Result {
    }

    static final String EC2 = "AmazonEC2";
    static final String SAGEMAKER = "AmazonSageMaker";

    private final TraeConfig config;
    private final String endpointRegion;
    private final Map<String, Result> cache = new ConcurrentHashMap<>();
    private ServiceClient<PricingClient> client;
    private boolean closed;

    private PriceListLookup(TraeConfig config, String endpointRegion) {
        this.config = config;
        this.endpointRegion = endpointRegion;
    }

    /** A lookup for {@code config}, calling the API in {@code endpointRegion} (or the nearest endpoint region). */
    public static PriceListLookup create(TraeConfig config, Optional<String> endpointRegion) {
        Objects.requireNonNull(config, "config");
        return new PriceListLookup(config, endpointRegion.orElseGet(() -> endpointRegion(config.region().id())));
    }

    /** The region the API is called in. */
    public String endpointRegion() {
        return endpointRegion;
    }

    /**
     * The Price List endpoint region for a workload region: the region itself when it serves the API, else
     * eu-central-1 for Europe, the Middle East, Africa and Israel, ap-south-1 for Asia Pacific, us-east-1 otherwise.
     */
    public static String endpointRegion(String region) {
        String r = region == null ? "" : region.toLowerCase(Locale.ROOT);
        if (ENDPOINT_REGIONS.contains(r)) {
            return r;
        }
        if (r.startsWith("eu-") || r.startsWith("me-") || r.startsWith("af-") || r.startsWith("il-")) {
            return "eu-central-1";
        }
        if (r.startsWith("ap-")) {
            return "ap-south-1";
        }
        return "us-east-1";
    }

    /**
     * The On-Demand price of {@code instanceType} in {@code region}. Answers (found or missing) are cached for the
     * life of this lookup; failures are not, so a later call tries again.
     */
    public Result lookup(String instanceType, String region) {
        String type = instanceType.toLowerCase(Locale.ROOT);
        String key = type + "@" + region;
        Result cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Result r = fetch(type, region);
        if (!(r instanceof Failed)) {
            cache.putIfAbsent(key, r);
        }
        return r;
    }

    private Result fetch(String type, String region) {
        if (config.mode() == TraeConfig.Mode.LOCAL && config.endpoint(Services.PRICING.id()).isEmpty()) {
            return new Failed("Trae Local has no Price List endpoint (register dev.trae.testkit.aws.pricing.PricingFake as \"pricing\"), "
                    + "so no lookup was made");
        }
        boolean sageMaker = type.startsWith("ml.");
        String serviceCode = sageMaker ? SAGEMAKER : EC2;
        List<Filter> filters = new ArrayList<>();
        if (sageMaker) {
            filters.add(term("instanceName", type));
            filters.add(term("regionCode", region));
        } else {
            filters.add(term("instanceType", type));
            filters.add(term("regionCode", region));
            filters.add(term("operatingSystem", "Linux"));
            filters.add(term("tenancy", "Shared"));
            filters.add(term("capacitystatus", "Used"));
            filters.add(term("preInstalledSw", "NA"));
        }
        List<String> priceList = new ArrayList<>();
        try {
            ServiceClient<PricingClient> c = client();
            String token = null;
            int pages = 0;
            do {
                String next = token;
                GetProductsResponse page = c.call("GetProducts", Idempotency.IDEMPOTENT, p -> p.getProducts(b -> b
                        .serviceCode(serviceCode).filters(filters).formatVersion("aws_v1").maxResults(100).nextToken(next)));
                priceList.addAll(page.priceList());
                token = page.nextToken();
                pages++;
            } while (token != null && !token.isEmpty() && pages < MAX_PAGES);
        } catch (TraeServiceException e) {
            String code = e.errorCode().orElse("HTTP " + e.statusCode());
            boolean denied = e.statusCode() == 403 || code.contains("AccessDenied") || code.contains("UnrecognizedClient");
            return new Failed("the AWS Price List API (GetProducts in " + endpointRegion + ") answered " + code
                    + (denied ? ": the caller lacks the IAM permission pricing:GetProducts (Resource \"*\"); grant it to look prices up"
                            : ": " + e.getMessage()));
        } catch (TraeClientException e) {
            return new Failed("the AWS Price List API (GetProducts in " + endpointRegion + ") could not be reached: " + e.getMessage());
        } catch (TraeException e) {
            return new Failed("the AWS Price List API lookup failed: " + e.getMessage());
        }
        return choose(type, region, serviceCode, priceList);
    }

    private static Filter term(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }

    /** Picks the On-Demand hourly price from the answer's products (the highest, with a note, when they differ). */
    public static Result choose(String type, String region, String serviceCode, List<String> priceList) {
        List<Offer> offers = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String doc : priceList) {
            try {
                parse(MAPPER.readTree(doc), type, region, serviceCode).ifPresent(offers::add);
            } catch (IOException | RuntimeException e) {
                unreadable.add(e.getMessage());
            }
        }
        if (offers.isEmpty()) {
            return new Missing("the AWS Price List API has no On-Demand hourly USD price for " + type + " in " + region
                    + " (" + serviceCode + ", " + priceList.size() + " product(s) answered"
                    + (unreadable.isEmpty() ? "" : ", " + unreadable.size() + " unreadable") + ")");
        }
        Offer best = offers.get(0);
        for (Offer o : offers) {
            if (o.usdPerHour() > best.usdPerHour()) {
                best = o;
            }
        }
        final double top = best.usdPerHour();
        if (offers.stream().anyMatch(o -> o.usdPerHour() != top)) {
            List<String> notes = new ArrayList<>(best.notes());
            notes.add("the Price List API answered " + offers.size() + " On-Demand offers for " + type + " in " + region
                    + " with different prices; the highest ($" + top + "/h) is used, so the estimate is an upper bound");
            best = new Offer(best.instanceType(), best.regionCode(), best.serviceCode(), best.usdPerHour(), best.sku(), best.publicationDate(),
                    best.effectiveDate(), notes);
        }
        return new Found(best);
    }

    /** One PriceList document, if it is the On-Demand hourly offer this lookup asked for. */
    public static Optional<Offer> parse(JsonNode doc, String type, String region, String serviceCode) {
        JsonNode attrs = doc.path("product").path("attributes");
        if (serviceCode.equals(SAGEMAKER)) {
            String component = attrs.path("component").asText("");
            String usage = attrs.path("usagetype").asText("");
            boolean training = component.equalsIgnoreCase("Training") || usage.contains("Train");
            if (!training || !attrs.path("instanceName").asText("").equalsIgnoreCase(type)) {
                return Optional.empty();
            }
        } else {
            if (!attrs.path("instanceType").asText("").equalsIgnoreCase(type)) {
                return Optional.empty();
            }
            String market = attrs.path("marketoption").asText("OnDemand");
            if (!market.equalsIgnoreCase("OnDemand")) {
                return Optional.empty(); // defensive: only On-Demand products price a budget (a Capacity Block costs its upfront fee)
            }
        }
        String regionCode = attrs.path("regionCode").asText(region);
        JsonNode onDemand = doc.path("terms").path("OnDemand");
        for (Iterator<JsonNode> terms = onDemand.elements(); terms.hasNext(); ) {
            JsonNode term = terms.next();
            for (Iterator<JsonNode> dims = term.path("priceDimensions").elements(); dims.hasNext(); ) {
                JsonNode dim = dims.next();
                String unit = dim.path("unit").asText("");
                String usd = dim.path("pricePerUnit").path("USD").asText("");
                if (!unit.toLowerCase(Locale.ROOT).startsWith("hr") || usd.isEmpty()) {
                    continue;
                }
                double price = Double.parseDouble(usd);
                if (!(price > 0)) {
                    continue; // 0.00 dimensions (reserved-capacity usage and the like) are not the On-Demand price
                }
                Instant published = instant(doc.path("publicationDate").asText(""))
                        .orElseThrow(() -> new IllegalStateException("a PriceList entry without publicationDate"));
                Optional<LocalDate> effective = instant(term.path("effectiveDate").asText("")).map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC));
                String sku = doc.path("product").path("sku").asText(term.path("sku").asText("?"));
                return Optional.of(new Offer(type, regionCode, serviceCode, price, sku, published, effective, List.of()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private synchronized ServiceClient<PricingClient> client() {
        if (closed) {
            throw new TraeClientException("the client that owns this price lookup is closed");
        }
        if (client == null) {
            client = AwsClients.of(config).service(Services.PRICING, PricingClient::builder, b -> b.region(Region.of(endpointRegion)));
        }
        return client;
    }

    /** What has been looked up so far (type@region to result), for diagnostics. */
    public Map<String, Result> cached() {
        return Map.copyOf(new LinkedHashMap<>(cache));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
