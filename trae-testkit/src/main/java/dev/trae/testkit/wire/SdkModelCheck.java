package dev.trae.testkit.wire;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;

/**
 * Checks a request that reached a fake against the AWS SDK's own model class of the operation, and answers
 * the way AWS does when the request is invalid. So a fake cannot accept what the real service refuses just
 * because the client under test happened to send it.
 *
 * <p>What the SDK model classes carry is checked automatically, recursively through structures and lists:
 * enum members must hold one of the enum's known values, and strings, numbers, booleans, lists and
 * structures must have the member's type. What the model classes of SDK 2.40.2 do not carry (required
 * members, length and pattern constraints) is declared per operation from the API reference with
 * {@link #required}, {@link #length} and {@link #pattern}; cite the reference page beside the declaration.
 *
 * <p>Error shapes, as the services document them:
 * <ul>
 *   <li>JSON protocols: HTTP 400 {@code ValidationException} with the AWS message form
 *       {@code 1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: Member must ...}
 *       (see for example https://docs.aws.amazon.com/rekognition/latest/APIReference/CommonErrors.html).</li>
 *   <li>EC2 query protocol: HTTP 400 {@code MissingParameter} or {@code InvalidParameterValue}
 *       (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).</li>
 * </ul>
 *
 * <pre>{@code
 * private static final SdkModelCheck DETECT_TEXT = SdkModelCheck.of(DetectTextRequest.class)
 *         .required("Image");   // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectText.html
 * ...
 * Optional<FakeResponse> invalid = DETECT_TEXT.checkJson(req.json());
 * if (invalid.isPresent()) return invalid.get();
 * }</pre>
 *
 * Immutable after construction (the declaring methods return new checks); thread-safe.
 */
public final class SdkModelCheck implements RequestCheck {
    private static final Map<Class<?>, List<Member>> MODELS = new ConcurrentHashMap<>();

    private final Class<?> model;
    private final List<String> required;
    private final Map<String, int[]> lengths;
    private final Map<String, Pattern> patterns;
    private final Map<String, long[]> ranges;
    private final Map<String, String> codes;

    private SdkModelCheck(Class<?> model, List<String> required, Map<String, int[]> lengths, Map<String, Pattern> patterns) {
        this(model, required, lengths, patterns, Map.of(), Map.of());
    }

    private SdkModelCheck(Class<?> model, List<String> required, Map<String, int[]> lengths, Map<String, Pattern> patterns,
                          Map<String, long[]> ranges, Map<String, String> codes) {
        this.model = model;
        this.required = required;
        this.lengths = lengths;
        this.patterns = patterns;
        this.ranges = ranges;
        this.codes = codes;
    }

    /**
     * A check of the SDK request model class named {@code className}, or empty when that service's SDK is not on
     * the class path (then no SDK client of the service can call the fake either). Fakes load model classes by
     * name because the testkit does not depend on every service's SDK.
     */
    public static Optional<SdkModelCheck> forName(String className) {
        try {
            return Optional.of(of(Class.forName(className).asSubclass(SdkPojo.class)));
        } catch (ClassNotFoundException | LinkageError | ClassCastException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #forName} with declarations applied, as a {@link RequestCheck} for {@link FakeAwsServer#validate};
     * {@link RequestCheck#NONE} when the service's SDK is not on the class path.
     */
    public static RequestCheck ifPresent(String className, java.util.function.UnaryOperator<SdkModelCheck> declare) {
        Optional<SdkModelCheck> c = forName(className).map(declare);
        return c.isPresent() ? c.get() : RequestCheck.NONE;
    }

    /** A check of the given SDK request model class, such as {@code RunInstancesRequest.class}. */
    public static SdkModelCheck of(Class<? extends SdkPojo> requestModel) {
        members(requestModel); // fail early on a class that is not an SDK model
        return new SdkModelCheck(requestModel, List.of(), Map.of(), Map.of());
    }

    /** Declares required top-level members, by their wire names (from the operation's API reference page). */
    public SdkModelCheck required(String... wireNames) {
        List<String> r = new ArrayList<>(required);
        r.addAll(List.of(wireNames));
        return new SdkModelCheck(model, List.copyOf(r), lengths, patterns, ranges, codes);
    }

    /** Declares a length constraint of a top-level string member (characters) or list member (items). */
    public SdkModelCheck length(String wireName, int min, int max) {
        Map<String, int[]> l = new LinkedHashMap<>(lengths);
        l.put(wireName, new int[] {min, max});
        return new SdkModelCheck(model, required, Map.copyOf(l), patterns, ranges, codes);
    }

    /** Declares a pattern constraint of a top-level string member. */
    public SdkModelCheck pattern(String wireName, String regex) {
        Map<String, Pattern> p = new LinkedHashMap<>(patterns);
        p.put(wireName, Pattern.compile(regex));
        return new SdkModelCheck(model, required, lengths, Map.copyOf(p), ranges, codes);
    }

    /** Declares a value range of a top-level number member (AWS: "Member must have value less than or equal to"). */
    public SdkModelCheck range(String wireName, long min, long max) {
        Map<String, long[]> r = new LinkedHashMap<>(ranges);
        r.put(wireName, new long[] {min, max});
        return new SdkModelCheck(model, required, lengths, patterns, Map.copyOf(r), codes);
    }

    /**
     * Answers problems of one member (and its nested members) with a service-specific error code instead of
     * {@code ValidationException}, where the operation's reference page documents one (for example CloudTrail's
     * {@code InvalidMaxResultsException} for {@code MaxResults}).
     */
    public SdkModelCheck errorCode(String wireName, String code) {
        Map<String, String> c = new LinkedHashMap<>(codes);
        c.put(lowerFirst(wireName), code);
        return new SdkModelCheck(model, required, lengths, patterns, ranges, Map.copyOf(c));
    }

    /**
     * The error code of every problem this check finds, for services that do not answer {@code ValidationException}
     * (CloudWatch Logs answers {@code InvalidParameterException} with the same message); {@link #errorCode(String, String)}
     * still wins for its member.
     */
    public SdkModelCheck validationErrorCode(String code) {
        Map<String, String> c = new LinkedHashMap<>(codes);
        c.put("*", code);
        return new SdkModelCheck(model, required, lengths, patterns, ranges, Map.copyOf(c));
    }

    /**
     * Checks a request routed to a fake: the JSON body (AWS JSON, REST-JSON payload members) and, for REST
     * protocols, the members bound to the path, the query string and headers (declared required members,
     * lengths, patterns, ranges and enum values).
     */
    @Override
    public Optional<FakeResponse> check(FakeRequest req) {
        List<Problem> problems = new ArrayList<>();
        JsonNode body = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        String contentType = req.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        // a REST operation whose payload is a blob or a stream (Lex RecognizeUtterance audio, Bedrock InvokeModel) has no
        // JSON members in its body: only JSON bodies are checked member by member
        if (req.body().length > 0 && (contentType.isEmpty() || contentType.contains("json"))) {
            try {
                body = req.json();
            } catch (IllegalArgumentException e) {
                return Optional.of(FakeResponse.error(400, "SerializationException", "Start of structure or map found where not expected."));
            }
        }
        Map<String, String> bound = bound(req);
        collect(body, bound, problems);
        return answer(problems);
    }

    /**
     * Checks a JSON-protocol request body (AWS JSON 1.0/1.1, REST-JSON body members). Returns the error
     * response AWS would give, or empty when the request is valid.
     */
    public Optional<FakeResponse> checkJson(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        collect(body, Map.of(), problems);
        return answer(problems);
    }

    /** The problems of a JSON body in AWS's wording, empty when valid. */
    public List<String> problemsJson(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        collect(body, Map.of(), problems);
        return problems.stream().map(Problem::message).toList();
    }

    /**
     * The members of a JSON document (a request or a response body) that the model class does not have,
     * recursively, as paths such as {@code Labels.1.Nmae}. Contract tests use it to show that a fake answers
     * only members the AWS model knows.
     */
    public static List<String> unknownMembers(Class<? extends SdkPojo> model, JsonNode json) {
        List<String> out = new ArrayList<>();
        if (json != null && json.isObject()) {
            unknown(model, json, "", out);
        }
        return out;
    }

    /**
     * The JSON answer {@code response} with the top-level members the operation's SDK response model (named by class,
     * such as {@code ...lexmodelsv2.model.CreateBotLocaleResponse}) does not have removed, for fakes that build several
     * operations' answers from one stored resource (a Create answer has fewer members than the Describe answer). Returned
     * unchanged when it is not a JSON object, is an error, or the SDK is not on the class path.
     */
    public static FakeResponse retainModelled(String responseModelClassName, FakeResponse response) {
        if (response.isStream() || response.status() >= 300) {
            return response;
        }
        Class<? extends SdkPojo> model;
        try {
            model = Class.forName(responseModelClassName).asSubclass(SdkPojo.class);
        } catch (ClassNotFoundException | LinkageError | ClassCastException e) {
            return response;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            return response;
        }
        if (body == null || !body.isObject()) {
            return response;
        }
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) body;
        List<String> drop = new ArrayList<>();
        o.fieldNames().forEachRemaining(n -> {
            if (find(members(model), n) == null) {
                drop.add(n);
            }
        });
        if (drop.isEmpty()) {
            return response;
        }
        o.remove(drop);
        FakeResponse out = FakeResponse.json(response.status(), o);
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                out = out.header(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    private static void unknown(Class<?> model, JsonNode obj, String path, List<String> out) {
        List<Member> members = members(model);
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Member m = find(members, e.getKey());
            if (m == null) {
                out.add(path + e.getKey());
            } else if (m.nested != null && e.getValue().isObject()) {
                unknown(m.nested, e.getValue(), path + e.getKey() + ".", out);
            } else if (m.nested != null && e.getValue().isArray()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    if (e.getValue().get(i).isObject()) {
                        unknown(m.nested, e.getValue().get(i), path + e.getKey() + "." + (i + 1) + ".", out);
                    }
                }
            }
        }
    }

    /** One validation problem: the member path (AWS style, lower-camel) and the AWS message. */
    private record Problem(String path, String message) {
    }

    private Optional<FakeResponse> answer(List<Problem> problems) {
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String code = codes.getOrDefault("*", "ValidationException");
        for (Map.Entry<String, String> c : codes.entrySet()) {
            String p = problems.get(0).path();
            if (p.equals(c.getKey()) || p.startsWith(c.getKey() + ".")) {
                code = c.getValue();
            }
        }
        String msg = problems.size() + " validation error" + (problems.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", problems.stream().map(Problem::message).toList());
        return Optional.of(FakeResponse.error(400, code, msg));
    }

    /** Values bound to the path, the query string and headers, by the member's wire (location) name. */
    private Map<String, String> bound(FakeRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Member m : members(model)) {
            String v = null;
            if ("PATH".equals(m.location) || "GREEDY_PATH".equals(m.location)) {
                v = req.pathParams().get(m.wireName);
            } else if ("QUERY_PARAM".equals(m.location)) {
                v = req.query(m.wireName).orElse(null);
            } else if ("HEADER".equals(m.location)) {
                v = req.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(m.wireName))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            if (v != null) {
                out.put(m.wireName, v);
            }
        }
        return out;
    }

    private void collect(JsonNode body, Map<String, String> bound, List<Problem> out) {
        JsonNode b = body == null || body.isMissingNode() || body.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body;
        for (String r : required) {
            JsonNode v = b.path(r);
            if ((v.isMissingNode() || v.isNull()) && !bound.containsKey(r)) {
                out.add(new Problem(lowerFirst(r), "Value null at '" + lowerFirst(r) + "' failed to satisfy constraint: Member must not be null"));
            }
        }
        lengths.forEach((name, mm) -> {
            JsonNode v = b.path(name);
            String text = v.isTextual() ? v.asText() : bound.get(name);
            int n = text != null ? text.codePointCount(0, text.length()) : v.isArray() ? v.size() : -1;
            if (n >= 0 && (n < mm[0] || n > mm[1])) {
                out.add(new Problem(lowerFirst(name), "Value '" + shorten(text != null ? text : v.toString()) + "' at '" + lowerFirst(name)
                        + "' failed to satisfy constraint: Member must have length " + (n < mm[0]
                        ? "greater than or equal to " + mm[0] : "less than or equal to " + mm[1])));
            }
        });
        patterns.forEach((name, p) -> {
            JsonNode v = b.path(name);
            String text = v.isTextual() ? v.asText() : bound.get(name);
            if (text != null && !p.matcher(text).matches()) {
                out.add(new Problem(lowerFirst(name), "Value '" + shorten(text) + "' at '" + lowerFirst(name)
                        + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + p.pattern()));
            }
        });
        ranges.forEach((name, mm) -> {
            JsonNode v = b.path(name);
            Long n = v.isIntegralNumber() ? Long.valueOf(v.asLong()) : parseLong(bound.get(name));
            if (n != null && (n < mm[0] || n > mm[1])) {
                out.add(new Problem(lowerFirst(name), "Value '" + n + "' at '" + lowerFirst(name) + "' failed to satisfy constraint: Member must have value "
                        + (n < mm[0] ? "greater than or equal to " + mm[0] : "less than or equal to " + mm[1])));
            }
        });
        for (Member m : members(model)) {
            String v = bound.get(m.wireName);
            if (v == null || "PAYLOAD".equals(m.location)) {
                continue;
            }
            if (m.enumValues != null && !m.enumValues.contains(v)) {
                out.add(new Problem(lowerFirst(m.wireName), "Value '" + shorten(v) + "' at '" + lowerFirst(m.wireName)
                        + "' failed to satisfy constraint: Member must satisfy enum value set: " + m.enumValues));
            } else if ("INTEGER".equals(m.type) && parseLong(v) == null) {
                out.add(new Problem(lowerFirst(m.wireName), "Value '" + shorten(v) + "' at '" + lowerFirst(m.wireName)
                        + "' failed to satisfy constraint: Member must be an integer"));
            }
        }
        if (b.isObject()) {
            List<String> raw = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            checkStructure(model, b, "", raw, paths);
            for (int i = 0; i < raw.size(); i++) {
                out.add(new Problem(paths.get(i), raw.get(i)));
            }
        }
    }

    private static Long parseLong(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Checks an EC2-style query request (form parameters such as {@code InstanceType},
     * {@code TagSpecification.1.ResourceType}): declared required members and lengths, and enum values of
     * top-level members and of members one list level down. Returns the EC2 error response, or empty.
     */
    public Optional<FakeResponse> checkQuery(Map<String, String> params) {
        for (String r : required) {
            boolean present = params.containsKey(r) || params.keySet().stream().anyMatch(k -> k.startsWith(r + "."));
            if (!present) {
                return Optional.of(FakeResponse.error(400, "MissingParameter", "The request must contain the parameter " + r));
            }
        }
        for (Map.Entry<String, int[]> e : lengths.entrySet()) {
            String v = params.get(e.getKey());
            if (v != null && (v.length() < e.getValue()[0] || v.length() > e.getValue()[1])) {
                return Optional.of(invalidQuery(e.getKey(), v));
            }
        }
        for (Map.Entry<String, Pattern> e : patterns.entrySet()) {
            String v = params.get(e.getKey());
            if (v != null && !e.getValue().matcher(v).matches()) {
                return Optional.of(invalidQuery(e.getKey(), v));
            }
        }
        List<Member> top = members(model);
        for (Map.Entry<String, String> p : params.entrySet()) {
            String[] parts = p.getKey().split("\\.");
            Member m = find(top, parts[0]);
            if (m == null) {
                continue;
            }
            Set<String> allowed = null;
            if (parts.length == 1) {
                allowed = m.enumValues;
            } else if (parts.length == 2 && m.listEnumValues != null) {
                allowed = m.listEnumValues;
            } else if (parts.length == 3 && m.nested != null) {
                Member inner = find(members(m.nested), parts[2]);
                allowed = inner == null ? null : inner.enumValues;
            }
            if (allowed != null && !allowed.contains(p.getValue())) {
                return Optional.of(invalidQuery(p.getKey(), p.getValue()));
            }
        }
        return Optional.empty();
    }

    private static FakeResponse invalidQuery(String name, String value) {
        return FakeResponse.error(400, "InvalidParameterValue", "Value (" + shorten(value) + ") for parameter "
                + lowerFirst(name) + " is invalid.");
    }

    private static void checkStructure(Class<?> model, JsonNode obj, String path, List<String> out, List<String> paths) {
        List<Member> members = members(model);
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Member m = find(members, e.getKey());
            if (m == null || e.getValue().isNull()) {
                continue; // unknown members are ignored by AWS JSON services
            }
            checkValue(m, e.getValue(), path + lowerFirst(m.wireName), out, paths);
        }
    }

    private static void checkValue(Member m, JsonNode v, String path, List<String> out, List<String> paths) {
        checkValue0(m, v, path, out, paths);
        while (paths.size() < out.size()) {
            paths.add(path);
        }
    }

    private static void checkValue0(Member m, JsonNode v, String path, List<String> out, List<String> paths) {
        switch (m.type) {
            case "STRING":
                if (!v.isTextual()) {
                    out.add("Value '" + shorten(v.toString()) + "' at '" + path + "' failed to satisfy constraint: Member must be a string");
                } else if (m.enumValues != null && !m.enumValues.contains(v.asText())) {
                    out.add("Value '" + shorten(v.asText()) + "' at '" + path
                            + "' failed to satisfy constraint: Member must satisfy enum value set: " + m.enumValues);
                }
                break;
            case "INTEGER":
            case "LONG":
            case "SHORT":
                if (!v.isIntegralNumber()) {
                    out.add("Value '" + shorten(v.toString()) + "' at '" + path + "' failed to satisfy constraint: Member must be an integer");
                }
                break;
            case "DOUBLE":
            case "FLOAT":
                if (!v.isNumber()) {
                    out.add("Value '" + shorten(v.toString()) + "' at '" + path + "' failed to satisfy constraint: Member must be a number");
                }
                break;
            case "BOOLEAN":
                if (!v.isBoolean()) {
                    out.add("Value '" + shorten(v.toString()) + "' at '" + path + "' failed to satisfy constraint: Member must be a boolean");
                }
                break;
            case "LIST":
                if (!v.isArray()) {
                    out.add("Value '" + shorten(v.toString()) + "' at '" + path + "' failed to satisfy constraint: Member must be a list");
                    break;
                }
                for (int i = 0; i < v.size(); i++) {
                    JsonNode item = v.get(i);
                    if (m.listEnumValues != null && item.isTextual() && !m.listEnumValues.contains(item.asText())) {
                        out.add("Value '" + shorten(item.asText()) + "' at '" + path + "." + (i + 1)
                                + "' failed to satisfy constraint: Member must satisfy enum value set: " + m.listEnumValues);
                    } else if (m.nested != null && item.isObject()) {
                        while (paths.size() < out.size()) {
                            paths.add(path);
                        }
                        checkStructure(m.nested, item, path + "." + (i + 1) + ".", out, paths);
                    }
                }
                break;
            case "SDK_POJO":
                if (!v.isObject()) {
                    out.add("Value '" + shorten(v.toString()) + "' at '" + path + "' failed to satisfy constraint: Member must be a structure");
                } else if (m.nested != null) {
                    checkStructure(m.nested, v, path + ".", out, paths);
                }
                break;
            default:
                break;
        }
    }

    private static Member find(List<Member> members, String wireName) {
        for (Member m : members) {
            if (m.wireName.equals(wireName)) {
                return m;
            }
        }
        return null;
    }

    /** One member of a model class: its wire name, marshalling type, enum values and nested structure class. */
    private static final class Member {
        final String wireName;
        final String type;
        final Set<String> enumValues;
        final Set<String> listEnumValues;
        final Class<?> nested;
        final String location;

        Member(String wireName, String type, Set<String> enumValues, Set<String> listEnumValues, Class<?> nested, String location) {
            this.location = location;
            this.wireName = wireName;
            this.type = type;
            this.enumValues = enumValues;
            this.listEnumValues = listEnumValues;
            this.nested = nested;
        }
    }

    private static List<Member> members(Class<?> model) {
        return MODELS.computeIfAbsent(model, SdkModelCheck::introspect);
    }

    private static List<Member> introspect(Class<?> model) {
        List<SdkField<?>> fields;
        try {
            Object builder = model.getMethod("builder").invoke(null);
            fields = ((SdkPojo) builder).sdkFields();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(model.getName() + " is not an AWS SDK model class", e);
        }
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method m : model.getMethods()) {
            if (m.getParameterCount() == 0) {
                methods.put(m.getName().toLowerCase(Locale.ROOT), m);
            }
        }
        List<Member> out = new ArrayList<>();
        for (SdkField<?> f : fields) {
            String wire = f.locationName() != null ? f.locationName() : f.memberName();
            String key = f.memberName().replace("_", "").toLowerCase(Locale.ROOT);
            Method getter = methods.get(key);
            String type = f.marshallingType() == null ? "" : marshalling(f.marshallingType());
            Set<String> enums = null;
            Set<String> listEnums = null;
            Class<?> nested = null;
            if ("STRING".equals(type) && methods.containsKey(key + "asstring") && getter != null && getter.getReturnType().isEnum()) {
                enums = knownValues(getter.getReturnType());
            } else if ("LIST".equals(type) && getter != null) {
                Class<?> item = listItem(getter.getGenericReturnType());
                if (item != null && item.isEnum() && methods.containsKey(key + "asstrings")) {
                    listEnums = knownValues(item);
                } else if (item != null && SdkPojo.class.isAssignableFrom(item)) {
                    nested = item;
                }
            } else if ("SDK_POJO".equals(type) && getter != null && SdkPojo.class.isAssignableFrom(getter.getReturnType())) {
                nested = getter.getReturnType();
            }
            out.add(new Member(wire, type, enums, listEnums, nested, f.location() == null ? "PAYLOAD" : f.location().name()));
        }
        return List.copyOf(out);
    }

    private static String marshalling(MarshallingType<?> t) {
        if (t == MarshallingType.STRING) {
            return "STRING";
        }
        if (t == MarshallingType.INTEGER || t == MarshallingType.LONG || t == MarshallingType.SHORT) {
            return "INTEGER";
        }
        if (t == MarshallingType.DOUBLE || t == MarshallingType.FLOAT) {
            return "DOUBLE";
        }
        if (t == MarshallingType.BOOLEAN) {
            return "BOOLEAN";
        }
        if (t == MarshallingType.LIST) {
            return "LIST";
        }
        if (t == MarshallingType.SDK_POJO) {
            return "SDK_POJO";
        }
        return "OTHER";
    }

    private static Class<?> listItem(Type t) {
        if (t instanceof ParameterizedType) {
            Type[] a = ((ParameterizedType) t).getActualTypeArguments();
            if (a.length == 1 && a[0] instanceof Class) {
                return (Class<?>) a[0];
            }
        }
        return null;
    }

    private static Set<String> knownValues(Class<?> enumType) {
        Set<String> out = new TreeSet<>();
        for (Object c : enumType.getEnumConstants()) {
            String s = c.toString();
            if (!"UNKNOWN_TO_SDK_VERSION".equals(((Enum<?>) c).name()) && s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
