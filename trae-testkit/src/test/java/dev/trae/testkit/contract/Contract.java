package dev.trae.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.testkit.wire.Json;
import dev.trae.testkit.wire.SdkModelCheck;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.regions.Region;

/**
 * Test support for the fakes' contract tests: a real AWS SDK client pointed at a loopback endpoint that keeps the
 * raw response bodies it received, and shape comparisons between a documented example and a fake's answer.
 */
public final class Contract {
    private Contract() {
    }

    /** The raw HTTP response bodies a client received, in order. */
    public static final class RawBodies implements ExecutionInterceptor {
        private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            Optional<InputStream> in = context.responseBody();
            if (in.isEmpty()) {
                bodies.add(new byte[0]);
                return in;
            }
            try (InputStream s = in.get()) {
                byte[] b = s.readAllBytes();
                bodies.add(b);
                return Optional.of(new ByteArrayInputStream(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The last body, parsed as JSON. */
        public JsonNode lastJson() {
            try {
                return Json.MAPPER.readTree(last());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public byte[] last() {
            assertThat(bodies).as("response bodies received").isNotEmpty();
            return bodies.get(bodies.size() - 1);
        }
    }

    /**
     * Configures a real SDK client builder for a loopback fake: region us-east-1, static test credentials, the
     * endpoint override, no retries, and {@code raw} capturing response bodies.
     */
    public static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint, RawBodies raw) {
        return builder.region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRAELOCAL", "trae-local-secret")))
                .endpointOverride(endpoint)
                .overrideConfiguration(o -> o.addExecutionInterceptor(raw).retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** {@link #client(AwsClientBuilder, URI, RawBodies)} without keeping bodies. */
    public static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return client(builder, endpoint, new RawBodies());
    }

    /**
     * The members set on a parsed SDK object, as paths: {@code Labels}, {@code Labels[].Name},
     * {@code KeyMetadata.KeyState}; lists contribute the members of their first element.
     */
    public static Set<String> present(SdkPojo pojo) {
        Set<String> out = new TreeSet<>();
        present(pojo, "", out);
        return out;
    }

    private static void present(SdkPojo pojo, String prefix, Set<String> out) {
        for (SdkField<?> f : pojo.sdkFields()) {
            Object v = f.getValueOrDefault(pojo);
            if (v == null || v instanceof SdkAutoConstructList || v instanceof SdkAutoConstructMap) {
                continue;
            }
            String name = prefix + f.memberName();
            out.add(name);
            if (v instanceof SdkPojo) {
                present((SdkPojo) v, name + ".", out);
            } else if (v instanceof List && !((List<?>) v).isEmpty() && ((List<?>) v).get(0) instanceof SdkPojo) {
                present((SdkPojo) ((List<?>) v).get(0), name + "[].", out);
            }
        }
    }

    /**
     * Asserts that the fake's parsed answer carries every member the documented example carries, except the
     * listed ones (each a member the fake deliberately leaves out; say why at the call site).
     */
    public static void assertSameShape(SdkPojo documented, SdkPojo fake, String... notProducedByFake) {
        Set<String> expected = new TreeSet<>(present(documented));
        expected.removeAll(Set.of(notProducedByFake));
        assertThat(present(fake)).as("members of the fake's answer (documented example has %s)", present(documented))
                .containsAll(expected);
    }

    /**
     * Asserts that a raw JSON body uses only members of the SDK response model, with the model's types and
     * enum values (checked with {@link SdkModelCheck}).
     */
    public static void assertModelled(Class<? extends SdkPojo> responseModel, JsonNode body) {
        assertModelled(responseModel, body, new String[0]);
    }

    /**
     * {@link #assertModelled(Class, JsonNode)}, tolerating the listed enum values that the real service is known to send
     * although the SDK model does not list them (cite the evidence at the call site).
     */
    public static void assertModelled(Class<? extends SdkPojo> responseModel, JsonNode body, String... offModelValues) {
        assertThat(SdkModelCheck.unknownMembers(responseModel, body)).as("members unknown to %s", responseModel.getSimpleName()).isEmpty();
        assertThat(SdkModelCheck.of(responseModel).problemsJson(body).stream()
                .filter(p -> java.util.Arrays.stream(offModelValues).noneMatch(v -> p.startsWith("Value '" + v + "' at ") && p.contains("enum value set")))
                .toList()).as("type/enum problems against %s", responseModel.getSimpleName()).isEmpty();
    }

    /** Paths of every member of {@code a} that is not in {@code b} (for messages). */
    public static Collection<String> missing(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }

    /**
     * The JSON response body of the first interaction of a VCR YAML cassette in {@code ../shared/aws-responses} (read in
     * place; see its SOURCES.md), or the test is skipped where that folder is absent.
     */
    public static String recordedJson(String relative) {
        java.nio.file.Path dir = dev.trae.testkit.SharedData.folder("aws-responses").orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "../shared/aws-responses is not beside this checkout");
        try {
            JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(java.nio.file.Files.readAllBytes(dir.resolve(relative)));
            JsonNode resp = root.get("interactions").get(0).get("response");
            if (resp.has("parsed_body")) {
                return Json.MAPPER.writeValueAsString(resp.get("parsed_body"));
            }
            JsonNode s = resp.path("body").path("string");
            return s.isBinary() ? new String(s.binaryValue(), java.nio.charset.StandardCharsets.UTF_8) : s.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object from alternating keys and values (test convenience). */
    public static Map<String, Object> map(Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
