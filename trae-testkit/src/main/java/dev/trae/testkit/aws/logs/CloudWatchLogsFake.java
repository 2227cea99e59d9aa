package dev.trae.testkit.aws.logs;

import dev.trae.testkit.aws.batch.BatchFake;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of CloudWatch Logs, the one used by every module (AWS JSON 1.1, {@code X-Amz-Target}
 * {@code Logs_20140328.<Operation>}): {@code GetLogEvents} (forward tokens that repeat at the end of the
 * stream, as CloudWatch does), {@code FilterLogEvents} (stream names or prefix, time range, a term filter
 * pattern, {@code nextToken} pagination) and {@code DescribeLogStreams}; writes through {@code CreateLogGroup}, {@code CreateLogStream}
 * and {@code PutLogEvents} (the audit sink). {@link BatchFake} writes the
 * container output of simulation jobs here under {@link BatchFake#LOG_GROUP}. Thread-safe.
 *
 * <p>Filter patterns: space-separated terms that must all occur (case-sensitive), {@code "quoted phrases"},
 * and {@code -term} for terms that must not occur; an empty pattern matches everything. This is the
 * unstructured-text subset of the CloudWatch syntax.
 */
public final class CloudWatchLogsFake implements FakeService {
    /** One stored event. */
    public record Event(String stream, long timestamp, String message, long seq) {
    }

    private final Map<String, Map<String, List<Event>>> groups = new TreeMap<>();
    private long seq;
    private volatile int pageSize = 50;

    // Request checks: member types from the CloudWatch Logs SDK model; required members, lengths, patterns and ranges from the
    // reference pages (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_<Operation>.html).
    // CloudWatch Logs answers InvalidParameterException ("A parameter is specified incorrectly", each page's Errors section)
    // with the usual "1 validation error detected: ..." message, for nulls, lengths and patterns alike.
    private static final String GROUP = "[\\.\\-_/#A-Za-z0-9]+";
    private static final String STREAM = "[^:*]*";
    private static final java.util.Map<String, dev.trae.testkit.wire.RequestCheck> CHECKS = java.util.Map.of(
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
            "CreateLogGroup", logs("CreateLogGroupRequest", c -> c.required("logGroupName").length("logGroupName", 1, 512)
                    .pattern("logGroupName", GROUP).length("kmsKeyId", 0, 256)),
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
            "CreateLogStream", logs("CreateLogStreamRequest", c -> c.required("logGroupName", "logStreamName").length("logGroupName", 1, 512)
                    .pattern("logGroupName", GROUP).length("logStreamName", 1, 512).pattern("logStreamName", STREAM)),
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
            "PutLogEvents", logs("PutLogEventsRequest", c -> c.required("logGroupName", "logStreamName", "logEvents")
                    .length("logGroupName", 1, 512).pattern("logGroupName", GROUP).length("logStreamName", 1, 512)
                    .pattern("logStreamName", STREAM).length("logEvents", 1, 10000)),
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
            "GetLogEvents", logs("GetLogEventsRequest", c -> c.required("logStreamName").length("logGroupName", 1, 512)
                    .pattern("logGroupName", GROUP).length("logStreamName", 1, 512).pattern("logStreamName", STREAM).range("limit", 1, 10000)),
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
            "FilterLogEvents", logs("FilterLogEventsRequest", c -> c.length("logGroupName", 1, 512).pattern("logGroupName", GROUP)
                    .length("logStreamNames", 1, 100).length("filterPattern", 0, 1024).range("limit", 1, 10000)),
            // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
            "DescribeLogStreams", logs("DescribeLogStreamsRequest", c -> c.length("logGroupName", 1, 512).pattern("logGroupName", GROUP)
                    .length("logStreamNamePrefix", 1, 512).range("limit", 1, 50)));

    private static dev.trae.testkit.wire.RequestCheck logs(String model,
                                                           java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> declare) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.cloudwatchlogs.model." + model,
                c -> declare.apply(c).validationErrorCode("InvalidParameterException"));
    }

    @Override
    public void install(FakeAwsServer server) {
        server.json("GetLogEvents", this::getLogEvents);
        server.json("FilterLogEvents", this::filterLogEvents);
        server.json("DescribeLogStreams", this::describeLogStreams);
        server.json("CreateLogGroup", this::createLogGroup);
        server.json("CreateLogStream", this::createLogStream);
        server.json("PutLogEvents", this::putLogEvents);
        CHECKS.forEach(server::validate);
    }

    // Writes, as documented in the CloudWatch Logs API reference:
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
    // (a batch holds 1 to 10,000 events; an unknown group or stream answers ResourceNotFoundException).
    private synchronized FakeResponse createLogGroup(FakeRequest req) {
        String g = req.json().path("logGroupName").asText("");
        if (groups.containsKey(g)) {
            return FakeResponse.error(400, "ResourceAlreadyExistsException", "The specified log group already exists");
        }
        groups.put(g, new TreeMap<>());
        return FakeResponse.json(Json.object());
    }

    private synchronized FakeResponse createLogStream(FakeRequest req) {
        String g = req.json().path("logGroupName").asText("");
        String s = req.json().path("logStreamName").asText("");
        Map<String, List<Event>> group = groups.get(g);
        if (group == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        if (group.containsKey(s)) {
            return FakeResponse.error(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        group.put(s, new ArrayList<>());
        return FakeResponse.json(Json.object());
    }

    private synchronized FakeResponse putLogEvents(FakeRequest req) {
        String g = req.json().path("logGroupName").asText("");
        String s = req.json().path("logStreamName").asText("");
        List<Event> events = groups.getOrDefault(g, Map.of()).get(s);
        if (events == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        int n = req.json().path("logEvents").size();
        if (n == 0 || n > 10_000) {
            return FakeResponse.error(400, "InvalidParameterException", "logEvents must hold 1 to 10000 events");
        }
        for (JsonNode e : req.json().path("logEvents")) {
            events.add(new Event(s, e.path("timestamp").asLong(System.currentTimeMillis()), e.path("message").asText(), seq++));
        }
        return FakeResponse.json(Json.object().put("nextSequenceToken", Long.toString(seq)));
    }

    /** The most events one page returns when the request sets no smaller {@code limit} (default 50). */
    public CloudWatchLogsFake pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageSize = size;
        return this;
    }

    /** Appends lines to a stream (group and stream are created on first use), one millisecond apart. */
    public synchronized void append(String group, String stream, List<String> lines) {
        List<Event> events = groups.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(stream, s -> new ArrayList<>());
        long now = System.currentTimeMillis();
        long ts = events.isEmpty() ? now : Math.max(now, events.get(events.size() - 1).timestamp() + 1);
        for (String line : lines) {
            events.add(new Event(stream, ts++, line, seq++));
        }
    }

    /** Appends one line. */
    public void append(String group, String stream, String line) {
        append(group, stream, List.of(line));
    }

    /** The lines of a stream so far (empty when the stream does not exist). */
    public synchronized List<String> lines(String group, String stream) {
        return groups.getOrDefault(group, Map.of()).getOrDefault(stream, List.of()).stream().map(Event::message).toList();
    }

    /** Stream names of a group. */
    public synchronized List<String> streams(String group) {
        return List.copyOf(groups.getOrDefault(group, Map.of()).keySet());
    }

    private synchronized FakeResponse getLogEvents(FakeRequest req) {
        JsonNode in = req.json();
        String group = in.path("logGroupName").asText(in.path("logGroupIdentifier").asText(""));
        String stream = in.path("logStreamName").asText("");
        Map<String, List<Event>> g = groups.get(group);
        if (g == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        List<Event> events = g.get(stream);
        if (events == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        int limit = Math.min(pageSize, in.path("limit").asInt(10_000));
        List<Event> range = events.stream().filter(e -> inTime(e, in)).toList();
        String token = in.path("nextToken").asText("");
        int from;
        if (token.isEmpty()) {
            boolean head = in.path("startFromHead").asBoolean(false);
            from = head ? 0 : Math.max(0, range.size() - limit);
        } else if (token.startsWith("f/") || token.startsWith("b/")) {
            try {
                from = Integer.parseInt(token.substring(2));
            } catch (NumberFormatException e) {
                return FakeResponse.error(400, "InvalidParameterException", "The specified nextToken is invalid.");
            }
            if (token.startsWith("b/")) {
                from = Math.max(0, from - limit);
            }
        } else {
            return FakeResponse.error(400, "InvalidParameterException", "The specified nextToken is invalid.");
        }
        from = Math.min(from, range.size());
        int to = Math.min(range.size(), from + limit);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("events");
        for (Event e : range.subList(from, to)) {
            arr.addObject().put("timestamp", e.timestamp()).put("message", e.message()).put("ingestionTime", e.timestamp());
        }
        // like CloudWatch: at the end of the stream the forward token repeats the one passed in
        out.put("nextForwardToken", "f/" + to).put("nextBackwardToken", "b/" + from);
        return FakeResponse.json(out);
    }

    private synchronized FakeResponse filterLogEvents(FakeRequest req) {
        JsonNode in = req.json();
        String group = in.path("logGroupName").asText(in.path("logGroupIdentifier").asText(""));
        Map<String, List<Event>> g = groups.get(group);
        if (g == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        List<String> names = new ArrayList<>();
        in.path("logStreamNames").forEach(n -> names.add(n.asText()));
        String prefix = in.path("logStreamNamePrefix").asText("");
        if (!names.isEmpty() && !prefix.isEmpty()) {
            return FakeResponse.error(400, "InvalidParameterException",
                    "You cannot specify both LogStreamNames and LogStreamNamePrefix.");
        }
        Pattern pattern;
        try {
            pattern = Pattern.parse(in.path("filterPattern").asText(""));
        } catch (IllegalArgumentException e) {
            return FakeResponse.error(400, "InvalidParameterException", "Invalid filter pattern: " + e.getMessage());
        }
        List<Event> matching = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        g.forEach((stream, events) -> {
            if ((names.isEmpty() || names.contains(stream)) && stream.startsWith(prefix)) {
                searched.add(stream);
                events.stream().filter(e -> inTime(e, in) && pattern.matches(e.message())).forEach(matching::add);
            }
        });
        matching.sort((a, b) -> a.timestamp() != b.timestamp() ? Long.compare(a.timestamp(), b.timestamp()) : Long.compare(a.seq(), b.seq()));
        String token = in.path("nextToken").asText("");
        int from = 0;
        if (!token.isEmpty()) {
            if (!token.startsWith("p/")) {
                return FakeResponse.error(400, "InvalidParameterException", "The specified nextToken is invalid.");
            }
            try {
                from = Integer.parseInt(token.substring(2));
            } catch (NumberFormatException e) {
                return FakeResponse.error(400, "InvalidParameterException", "The specified nextToken is invalid.");
            }
        }
        int limit = Math.min(pageSize, in.path("limit").asInt(10_000));
        from = Math.min(from, matching.size());
        int to = Math.min(matching.size(), from + limit);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("events");
        for (Event e : matching.subList(from, to)) {
            arr.addObject().put("logStreamName", e.stream()).put("timestamp", e.timestamp()).put("message", e.message())
                    .put("ingestionTime", e.timestamp()).put("eventId", Long.toString(e.seq()));
        }
        ArrayNode s = out.putArray("searchedLogStreams");
        searched.forEach(n -> s.addObject().put("logStreamName", n).put("searchedCompletely", true));
        if (to < matching.size()) {
            out.put("nextToken", "p/" + to);
        }
        return FakeResponse.json(out);
    }

    private synchronized FakeResponse describeLogStreams(FakeRequest req) {
        String group = req.json().path("logGroupName").asText("");
        String prefix = req.json().path("logStreamNamePrefix").asText("");
        Map<String, List<Event>> g = groups.get(group);
        if (g == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        ArrayNode arr = Json.array();
        g.keySet().stream().filter(n -> n.startsWith(prefix)).forEach(n -> arr.addObject().put("logStreamName", n));
        return FakeResponse.json(Json.object().set("logStreams", arr));
    }

    private static boolean inTime(Event e, JsonNode in) {
        long start = in.path("startTime").asLong(Long.MIN_VALUE);
        long end = in.path("endTime").asLong(Long.MAX_VALUE);
        return e.timestamp() >= start && e.timestamp() <= end;
    }

    /** The unstructured-text subset of CloudWatch filter patterns. */
    private record Pattern(List<String> required, List<String> excluded) {
        static Pattern parse(String p) {
            List<String> req = new ArrayList<>();
            List<String> exc = new ArrayList<>();
            String s = p.trim();
            if (s.startsWith("{") || s.startsWith("[")) {
                throw new IllegalArgumentException("JSON and space-delimited patterns are not supported by this fake");
            }
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                boolean neg = c == '-';
                if (neg) {
                    i++;
                }
                String term;
                if (i < s.length() && s.charAt(i) == '"') {
                    int end = s.indexOf('"', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated quote");
                    }
                    term = s.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                        end++;
                    }
                    term = s.substring(i, end);
                    i = end;
                }
                if (!term.isEmpty()) {
                    (neg ? exc : req).add(term);
                }
            }
            return new Pattern(req, exc);
        }

        boolean matches(String message) {
            return required.stream().allMatch(message::contains) && excluded.stream().noneMatch(message::contains);
        }

        @Override
        public String toString() {
            return String.join(" ", required).toLowerCase(Locale.ROOT);
        }
    }
}
