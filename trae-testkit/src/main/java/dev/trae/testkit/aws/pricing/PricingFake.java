package dev.trae.testkit.aws.pricing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Handler;
import dev.trae.testkit.wire.Json;
import dev.trae.testkit.wire.SdkModelCheck;

/**
 * Trae Local fake of the AWS Price List Query API (AWS JSON 1.1, target prefix {@code AWSPriceListService}):
 * {@code GetProducts} over a small programmed catalogue. Thread-safe.
 *
 * <p>As the API reference documents
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html):
 * <ul>
 *   <li>{@code ServiceCode} is required; {@code Filters} holds at most 50 filters, and a product is returned only when it
 *       matches all of them; {@code TERM_MATCH} matches a product attribute (or {@code ServiceCode}) exactly;</li>
 *   <li>{@code MaxResults} is 1 to 100 and "an upper limit, not a guaranteed count": pages may be shorter
 *       ({@link #pageSize(int)}); a {@code NextToken} in the answer means more may exist; a token the fake did not
 *       issue answers {@code InvalidNextTokenException};</li>
 *   <li>{@code PriceList} is a list of JSON documents as strings, each with {@code product} ({@code productFamily},
 *       {@code attributes}, {@code sku}), {@code serviceCode}, {@code terms.OnDemand.<sku>.<offerTermCode>} with
 *       {@code priceDimensions.<rateCode>} ({@code unit}, {@code pricePerUnit.USD}, ...) and {@code effectiveDate},
 *       {@code version} and {@code publicationDate}: the shape of AWS's documented example
 *       (https://docs.aws.amazon.com/cli/latest/reference/pricing/get-products.html).</li>
 * </ul>
 * The other filter types of newer API versions ({@code EQUALS}, {@code CONTAINS}, {@code ANY_OF}, {@code NONE_OF}) are not
 * modelled: they answer {@code InvalidParameterException} naming the fake. A service code the catalogue has no product
 * for answers an empty {@code PriceList}. {@link #denyAccess(boolean)} answers {@code AccessDeniedException} (a caller
 * without {@code pricing:GetProducts}); throttling and other faults come from {@code server.faults()}.
 *
 * <p>{@link #ec2OnDemand} adds, beside the Linux/Shared/Used product asked for, the products a careless query would
 * also match (Windows, dedicated tenancy, unused capacity reservation, SQL Server pre-installed), each with another
 * price, so a client that leaves out a filter gets a wrong or ambiguous answer.
 */
public final class PricingFake implements FakeService {
    /** The offer term code AWS uses for On-Demand terms (as in the documented example). */
    public static final String ON_DEMAND_TERM = "JRTCKXETXF";
    /** The rate code suffix of an hourly price dimension (as in the documented example). */
    public static final String RATE_CODE = "6YS6EN2CT7";
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Map<String, String> LOCATIONS = Map.ofEntries(
            Map.entry("us-east-1", "US East (N. Virginia)"), Map.entry("us-east-2", "US East (Ohio)"),
            Map.entry("us-west-2", "US West (Oregon)"), Map.entry("eu-central-1", "EU (Frankfurt)"),
            Map.entry("eu-west-1", "EU (Ireland)"), Map.entry("ap-south-1", "Asia Pacific (Mumbai)"),
            Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"), Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
            Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"));

    // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html:
    // ServiceCode required; Filters 0-50 items; FormatVersion length 1-32 (MaxResults 1-100 is checked in the handler)
    private static final Optional<SdkModelCheck> GET_PRODUCTS = model("GetProductsRequest")
            .map(c -> c.required("ServiceCode").length("Filters", 0, 50).length("FormatVersion", 1, 32));

    /** One product of the catalogue with its On-Demand price. */
    public record Product(String serviceCode, String productFamily, Map<String, String> attributes, String unit, String usdPerUnit,
                          Instant effectiveDate) {
        public Product {
            Objects.requireNonNull(serviceCode, "serviceCode");
            attributes = Map.copyOf(attributes);
            Objects.requireNonNull(usdPerUnit, "usdPerUnit");
        }

        String sku() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(serviceCode.getBytes(StandardCharsets.UTF_8));
                new java.util.TreeMap<>(attributes).forEach((k, v) -> md.update((k + "=" + v + ";").getBytes(StandardCharsets.UTF_8)));
                byte[] h = md.digest();
                String alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 16; i++) {
                    sb.append(alphabet.charAt((h[i] & 0xff) % alphabet.length()));
                }
                return sb.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final List<Product> catalogue = new CopyOnWriteArrayList<>();
    private volatile Instant publicationDate = Instant.parse("2026-11-20T00:00:00Z");
    private volatile int pageSize = 100;
    private volatile boolean denyAccess;

    private static Optional<SdkModelCheck> model(String simpleName) {
        try {
            return Optional.of(SdkModelCheck.of(Class.forName("software.amazon.awssdk.services.pricing.model." + simpleName)
                    .asSubclass(software.amazon.awssdk.core.SdkPojo.class)));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty(); // the pricing SDK is not on this class path: no client can call the fake
        }
    }

    @Override
    public void install(FakeAwsServer server) {
        server.json("GetProducts", checked(GET_PRODUCTS, this::getProducts));
    }

    private static Handler checked(Optional<SdkModelCheck> check, Handler h) {
        return req -> {
            Optional<FakeResponse> bad = check.flatMap(c -> c.checkJson(req.json()));
            return bad.isPresent() ? bad.get() : h.handle(req);
        };
    }

    /** The region's {@code location} attribute value, for the regions the fake knows. */
    public static Optional<String> location(String regionCode) {
        return Optional.ofNullable(LOCATIONS.get(regionCode));
    }

    /**
     * Adds the On-Demand Linux, shared-tenancy, used-capacity EC2 product of {@code instanceType} in {@code regionCode} at
     * {@code usdPerHour} (a decimal string, as the API answers it), and the products a query without one of those filters
     * would also match, at other prices.
     */
    public PricingFake ec2OnDemand(String instanceType, String regionCode, String usdPerHour) {
        double p = Double.parseDouble(usdPerHour);
        product(ec2(instanceType, regionCode, "Linux", "Shared", "Used", "NA", usdPerHour));
        product(ec2(instanceType, regionCode, "Windows", "Shared", "Used", "NA", price(p * 1.2)));
        product(ec2(instanceType, regionCode, "Linux", "Dedicated", "Used", "NA", price(p * 1.1)));
        product(ec2(instanceType, regionCode, "Linux", "Shared", "UnusedCapacityReservation", "NA", usdPerHour));
        product(ec2(instanceType, regionCode, "Linux", "Shared", "AllocatedCapacityReservation", "NA", "0.0000000000"));
        product(ec2(instanceType, regionCode, "Linux", "Shared", "Used", "SQL Std", price(p * 1.3)));
        return this;
    }

    /** Adds the On-Demand training product of the SageMaker type {@code instanceName} (and its hosting product, at another price). */
    public PricingFake sageMakerTraining(String instanceName, String regionCode, String usdPerHour) {
        product(sageMaker(instanceName, regionCode, "Training", "Train", usdPerHour));
        product(sageMaker(instanceName, regionCode, "Hosting", "Host", price(Double.parseDouble(usdPerHour) * 1.25)));
        return this;
    }

    private static String price(double p) {
        return String.format(java.util.Locale.ROOT, "%.10f", p);
    }

    private static Product ec2(String type, String region, String os, String tenancy, String capacity, String sw, String usd) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("instanceType", type);
        a.put("regionCode", region);
        a.put("location", location(region).orElse(region));
        a.put("locationType", "AWS Region");
        a.put("operatingSystem", os);
        a.put("tenancy", tenancy);
        a.put("capacitystatus", capacity);
        a.put("preInstalledSw", sw);
        a.put("licenseModel", os.equals("Windows") ? "License included" : "No License required");
        a.put("operation", os.equals("Windows") ? "RunInstances:0002" : sw.equals("NA") ? "RunInstances" : "RunInstances:0004");
        a.put("usagetype", "USE1-" + (tenancy.equals("Dedicated") ? "DedicatedUsage:" : "BoxUsage:") + type);
        a.put("servicecode", "AmazonEC2");
        a.put("servicename", "Amazon Elastic Compute Cloud");
        return new Product("AmazonEC2", "Compute Instance", a, "Hrs", usd, Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static Product sageMaker(String name, String region, String component, String usage, String usd) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("instanceName", name);
        a.put("regionCode", region);
        a.put("location", location(region).orElse(region));
        a.put("locationType", "AWS Region");
        a.put("component", component);
        a.put("usagetype", "USE1-" + usage + ":" + name);
        a.put("operation", "RunInstance");
        a.put("servicecode", "AmazonSageMaker");
        a.put("servicename", "Amazon SageMaker");
        return new Product("AmazonSageMaker", "ML Instance", a, "Hrs", usd, Instant.parse("2026-11-01T00:00:00Z"));
    }

    /** Adds any product. */
    public PricingFake product(Product p) {
        catalogue.add(Objects.requireNonNull(p, "product"));
        return this;
    }

    /** Removes every product. */
    public PricingFake clear() {
        catalogue.clear();
        return this;
    }

    /** The {@code publicationDate} of every answer (default 2026-11-20T00:00:00Z). */
    public PricingFake publicationDate(Instant when) {
        this.publicationDate = Objects.requireNonNull(when, "publicationDate");
        return this;
    }

    /** The most products one page holds, whatever {@code MaxResults} asks (default 100). */
    public PricingFake pageSize(int n) {
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("pageSize must be 1-100, was " + n);
        }
        this.pageSize = n;
        return this;
    }

    /** Answers every call with {@code AccessDeniedException}, as for a caller without {@code pricing:GetProducts}. */
    public PricingFake denyAccess(boolean deny) {
        this.denyAccess = deny;
        return this;
    }

    private FakeResponse getProducts(FakeRequest req) {
        if (denyAccess) {
            return FakeResponse.error(400, "AccessDeniedException", "User is not authorized to perform: pricing:GetProducts");
        }
        JsonNode j = req.json();
        String serviceCode = j.path("ServiceCode").asText("");
        int max = j.has("MaxResults") ? j.path("MaxResults").asInt(-1) : 100;
        if (max < 1 || max > 100) {
            // MaxResults: "Valid Range: Minimum value of 1. Maximum value of 100."
            return FakeResponse.error(400, "ValidationException", "1 validation error detected: Value '" + j.path("MaxResults")
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        }
        if (j.has("FormatVersion") && !j.path("FormatVersion").asText().equals("aws_v1")) {
            return FakeResponse.error(400, "InvalidParameterException", "FormatVersion must be aws_v1 (the only valid value)");
        }
        List<String[]> filters = new ArrayList<>();
        for (JsonNode f : j.path("Filters")) {
            String type = f.path("Type").asText("");
            if (!type.equals("TERM_MATCH")) {
                return FakeResponse.error(400, "InvalidParameterException", "filter type " + type
                        + " is not modelled by the Trae Local Price List fake (TERM_MATCH is)");
            }
            filters.add(new String[] {f.path("Field").asText(""), f.path("Value").asText("")});
        }
        List<Product> matches = catalogue.stream().filter(p -> p.serviceCode().equals(serviceCode))
                .filter(p -> filters.stream().allMatch(f -> f[0].equals("ServiceCode") ? f[1].equals(serviceCode) : f[1].equals(p.attributes().get(f[0]))))
                .toList();
        String query = fingerprint(j);
        int offset = 0;
        if (j.hasNonNull("NextToken")) {
            Optional<Integer> o = decodeToken(j.path("NextToken").asText(""), query);
            if (o.isEmpty() || o.get() > matches.size()) {
                return FakeResponse.error(400, "InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.");
            }
            offset = o.get();
        }
        int n = Math.min(max, pageSize);
        int end = Math.min(matches.size(), offset + n);
        ArrayNode list = Json.array();
        Instant published = publicationDate;
        for (Product p : matches.subList(offset, end)) {
            list.add(document(p, published).toString());
        }
        ObjectNode out = Json.object().put("FormatVersion", "aws_v1");
        out.set("PriceList", list);
        if (end < matches.size()) {
            out.put("NextToken", encodeToken(end, query));
        }
        return FakeResponse.json(out);
    }

    /** One PriceList entry, in the documented shape. */
    static ObjectNode document(Product p, Instant published) {
        String sku = p.sku();
        ObjectNode doc = Json.object();
        ObjectNode product = doc.putObject("product");
        product.put("productFamily", p.productFamily());
        ObjectNode attrs = product.putObject("attributes");
        p.attributes().forEach(attrs::put);
        product.put("sku", sku);
        doc.put("serviceCode", p.serviceCode());
        ObjectNode term = doc.putObject("terms").putObject("OnDemand").putObject(sku + "." + ON_DEMAND_TERM);
        ObjectNode dim = term.putObject("priceDimensions").putObject(sku + "." + ON_DEMAND_TERM + "." + RATE_CODE);
        dim.put("unit", p.unit()).put("endRange", "Inf")
                .put("description", "$" + p.usdPerUnit() + " per On Demand " + p.attributes().getOrDefault("instanceType", p.attributes().getOrDefault("instanceName", ""))
                        + " " + p.unit())
                .putArray("appliesTo");
        dim.put("rateCode", sku + "." + ON_DEMAND_TERM + "." + RATE_CODE).put("beginRange", "0");
        dim.putObject("pricePerUnit").put("USD", p.usdPerUnit());
        // a term takes effect no later than the price list that publishes it
        Instant effective = p.effectiveDate().isAfter(published) ? published : p.effectiveDate();
        term.put("sku", sku).put("effectiveDate", effective.toString()).put("offerTermCode", ON_DEMAND_TERM);
        term.putObject("termAttributes");
        doc.put("version", VERSION.format(published));
        doc.put("publicationDate", published.toString());
        return doc;
    }

    private static String fingerprint(JsonNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove("NextToken");
        copy.remove("MaxResults");
        return Integer.toHexString(copy.toString().hashCode());
    }

    private static String encodeToken(int offset, String query) {
        return Base64.getEncoder().encodeToString((query + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Integer> decodeToken(String token, String query) {
        try {
            String s = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            int i = s.lastIndexOf(':');
            if (i < 0 || !s.substring(0, i).equals(query)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(s.substring(i + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
