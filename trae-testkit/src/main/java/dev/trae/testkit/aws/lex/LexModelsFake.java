package dev.trae.testkit.aws.lex;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;
import dev.trae.testkit.wire.SdkModelCheck;

/**
 * Trae Local fake of Amazon Lex V2 model building (lexmodelsv2, REST-JSON), endpoint service name
 * {@code "lex-models"}. It keeps bots, locales, slot types, intents, slots, versions and aliases in memory
 * and answers the real SDK client:
 *
 * <ul>
 *   <li>{@code CreateBot} (status {@code Creating}, then {@code Available} on the next {@code DescribeBot}),
 *       {@code DescribeBot}, {@code UpdateBot}, {@code ListBots} (filter {@code BotName} with {@code EQ}/{@code CO}),
 *       {@code DeleteBot}; every bot gets the test alias {@code TSTALIASID} on {@code DRAFT}.</li>
 *   <li>{@code CreateBotLocale} ({@code Creating}, then {@code NotBuilt}), {@code DescribeBotLocale}, {@code UpdateBotLocale},
 *       {@code BuildBotLocale}: the locale is {@code Building} for {@link #buildPolls(int)} describes, then
 *       {@code Built} or {@code Failed} with {@code failureReasons} (unknown slot types, utterances naming
 *       slots the intent lacks, required slots without prompts, no custom intent). Any later change to the
 *       draft sets it back to {@code NotBuilt}.</li>
 *   <li>{@code CreateSlotType}/{@code UpdateSlotType}/{@code DescribeSlotType}/{@code ListSlotTypes},
 *       {@code CreateIntent}/{@code UpdateIntent} (with {@code slotPriorities})/{@code DescribeIntent}/{@code ListIntents},
 *       {@code CreateSlot}/{@code UpdateSlot}/{@code DescribeSlot}/{@code ListSlots}; names are unique per scope
 *       ({@code ConflictException} otherwise). Every locale has the built-in {@code FallbackIntent}.</li>
 *   <li>{@code CreateBotVersion} (only from built locales; {@code Versioning}, then {@code Available}),
 *       {@code DescribeBotVersion}, {@code ListBotVersions}, {@code CreateBotAlias}/{@code UpdateBotAlias}/
 *       {@code DescribeBotAlias}/{@code ListBotAliases}.</li>
 *   <li>{@code CreateExport} ({@code LexJson}; 202, {@code InProgress}) and {@code DescribeExport} ({@code InProgress}
 *       for {@link #transferPolls(int)} describes, then {@code Completed} with a pre-signed {@code downloadUrl} on this
 *       server); {@code CreateUploadUrl} (an {@code importId} and a pre-signed {@code uploadUrl}), {@code StartImport}
 *       (202, {@code InProgress}; {@code Overwrite} replaces the draft of the bot with that name, {@code FailOnConflict}
 *       fails the import when it exists) and {@code DescribeImport} ({@code Completed} with
 *       {@code importedResourceId}/{@code Name}, or {@code Failed} with {@code failureReasons}). The archive is
 *       written and read by {@link LexArchive}, the fake's own implementation of the format page.</li>
 * </ul>
 *
 * <p>List operations page with {@code maxResults}/{@code nextToken}. The {@link LexRuntimeFake} talks to
 * the bots built here (use {@link LexFakes} to install both). Thread-safe (one lock).
 */
public final class LexModelsFake implements FakeService {
    /** The id of the test alias every bot has. */
    public static final String TEST_ALIAS_ID = "TSTALIASID";
    static final String DRAFT = "DRAFT";
    private static final Pattern SLOT_REF = Pattern.compile("\\{([^{}]*)}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Map<String, Bot> bots = new LinkedHashMap<>();
    private final Map<String, Transfer> exports = new LinkedHashMap<>();
    private final Map<String, Transfer> imports = new LinkedHashMap<>();
    private volatile FakeAwsServer server;
    private volatile int transferPolls = 1;
    private volatile int buildPolls = 2;
    private volatile String nextBuildFailure;

    /** How many {@code DescribeBotLocale} calls a build stays {@code Building} (default 2). */
    public LexModelsFake buildPolls(int polls) {
        this.buildPolls = Math.max(0, polls);
        return this;
    }

    /** How many {@code DescribeExport}/{@code DescribeImport} calls an export or import stays {@code InProgress} (default 1). */
    public LexModelsFake transferPolls(int polls) {
        this.transferPolls = Math.max(0, polls);
        return this;
    }

    /** The next build fails with this reason (after its polls). */
    public LexModelsFake failNextBuild(String reason) {
        this.nextBuildFailure = Objects.requireNonNull(reason);
        return this;
    }

    /** Number of bots the fake holds. */
    public synchronized int botCount() {
        return bots.size();
    }

    /** Names of the intents in a bot's draft locale (FallbackIntent included), for assertions. */
    public synchronized List<String> intentNames(String botId, String localeId) {
        Bot b = bots.get(botId);
        if (b == null || !b.draft.containsKey(localeId)) {
            return List.of();
        }
        return b.draft.get(localeId).intents.values().stream().map(i -> i.def.path("intentName").asText()).toList();
    }

    /** The version numbers of a bot, oldest first. */
    public synchronized List<String> versions(String botId) {
        Bot b = bots.get(botId);
        return b == null ? List.of() : List.copyOf(b.versions.keySet());
    }

    // ------------------------------------------------------------------ state

    static final class Bot {
        final String id;
        ObjectNode def;
        String status = "Creating";
        final Instant created = Instant.now();
        Instant updated = created;
        final Map<String, LocaleState> draft = new LinkedHashMap<>();
        final Map<String, Version> versions = new LinkedHashMap<>();
        final Map<String, Alias> aliases = new LinkedHashMap<>();
        int nextVersion = 1;

        Bot(String id, ObjectNode def) {
            this.id = id;
            this.def = def;
        }

        String name() {
            return def.path("botName").asText();
        }
    }

    /** A locale of a bot version: definitions as the requests sent them. */
    static final class LocaleState {
        final String localeId;
        ObjectNode def;
        String status = "Creating";
        int pollsLeft;
        String failure;
        Instant lastBuild;
        final Instant created = Instant.now();
        Instant updated = created;
        final Map<String, ObjectNode> slotTypes = new LinkedHashMap<>();
        final Map<String, IntentState> intents = new LinkedHashMap<>();
        /** What the last successful build froze: the runtime talks to this. */
        LocaleState built;

        LocaleState(String localeId, ObjectNode def) {
            this.localeId = localeId;
            this.def = def;
        }

        LocaleState copy() {
            LocaleState c = new LocaleState(localeId, def.deepCopy());
            c.status = status;
            slotTypes.forEach((k, v) -> c.slotTypes.put(k, v.deepCopy()));
            intents.forEach((k, v) -> c.intents.put(k, v.copy()));
            return c;
        }

        double threshold() {
            return def.path("nluIntentConfidenceThreshold").asDouble(0.4);
        }

        void changed() {
            updated = Instant.now();
            if (!"Building".equals(status) && !"Creating".equals(status)) {
                status = "NotBuilt";
            }
        }
    }

    static final class IntentState {
        final String id;
        ObjectNode def;
        final Map<String, ObjectNode> slots = new LinkedHashMap<>();
        final Instant created = Instant.now();
        Instant updated = created;

        IntentState(String id, ObjectNode def) {
            this.id = id;
            this.def = def;
        }

        IntentState copy() {
            IntentState c = new IntentState(id, def.deepCopy());
            slots.forEach((k, v) -> c.slots.put(k, v.deepCopy()));
            return c;
        }

        String name() {
            return def.path("intentName").asText();
        }
    }

    static final class Version {
        final String version;
        final String description;
        final Map<String, LocaleState> locales = new LinkedHashMap<>();
        final Instant created = Instant.now();
        String status = "Versioning";

        Version(String version, String description) {
            this.version = version;
            this.description = description;
        }
    }

    static final class Alias {
        final String id;
        ObjectNode def;
        final Instant created = Instant.now();
        Instant updated = created;

        Alias(String id, ObjectNode def) {
            this.id = id;
            this.def = def;
        }

        String version() {
            return def.path("botVersion").asText(DRAFT);
        }
    }

    /**
     * The built locale an alias serves, for the runtime fake: {@code TSTALIASID} serves the last build of
     * the draft, other aliases the locale frozen in their version.
     */
    synchronized Optional<LocaleState> resolve(String botId, String aliasId, String localeId, StringBuilder why) {
        Bot b = bots.get(botId);
        if (b == null) {
            why.append("ResourceNotFoundException:no bot ").append(botId);
            return Optional.empty();
        }
        Alias a = b.aliases.get(aliasId);
        if (a == null) {
            why.append("ResourceNotFoundException:no alias ").append(aliasId).append(" for bot ").append(botId);
            return Optional.empty();
        }
        if (a.def.has("botAliasLocaleSettings") && a.def.path("botAliasLocaleSettings").has(localeId)
                && !a.def.path("botAliasLocaleSettings").path(localeId).path("enabled").asBoolean(true)) {
            why.append("ValidationException:locale ").append(localeId).append(" is disabled in alias ").append(aliasId);
            return Optional.empty();
        }
        LocaleState l;
        if (DRAFT.equals(a.version())) {
            LocaleState d = b.draft.get(localeId);
            l = d == null ? null : d.built;
        } else {
            Version v = b.versions.get(a.version());
            l = v == null ? null : v.locales.get(localeId);
        }
        if (l == null) {
            why.append("ResourceNotFoundException:locale ").append(localeId).append(" of bot ").append(botId)
                    .append(" is not built for alias ").append(aliasId);
            return Optional.empty();
        }
        return Optional.of(l);
    }

    synchronized Optional<String> botName(String botId) {
        Bot b = bots.get(botId);
        return b == null ? Optional.empty() : Optional.of(b.name());
    }

    /** An export or an import: its request, status, poll count, archive and failure reasons. */
    static final class Transfer {
        final String id;
        final ObjectNode request;
        final Instant created = Instant.now();
        Instant updated = created;
        String status = "InProgress";
        int pollsLeft;
        byte[] archive;
        final List<String> failures = new ArrayList<>();
        String resourceId;
        String resourceName;

        Transfer(String id, ObjectNode request, int polls) {
            this.id = id;
            this.request = request;
            this.pollsLeft = polls;
        }
    }

    // ------------------------------------------------------------------ routes

    // Request checks: enum values and member types from the Lex V2 models SDK model (recursively: slot constraints,
    // value selection strategies...); required members, lengths, patterns and ranges from
    // https://docs.aws.amazon.com/lexv2/latest/APIReference/API_<Operation>.html. ValidationException.
    private static final String NAME_PATTERN = "^([0-9a-zA-Z][_-]?){1,100}$";
    private static final java.util.Map<String, dev.trae.testkit.wire.RequestCheck> MODEL_CHECKS = java.util.Map.ofEntries(
            java.util.Map.entry("CreateBot", lexM("CreateBotRequest", c -> c.required("botName", "roleArn", "dataPrivacy", "idleSessionTTLInSeconds")
                    .length("botName", 1, 100).pattern("botName", NAME_PATTERN).length("description", 0, 2000).length("roleArn", 32, 2048)
                    .pattern("roleArn", "^arn:aws:iam::[0-9]{12}:role/.*$").range("idleSessionTTLInSeconds", 60, 86400))),
            java.util.Map.entry("UpdateBot", lexM("UpdateBotRequest", c -> bot(c).required("botName", "roleArn", "dataPrivacy",
                    "idleSessionTTLInSeconds").length("botName", 1, 100).pattern("botName", NAME_PATTERN).length("roleArn", 32, 2048)
                    .range("idleSessionTTLInSeconds", 60, 86400))),
            java.util.Map.entry("ListBots", lexM("ListBotsRequest", c -> c.length("filters", 1, 2).range("maxResults", 1, 1000))),
            java.util.Map.entry("DescribeBot", lexM("DescribeBotRequest", LexModelsFake::bot)),
            java.util.Map.entry("DeleteBot", lexM("DeleteBotRequest", LexModelsFake::bot)),
            java.util.Map.entry("CreateBotLocale", lexM("CreateBotLocaleRequest", c -> bot(c).required("localeId", "nluIntentConfidenceThreshold")
                    .pattern("botVersion", "^DRAFT$").length("description", 0, 2000))),
            java.util.Map.entry("BuildBotLocale", lexM("BuildBotLocaleRequest", c -> bot(c).pattern("botVersion", "^DRAFT$"))),
            java.util.Map.entry("CreateSlotType", lexM("CreateSlotTypeRequest", c -> bot(c).required("slotTypeName").length("slotTypeName", 1, 100)
                    .pattern("slotTypeName", NAME_PATTERN).length("slotTypeValues", 1, 10000).pattern("botVersion", "^DRAFT$"))),
            java.util.Map.entry("CreateIntent", lexM("CreateIntentRequest", c -> bot(c).required("intentName").length("intentName", 1, 100)
                    .pattern("intentName", NAME_PATTERN).length("inputContexts", 0, 5).length("outputContexts", 0, 10)
                    .pattern("botVersion", "^DRAFT$"))),
            java.util.Map.entry("CreateSlot", lexM("CreateSlotRequest", c -> bot(c).required("slotName", "valueElicitationSetting")
                    .length("slotName", 1, 100).pattern("slotName", NAME_PATTERN).length("slotTypeId", 1, 25)
                    .pattern("slotTypeId", "^((AMAZON\\.)[a-zA-Z_]+?|[0-9a-zA-Z]+)$").pattern("botVersion", "^DRAFT$"))),
            java.util.Map.entry("CreateBotVersion", lexM("CreateBotVersionRequest", c -> bot(c).required("botVersionLocaleSpecification")
                    .length("description", 0, 2000))),
            java.util.Map.entry("CreateBotAlias", lexM("CreateBotAliasRequest", c -> bot(c).required("botAliasName").length("botAliasName", 1, 100)
                    .pattern("botAliasName", NAME_PATTERN).length("botVersion", 1, 5).pattern("botVersion", "^[0-9]+$"))),
            java.util.Map.entry("ListIntents", lexM("ListIntentsRequest", c -> bot(c).range("maxResults", 1, 1000).length("filters", 1, 1))),
            java.util.Map.entry("ListSlotTypes", lexM("ListSlotTypesRequest", c -> bot(c).range("maxResults", 1, 1000).length("filters", 1, 1))));

    private static dev.trae.testkit.wire.SdkModelCheck bot(dev.trae.testkit.wire.SdkModelCheck c) {
        return c.length("botId", 10, 10).pattern("botId", "^[0-9a-zA-Z]+$");
    }

    private static dev.trae.testkit.wire.RequestCheck lexM(String model, java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> d) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.lexmodelsv2.model." + model, d);
    }

    @Override
    public void install(FakeAwsServer server) {
        this.server = server;
        installTransfers(server);
        String bot = "/bots/{botId}/";
        String locale = bot + "botversions/{botVersion}/botlocales/{localeId}/";
        String intent = locale + "intents/{intentId}/";
        server.rest("CreateBot", "PUT", "/bots/", r -> sync(this::createBot, r));
        server.rest("ListBots", "POST", "/bots/", r -> sync(this::listBots, r));
        server.rest("DescribeBot", "GET", bot, r -> sync(this::describeBot, r));
        server.rest("UpdateBot", "PUT", bot, r -> sync(this::updateBot, r));
        server.rest("DeleteBot", "DELETE", bot, r -> sync(this::deleteBot, r));
        server.rest("CreateBotLocale", "PUT", bot + "botversions/{botVersion}/botlocales/", r -> sync(this::createLocale, r));
        server.rest("DescribeBotLocale", "GET", locale, r -> sync(this::describeLocale, r));
        server.rest("BuildBotLocale", "POST", locale, r -> sync(this::buildLocale, r));
        server.rest("UpdateBotLocale", "PUT", locale, r -> sync(this::updateLocale, r));
        server.rest("CreateSlotType", "PUT", locale + "slottypes/", r -> sync(this::createSlotType, r));
        server.rest("ListSlotTypes", "POST", locale + "slottypes/", r -> sync(this::listSlotTypes, r));
        server.rest("UpdateSlotType", "PUT", locale + "slottypes/{slotTypeId}/", r -> sync(this::updateSlotType, r));
        server.rest("DescribeSlotType", "GET", locale + "slottypes/{slotTypeId}/", r -> sync(this::describeSlotType, r));
        server.rest("CreateIntent", "PUT", locale + "intents/", r -> sync(this::createIntent, r));
        server.rest("ListIntents", "POST", locale + "intents/", r -> sync(this::listIntents, r));
        server.rest("UpdateIntent", "PUT", intent, r -> sync(this::updateIntent, r));
        server.rest("DescribeIntent", "GET", intent, r -> sync(this::describeIntent, r));
        server.rest("CreateSlot", "PUT", intent + "slots/", r -> sync(this::createSlot, r));
        server.rest("ListSlots", "POST", intent + "slots/", r -> sync(this::listSlots, r));
        server.rest("UpdateSlot", "PUT", intent + "slots/{slotId}/", r -> sync(this::updateSlot, r));
        server.rest("DescribeSlot", "GET", intent + "slots/{slotId}/", r -> sync(this::describeSlot, r));
        server.rest("CreateBotVersion", "PUT", bot + "botversions/", r -> sync(this::createVersion, r));
        server.rest("ListBotVersions", "POST", bot + "botversions/", r -> sync(this::listVersions, r));
        server.rest("DescribeBotVersion", "GET", bot + "botversions/{botVersion}/", r -> sync(this::describeVersion, r));
        server.rest("CreateBotAlias", "PUT", bot + "botaliases/", r -> sync(this::createAlias, r));
        server.rest("ListBotAliases", "POST", bot + "botaliases/", r -> sync(this::listAliases, r));
        server.rest("UpdateBotAlias", "PUT", bot + "botaliases/{botAliasId}/", r -> sync(this::updateAlias, r));
        server.rest("DescribeBotAlias", "GET", bot + "botaliases/{botAliasId}/", r -> sync(this::describeAlias, r));
        MODEL_CHECKS.forEach(server::validate);
    }

    private synchronized FakeResponse sync(Function<FakeRequest, FakeResponse> op, FakeRequest r) {
        try {
            // each operation answers its own response shape: a Create answer lacks lastUpdatedDateTime, counts... that the
            // stored resource (and the Describe answer) has (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_<Op>.html)
            return dev.trae.testkit.wire.SdkModelCheck.retainModelled("software.amazon.awssdk.services.lexmodelsv2.model."
                    + r.operation() + "Response", op.apply(r));
        } catch (LexFakeError e) {
            return FakeResponse.error(e.status, e.type, e.getMessage());
        }
    }

    /** An error the fake answers with. */
    static final class LexFakeError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;

        LexFakeError(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }

        static LexFakeError notFound(String what) {
            return new LexFakeError(404, "ResourceNotFoundException", what + " does not exist");
        }

        static LexFakeError conflict(String what) {
            return new LexFakeError(409, "ConflictException", what);
        }

        static LexFakeError invalid(String what) {
            return new LexFakeError(400, "ValidationException", what);
        }
    }

    // ------------------------------------------------------------------ helpers

    static String newId() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    private static double epoch(Instant i) {
        return i.toEpochMilli() / 1000.0;
    }

    private static ObjectNode body(FakeRequest r) {
        JsonNode n = r.json();
        return n.isObject() ? ((ObjectNode) n).deepCopy() : Json.object();
    }

    private static final Pattern NAME = Pattern.compile("([0-9a-zA-Z][_-]?){1,100}");

    private static String requireName(ObjectNode n, String field) {
        String v = n.path(field).asText("");
        if (!NAME.matcher(v).matches() || v.length() > 100) {
            throw LexFakeError.invalid("1 validation error detected: Value '" + v + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([0-9a-zA-Z][_-]?){1,100}$");
        }
        return v;
    }

    private Bot bot(FakeRequest r) {
        Bot b = bots.get(r.pathParam("botId"));
        if (b == null) {
            throw LexFakeError.notFound("bot " + r.pathParam("botId"));
        }
        return b;
    }

    private LocaleState draftLocale(FakeRequest r) {
        Bot b = bot(r);
        String v = r.pathParam("botVersion");
        if (!DRAFT.equals(v)) {
            throw LexFakeError.invalid("only the DRAFT version can be changed, was " + v);
        }
        LocaleState l = b.draft.get(r.pathParam("localeId"));
        if (l == null) {
            throw LexFakeError.notFound("locale " + r.pathParam("localeId") + " of bot " + b.id);
        }
        return l;
    }

    private LocaleState readLocale(FakeRequest r) {
        Bot b = bot(r);
        String v = r.pathParam("botVersion");
        Map<String, LocaleState> locales;
        if (DRAFT.equals(v)) {
            locales = b.draft;
        } else {
            Version ver = b.versions.get(v);
            if (ver == null) {
                throw LexFakeError.notFound("version " + v + " of bot " + b.id);
            }
            locales = ver.locales;
        }
        LocaleState l = locales.get(r.pathParam("localeId"));
        if (l == null) {
            throw LexFakeError.notFound("locale " + r.pathParam("localeId") + " of bot " + b.id + " version " + v);
        }
        return l;
    }

    private IntentState intent(LocaleState l, FakeRequest r) {
        IntentState i = l.intents.get(r.pathParam("intentId"));
        if (i == null) {
            throw LexFakeError.notFound("intent " + r.pathParam("intentId"));
        }
        return i;
    }

    /** Applies {@code filters: [{name, values, operator}]} to a name. */
    private static boolean filterMatches(ObjectNode req, String filterName, String value) {
        for (JsonNode f : req.path("filters")) {
            if (!filterName.equals(f.path("name").asText())) {
                continue;
            }
            String op = f.path("operator").asText("EQ");
            boolean any = false;
            for (JsonNode v : f.path("values")) {
                String want = v.asText();
                any |= "CO".equals(op) ? value.toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT))
                        : "NE".equals(op) ? !value.equals(want) : value.equals(want);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** One page of {@code items} into {@code out[field]}, honouring maxResults and nextToken. */
    private static void page(ObjectNode req, ObjectNode out, String field, List<ObjectNode> items) {
        int max = req.path("maxResults").asInt(10);
        if (max < 1 || max > 1000) {
            throw LexFakeError.invalid("maxResults must be between 1 and 1000");
        }
        int start = 0;
        if (req.hasNonNull("nextToken")) {
            try {
                start = Integer.parseInt(req.path("nextToken").asText().replace("page-", ""));
            } catch (NumberFormatException e) {
                throw LexFakeError.invalid("invalid nextToken");
            }
        }
        ArrayNode arr = out.putArray(field);
        for (int i = start; i < Math.min(items.size(), start + max); i++) {
            arr.add(items.get(i));
        }
        if (start + max < items.size()) {
            out.put("nextToken", "page-" + (start + max));
        }
    }

    // ------------------------------------------------------------------ bots

    private FakeResponse createBot(FakeRequest r) {
        ObjectNode req = body(r);
        String name = requireName(req, "botName");
        if (!req.hasNonNull("roleArn")) {
            throw LexFakeError.invalid("roleArn is required");
        }
        if (!req.has("dataPrivacy")) {
            throw LexFakeError.invalid("dataPrivacy is required");
        }
        int ttl = req.path("idleSessionTTLInSeconds").asInt(-1);
        if (ttl < 60 || ttl > 86400) {
            throw LexFakeError.invalid("idleSessionTTLInSeconds must be between 60 and 86400");
        }
        for (Bot b : bots.values()) {
            if (b.name().equals(name)) {
                throw new LexFakeError(412, "PreconditionFailedException", "a bot named " + name + " already exists (" + b.id + ")");
            }
        }
        Bot b = new Bot(newId(), req);
        bots.put(b.id, b);
        ObjectNode testAlias = Json.object().put("botAliasName", "TestBotAlias").put("botVersion", DRAFT)
                .put("description", "test bot alias");
        b.aliases.put(TEST_ALIAS_ID, new Alias(TEST_ALIAS_ID, testAlias));
        // CreateBotResponse has creationDateTime but no lastUpdatedDateTime
        // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_CreateBot.html, Response Syntax)
        ObjectNode created = botJson(b);
        created.remove("lastUpdatedDateTime");
        return FakeResponse.json(202, created);
    }

    private ObjectNode botJson(Bot b) {
        ObjectNode n = Json.object();
        n.put("botId", b.id);
        n.put("botName", b.name());
        if (b.def.has("description")) {
            n.set("description", b.def.get("description"));
        }
        n.set("roleArn", b.def.get("roleArn"));
        n.set("dataPrivacy", b.def.get("dataPrivacy"));
        n.put("idleSessionTTLInSeconds", b.def.path("idleSessionTTLInSeconds").asInt());
        n.put("botStatus", b.status);
        n.put("botType", "Bot");
        n.put("creationDateTime", epoch(b.created));
        n.put("lastUpdatedDateTime", epoch(b.updated));
        return n;
    }

    private FakeResponse describeBot(FakeRequest r) {
        Bot b = bot(r);
        ObjectNode out = botJson(b);
        if ("Creating".equals(b.status)) {
            b.status = "Available"; // available from the next describe on
        }
        return FakeResponse.json(out);
    }

    private FakeResponse updateBot(FakeRequest r) {
        Bot b = bot(r);
        ObjectNode req = body(r);
        String name = requireName(req, "botName");
        for (Bot o : bots.values()) {
            if (o != b && o.name().equals(name)) {
                throw new LexFakeError(412, "PreconditionFailedException", "a bot named " + name + " already exists");
            }
        }
        if (!req.hasNonNull("roleArn") || !req.has("dataPrivacy") || !req.has("idleSessionTTLInSeconds")) {
            throw LexFakeError.invalid("UpdateBot needs botName, roleArn, dataPrivacy and idleSessionTTLInSeconds");
        }
        b.def = req;
        b.updated = Instant.now();
        return FakeResponse.json(202, botJson(b));
    }

    private FakeResponse listBots(FakeRequest r) {
        ObjectNode req = body(r);
        List<ObjectNode> items = new ArrayList<>();
        for (Bot b : bots.values()) {
            if (!filterMatches(req, "BotName", b.name())) {
                continue;
            }
            ObjectNode s = Json.object().put("botId", b.id).put("botName", b.name()).put("botStatus", b.status)
                    .put("botType", "Bot").put("lastUpdatedDateTime", epoch(b.updated));
            if (!b.versions.isEmpty()) {
                s.put("latestBotVersion", new ArrayList<>(b.versions.keySet()).get(b.versions.size() - 1));
            }
            items.add(s);
        }
        ObjectNode out = Json.object();
        page(req, out, "botSummaries", items);
        return FakeResponse.json(out);
    }

    private FakeResponse deleteBot(FakeRequest r) {
        Bot b = bot(r);
        bots.remove(b.id);
        return FakeResponse.json(202, Json.object().put("botId", b.id).put("botStatus", "Deleting"));
    }

    // ------------------------------------------------------------------ locales

    private FakeResponse createLocale(FakeRequest r) {
        Bot b = bot(r);
        if (!DRAFT.equals(r.pathParam("botVersion"))) {
            throw LexFakeError.invalid("locales are created in the DRAFT version");
        }
        ObjectNode req = body(r);
        String localeId = req.path("localeId").asText("");
        if (!localeId.matches("[a-z]{2}_[A-Z]{2}|en_419|es_419")) {
            throw LexFakeError.invalid("unsupported localeId " + localeId);
        }
        double t = req.path("nluIntentConfidenceThreshold").asDouble(-1);
        if (t < 0 || t > 1) {
            throw LexFakeError.invalid("nluIntentConfidenceThreshold must be between 0 and 1");
        }
        if (b.draft.containsKey(localeId)) {
            throw new LexFakeError(412, "PreconditionFailedException", "locale " + localeId + " already exists");
        }
        LexDefaults.locale(req);
        LocaleState l = new LocaleState(localeId, req);
        String fid = "FALLBCKINT";
        l.intents.put(fid, new IntentState(fid, Json.object().put("intentName", "FallbackIntent")
                .put("parentIntentSignature", "AMAZON.FallbackIntent").put("description", "Default intent when no other intent matches")));
        b.draft.put(localeId, l);
        b.updated = Instant.now();
        return FakeResponse.json(202, localeJson(b, DRAFT, l));
    }

    private ObjectNode localeJson(Bot b, String version, LocaleState l) {
        ObjectNode n = Json.object();
        n.put("botId", b.id).put("botVersion", version).put("localeId", l.localeId).put("localeName", l.localeId);
        if (l.def.has("description")) {
            n.set("description", l.def.get("description"));
        }
        n.put("nluIntentConfidenceThreshold", l.threshold());
        if (l.def.has("voiceSettings")) {
            n.set("voiceSettings", l.def.get("voiceSettings"));
        }
        n.put("botLocaleStatus", l.status);
        n.put("intentsCount", l.intents.size()).put("slotTypesCount", l.slotTypes.size());
        n.put("creationDateTime", epoch(l.created)).put("lastUpdatedDateTime", epoch(l.updated));
        if (l.lastBuild != null) {
            n.put("lastBuildSubmittedDateTime", epoch(l.lastBuild));
        }
        if (l.failure != null && "Failed".equals(l.status)) {
            n.putArray("failureReasons").add(l.failure);
        }
        return n;
    }

    private FakeResponse updateLocale(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        ObjectNode req = body(r);
        double t = req.path("nluIntentConfidenceThreshold").asDouble(-1);
        if (t < 0 || t > 1) {
            throw LexFakeError.invalid("nluIntentConfidenceThreshold must be between 0 and 1");
        }
        req.put("localeId", l.localeId);
        LexDefaults.locale(req);
        l.def = req;
        l.changed();
        return FakeResponse.json(202, localeJson(b, DRAFT, l));
    }

    private FakeResponse describeLocale(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        if ("Creating".equals(l.status)) {
            ObjectNode out = localeJson(b, r.pathParam("botVersion"), l);
            l.status = "NotBuilt";
            return FakeResponse.json(out);
        }
        if ("Building".equals(l.status)) {
            if (l.pollsLeft > 0) {
                l.pollsLeft--;
            } else {
                finishBuild(l);
            }
        }
        return FakeResponse.json(localeJson(b, r.pathParam("botVersion"), l));
    }

    private FakeResponse buildLocale(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        if ("Building".equals(l.status) || "Creating".equals(l.status)) {
            throw new LexFakeError(412, "PreconditionFailedException", "locale " + l.localeId + " is " + l.status
                    + "; wait until it is done before building again");
        }
        l.status = "Building";
        l.pollsLeft = buildPolls;
        l.failure = null;
        l.lastBuild = Instant.now();
        if (buildPolls == 0) {
            finishBuild(l);
        }
        return FakeResponse.json(202, Json.object().put("botId", b.id).put("botVersion", DRAFT).put("localeId", l.localeId)
                .put("botLocaleStatus", "Building").put("lastBuildSubmittedDateTime", epoch(l.lastBuild)));
    }

    private void finishBuild(LocaleState l) {
        String problem = nextBuildFailure != null ? nextBuildFailure : buildProblem(l);
        nextBuildFailure = null;
        if (problem != null) {
            l.status = "Failed";
            l.failure = problem;
        } else {
            l.status = "Built";
            l.built = l.copy();
        }
    }

    /** What real Lex would refuse at build time, or null. */
    private static String buildProblem(LocaleState l) {
        if (l.intents.values().stream().noneMatch(i -> !"FallbackIntent".equals(i.name()))) {
            return "The locale must have at least one intent besides FallbackIntent.";
        }
        for (IntentState i : l.intents.values()) {
            Map<String, ObjectNode> slotsByName = new LinkedHashMap<>();
            i.slots.values().forEach(s -> slotsByName.put(s.path("slotName").asText(), s));
            for (JsonNode u : i.def.path("sampleUtterances")) {
                Matcher m = SLOT_REF.matcher(u.path("utterance").asText());
                while (m.find()) {
                    if (!slotsByName.containsKey(m.group(1))) {
                        return "Intent " + i.name() + ": utterance '" + u.path("utterance").asText() + "' refers to slot "
                                + m.group(1) + " which the intent does not have.";
                    }
                }
            }
            for (ObjectNode s : i.slots.values()) {
                String type = s.path("slotTypeId").asText("");
                if (!type.startsWith("AMAZON.") && !l.slotTypes.containsKey(type)) {
                    return "Intent " + i.name() + ": slot " + s.path("slotName").asText() + " uses unknown slot type " + type + ".";
                }
                JsonNode ves = s.path("valueElicitationSetting");
                if ("Required".equals(ves.path("slotConstraint").asText())
                        && ves.path("promptSpecification").path("messageGroups").isEmpty()) {
                    return "Intent " + i.name() + ": required slot " + s.path("slotName").asText() + " has no prompt.";
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ slot types

    private ObjectNode slotTypeJson(Bot b, String version, LocaleState l, String id, ObjectNode def) {
        ObjectNode n = def.deepCopy();
        n.put("slotTypeId", id).put("botId", b.id).put("botVersion", version).put("localeId", l.localeId);
        n.put("creationDateTime", epoch(l.created)).put("lastUpdatedDateTime", epoch(Instant.now()));
        return n;
    }

    private FakeResponse createSlotType(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        ObjectNode req = body(r);
        String name = requireName(req, "slotTypeName");
        if (l.slotTypes.values().stream().anyMatch(s -> name.equals(s.path("slotTypeName").asText()))) {
            throw LexFakeError.conflict("a slot type named " + name + " already exists in locale " + l.localeId);
        }
        requireSlotTypeValues(req);
        String id = newId();
        l.slotTypes.put(id, req);
        l.changed();
        return FakeResponse.json(slotTypeJson(b, DRAFT, l, id, req));
    }

    private static void requireSlotTypeValues(ObjectNode req) {
        if (!req.has("parentSlotTypeSignature") && req.path("slotTypeValues").isEmpty()) {
            throw LexFakeError.invalid("slotTypeValues must not be empty");
        }
        if (!req.has("parentSlotTypeSignature") && !req.path("valueSelectionSetting").has("resolutionStrategy")) {
            throw LexFakeError.invalid("valueSelectionSetting.resolutionStrategy is required");
        }
    }

    private FakeResponse updateSlotType(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        String id = r.pathParam("slotTypeId");
        if (!l.slotTypes.containsKey(id)) {
            throw LexFakeError.notFound("slot type " + id);
        }
        ObjectNode req = body(r);
        String name = requireName(req, "slotTypeName");
        if (l.slotTypes.entrySet().stream().anyMatch(e -> !e.getKey().equals(id) && name.equals(e.getValue().path("slotTypeName").asText()))) {
            throw LexFakeError.conflict("a slot type named " + name + " already exists");
        }
        requireSlotTypeValues(req);
        l.slotTypes.put(id, req);
        l.changed();
        return FakeResponse.json(slotTypeJson(b, DRAFT, l, id, req));
    }

    private FakeResponse describeSlotType(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        ObjectNode def = l.slotTypes.get(r.pathParam("slotTypeId"));
        if (def == null) {
            throw LexFakeError.notFound("slot type " + r.pathParam("slotTypeId"));
        }
        return FakeResponse.json(slotTypeJson(b, r.pathParam("botVersion"), l, r.pathParam("slotTypeId"), def));
    }

    private FakeResponse listSlotTypes(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        ObjectNode req = body(r);
        List<ObjectNode> items = new ArrayList<>();
        l.slotTypes.forEach((id, def) -> {
            String name = def.path("slotTypeName").asText();
            if (filterMatches(req, "SlotTypeName", name)) {
                items.add(Json.object().put("slotTypeId", id).put("slotTypeName", name).put("slotTypeCategory", "Custom")
                        .put("lastUpdatedDateTime", epoch(l.updated)));
            }
        });
        ObjectNode out = Json.object().put("botId", b.id).put("botVersion", r.pathParam("botVersion")).put("localeId", l.localeId);
        page(req, out, "slotTypeSummaries", items);
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ intents

    private ObjectNode intentJson(Bot b, String version, LocaleState l, IntentState i) {
        ObjectNode n = i.def.deepCopy();
        n.put("intentId", i.id).put("botId", b.id).put("botVersion", version).put("localeId", l.localeId);
        n.put("creationDateTime", epoch(i.created)).put("lastUpdatedDateTime", epoch(i.updated));
        return n;
    }

    private FakeResponse createIntent(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        ObjectNode req = body(r);
        String name = requireName(req, "intentName");
        if (l.intents.values().stream().anyMatch(i -> name.equals(i.name()))) {
            throw LexFakeError.conflict("an intent named " + name + " already exists in locale " + l.localeId);
        }
        if (req.has("slotPriorities")) {
            throw LexFakeError.invalid("slotPriorities cannot be set in CreateIntent; create the slots, then UpdateIntent");
        }
        checkUtterances(req);
        LexDefaults.intent(req);
        IntentState i = new IntentState(newId(), req);
        l.intents.put(i.id, i);
        l.changed();
        return FakeResponse.json(intentJson(b, DRAFT, l, i));
    }

    private static void checkUtterances(ObjectNode req) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode u : req.path("sampleUtterances")) {
            String t = u.path("utterance").asText("");
            if (t.isBlank() || t.length() > 200) {
                throw LexFakeError.invalid("sample utterances must be 1 to 200 characters");
            }
            if (!seen.add(t.trim().toLowerCase(Locale.ROOT))) {
                throw LexFakeError.invalid("duplicate sample utterance: " + t);
            }
        }
    }

    private FakeResponse updateIntent(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        IntentState i = intent(l, r);
        ObjectNode req = body(r);
        String name = requireName(req, "intentName");
        if (l.intents.values().stream().anyMatch(o -> o != i && name.equals(o.name()))) {
            throw LexFakeError.conflict("an intent named " + name + " already exists");
        }
        checkUtterances(req);
        java.util.Set<Integer> priorities = new java.util.HashSet<>();
        for (JsonNode p : req.path("slotPriorities")) {
            if (!i.slots.containsKey(p.path("slotId").asText())) {
                throw LexFakeError.invalid("slotPriorities names slot " + p.path("slotId").asText() + " which intent " + name + " does not have");
            }
            if (!priorities.add(p.path("priority").asInt())) {
                throw LexFakeError.invalid("slotPriorities repeats priority " + p.path("priority").asInt());
            }
        }
        LexDefaults.intent(req);
        i.def = req;
        i.updated = Instant.now();
        l.changed();
        return FakeResponse.json(intentJson(b, DRAFT, l, i));
    }

    private FakeResponse describeIntent(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        return FakeResponse.json(intentJson(b, r.pathParam("botVersion"), l, intent(l, r)));
    }

    private FakeResponse listIntents(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        ObjectNode req = body(r);
        List<ObjectNode> items = new ArrayList<>();
        for (IntentState i : l.intents.values()) {
            if (filterMatches(req, "IntentName", i.name())) {
                ObjectNode s = Json.object().put("intentId", i.id).put("intentName", i.name())
                        .put("lastUpdatedDateTime", epoch(i.updated));
                if (i.def.has("parentIntentSignature")) {
                    s.set("parentIntentSignature", i.def.get("parentIntentSignature"));
                }
                items.add(s);
            }
        }
        ObjectNode out = Json.object().put("botId", b.id).put("botVersion", r.pathParam("botVersion")).put("localeId", l.localeId);
        page(req, out, "intentSummaries", items);
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ slots

    private ObjectNode slotJson(Bot b, String version, LocaleState l, IntentState i, String id, ObjectNode def) {
        ObjectNode n = def.deepCopy();
        n.put("slotId", id).put("botId", b.id).put("botVersion", version).put("localeId", l.localeId).put("intentId", i.id);
        n.put("creationDateTime", epoch(i.created)).put("lastUpdatedDateTime", epoch(i.updated));
        return n;
    }

    private void checkSlot(LocaleState l, ObjectNode req) {
        requireName(req, "slotName");
        String type = req.path("slotTypeId").asText("");
        if (type.isEmpty()) {
            throw LexFakeError.invalid("slotTypeId is required");
        }
        if (!type.startsWith("AMAZON.") && !l.slotTypes.containsKey(type)) {
            throw LexFakeError.invalid("slot type " + type + " does not exist in locale " + l.localeId);
        }
        String c = req.path("valueElicitationSetting").path("slotConstraint").asText("");
        if (!c.equals("Required") && !c.equals("Optional")) {
            throw LexFakeError.invalid("valueElicitationSetting.slotConstraint must be Required or Optional");
        }
    }

    private FakeResponse createSlot(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        IntentState i = intent(l, r);
        ObjectNode req = body(r);
        checkSlot(l, req);
        String name = req.path("slotName").asText();
        if (i.slots.values().stream().anyMatch(s -> name.equals(s.path("slotName").asText()))) {
            throw LexFakeError.conflict("a slot named " + name + " already exists in intent " + i.name());
        }
        String id = newId();
        LexDefaults.slot(req);
        i.slots.put(id, req);
        i.updated = Instant.now();
        // like Lex: a new slot goes to the end of the intent's priorities
        ArrayNode pr = i.def.withArray("slotPriorities");
        int max = 0;
        for (JsonNode p : pr) {
            max = Math.max(max, p.path("priority").asInt());
        }
        pr.add(Json.object().put("priority", max + 1).put("slotId", id));
        l.changed();
        return FakeResponse.json(slotJson(b, DRAFT, l, i, id, req));
    }

    private FakeResponse updateSlot(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = draftLocale(r);
        IntentState i = intent(l, r);
        String id = r.pathParam("slotId");
        if (!i.slots.containsKey(id)) {
            throw LexFakeError.notFound("slot " + id);
        }
        ObjectNode req = body(r);
        checkSlot(l, req);
        String name = req.path("slotName").asText();
        if (i.slots.entrySet().stream().anyMatch(e -> !e.getKey().equals(id) && name.equals(e.getValue().path("slotName").asText()))) {
            throw LexFakeError.conflict("a slot named " + name + " already exists");
        }
        LexDefaults.slot(req);
        i.slots.put(id, req);
        i.updated = Instant.now();
        l.changed();
        return FakeResponse.json(slotJson(b, DRAFT, l, i, id, req));
    }

    private FakeResponse describeSlot(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        IntentState i = intent(l, r);
        ObjectNode def = i.slots.get(r.pathParam("slotId"));
        if (def == null) {
            throw LexFakeError.notFound("slot " + r.pathParam("slotId"));
        }
        return FakeResponse.json(slotJson(b, r.pathParam("botVersion"), l, i, r.pathParam("slotId"), def));
    }

    private FakeResponse listSlots(FakeRequest r) {
        Bot b = bot(r);
        LocaleState l = readLocale(r);
        IntentState i = intent(l, r);
        ObjectNode req = body(r);
        List<ObjectNode> items = new ArrayList<>();
        i.slots.forEach((id, def) -> {
            String name = def.path("slotName").asText();
            if (filterMatches(req, "SlotName", name)) {
                items.add(Json.object().put("slotId", id).put("slotName", name).put("slotTypeId", def.path("slotTypeId").asText())
                        .put("slotConstraint", def.path("valueElicitationSetting").path("slotConstraint").asText())
                        .put("lastUpdatedDateTime", epoch(i.updated)));
            }
        });
        ObjectNode out = Json.object().put("botId", b.id).put("botVersion", r.pathParam("botVersion"))
                .put("localeId", l.localeId).put("intentId", i.id);
        page(req, out, "slotSummaries", items);
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ versions

    private FakeResponse createVersion(FakeRequest r) {
        Bot b = bot(r);
        ObjectNode req = body(r);
        JsonNode spec = req.path("botVersionLocaleSpecification");
        if (!spec.isObject() || spec.isEmpty()) {
            throw LexFakeError.invalid("botVersionLocaleSpecification must name at least one locale");
        }
        Version v = new Version(Integer.toString(b.nextVersion), req.path("description").asText(""));
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String localeId = it.next();
            LocaleState l = b.draft.get(localeId);
            if (l == null) {
                throw LexFakeError.notFound("locale " + localeId + " of bot " + b.id);
            }
            if (!"Built".equals(l.status) || l.built == null) {
                throw new LexFakeError(412, "PreconditionFailedException", "locale " + localeId + " is " + l.status
                        + "; build it before creating a version");
            }
            LocaleState snap = l.built.copy();
            snap.status = "Built";
            snap.built = snap;
            v.locales.put(localeId, snap);
        }
        b.nextVersion++;
        b.versions.put(v.version, v);
        ObjectNode out = Json.object().put("botId", b.id).put("botVersion", v.version).put("description", v.description)
                .put("botStatus", v.status).put("creationDateTime", epoch(v.created));
        out.set("botVersionLocaleSpecification", spec);
        return FakeResponse.json(202, out);
    }

    private FakeResponse describeVersion(FakeRequest r) {
        Bot b = bot(r);
        Version v = b.versions.get(r.pathParam("botVersion"));
        if (v == null) {
            throw LexFakeError.notFound("version " + r.pathParam("botVersion") + " of bot " + b.id);
        }
        ObjectNode out = Json.object().put("botId", b.id).put("botName", b.name()).put("botVersion", v.version)
                .put("description", v.description).put("botStatus", v.status).put("creationDateTime", epoch(v.created))
                .put("idleSessionTTLInSeconds", b.def.path("idleSessionTTLInSeconds").asInt());
        out.set("roleArn", b.def.get("roleArn"));
        out.set("dataPrivacy", b.def.get("dataPrivacy"));
        v.status = "Available";
        return FakeResponse.json(out);
    }

    private FakeResponse listVersions(FakeRequest r) {
        Bot b = bot(r);
        ObjectNode req = body(r);
        List<ObjectNode> items = new ArrayList<>();
        List<Version> vs = new ArrayList<>(b.versions.values());
        java.util.Collections.reverse(vs); // newest first, as Lex sorts by default
        for (Version v : vs) {
            items.add(Json.object().put("botName", b.name()).put("botVersion", v.version).put("description", v.description)
                    .put("botStatus", v.status).put("creationDateTime", epoch(v.created)));
        }
        ObjectNode out = Json.object().put("botId", b.id);
        page(req, out, "botVersionSummaries", items);
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ aliases

    private ObjectNode aliasJson(Bot b, Alias a) {
        ObjectNode n = a.def.deepCopy();
        n.put("botAliasId", a.id).put("botId", b.id).put("botAliasStatus", "Available").put("botVersion", a.version());
        n.put("creationDateTime", epoch(a.created)).put("lastUpdatedDateTime", epoch(a.updated));
        return n;
    }

    private void checkAlias(Bot b, Alias self, ObjectNode req) {
        String name = requireName(req, "botAliasName");
        if (b.aliases.values().stream().anyMatch(a -> a != self && name.equals(a.def.path("botAliasName").asText()))) {
            throw LexFakeError.conflict("an alias named " + name + " already exists for bot " + b.id);
        }
        String v = req.path("botVersion").asText(DRAFT);
        if (!DRAFT.equals(v) && !b.versions.containsKey(v)) {
            throw LexFakeError.notFound("version " + v + " of bot " + b.id);
        }
    }

    private FakeResponse createAlias(FakeRequest r) {
        Bot b = bot(r);
        ObjectNode req = body(r);
        checkAlias(b, null, req);
        Alias a = new Alias(newId(), req);
        b.aliases.put(a.id, a);
        return FakeResponse.json(202, aliasJson(b, a));
    }

    private FakeResponse updateAlias(FakeRequest r) {
        Bot b = bot(r);
        Alias a = b.aliases.get(r.pathParam("botAliasId"));
        if (a == null) {
            throw LexFakeError.notFound("alias " + r.pathParam("botAliasId"));
        }
        ObjectNode req = body(r);
        checkAlias(b, a, req);
        a.def = req;
        a.updated = Instant.now();
        return FakeResponse.json(202, aliasJson(b, a));
    }

    private FakeResponse describeAlias(FakeRequest r) {
        Bot b = bot(r);
        Alias a = b.aliases.get(r.pathParam("botAliasId"));
        if (a == null) {
            throw LexFakeError.notFound("alias " + r.pathParam("botAliasId"));
        }
        return FakeResponse.json(aliasJson(b, a));
    }

    private FakeResponse listAliases(FakeRequest r) {
        Bot b = bot(r);
        ObjectNode req = body(r);
        List<ObjectNode> items = new ArrayList<>();
        for (Alias a : b.aliases.values()) {
            items.add(Json.object().put("botAliasId", a.id).put("botAliasName", a.def.path("botAliasName").asText())
                    .put("botVersion", a.version()).put("botAliasStatus", "Available")
                    .put("creationDateTime", epoch(a.created)).put("lastUpdatedDateTime", epoch(a.updated)));
        }
        ObjectNode out = Json.object().put("botId", b.id);
        page(req, out, "botAliasSummaries", items);
        return FakeResponse.json(out);
    }

    // ------------------------------------------------------------------ export and import
    //
    // CreateExport  PUT /exports/            -> 202, exportStatus InProgress
    //   https://docs.aws.amazon.com/lexv2/latest/APIReference/API_CreateExport.html
    // DescribeExport GET /exports/{exportId}/ -> InProgress | Completed (downloadUrl, a pre-signed URL) | Failed (failureReasons)
    //   https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DescribeExport.html
    // CreateUploadUrl POST /createuploadurl/  -> importId (10 letters or digits) and uploadUrl (a pre-signed write URL)
    //   https://docs.aws.amazon.com/lexv2/latest/APIReference/API_CreateUploadUrl.html
    // StartImport   PUT /imports/            -> 202, importStatus InProgress; mergeStrategy Overwrite | FailOnConflict | Append
    //   https://docs.aws.amazon.com/lexv2/latest/APIReference/API_StartImport.html
    // DescribeImport GET /imports/{importId}/ -> InProgress | Completed (importedResourceId/Name) | Failed (failureReasons);
    //   "When the merge strategy is FailOnConflict existing resources are not overwritten and the import fails."
    //   https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DescribeImport.html
    // The pre-signed URLs point at this server (/_presigned/...), unsigned, as S3's pre-signed URLs need no AWS signature.

    private static final Pattern TRANSFER_ID = Pattern.compile("[0-9a-zA-Z]{10}");
    // required members, lengths and patterns from the API reference pages above; enum values and member types from the
    // SDK's model classes (when lexmodelsv2 is on the class path, as it is wherever a Lex client talks to this fake)
    private static final Optional<SdkModelCheck> CREATE_EXPORT = modelCheck("CreateExportRequest")
            .map(c -> c.required("fileFormat", "resourceSpecification").length("filePassword", 1, 1024));
    private static final Optional<SdkModelCheck> START_IMPORT = modelCheck("StartImportRequest")
            .map(c -> c.required("importId", "resourceSpecification", "mergeStrategy").length("importId", 10, 10)
                    .pattern("importId", "^[0-9a-zA-Z]+$").length("filePassword", 1, 1024));

    private static Optional<SdkModelCheck> modelCheck(String request) {
        try {
            return Optional.of(SdkModelCheck.of(Class.forName("software.amazon.awssdk.services.lexmodelsv2.model." + request)
                    .asSubclass(software.amazon.awssdk.core.SdkPojo.class)));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static void check(Optional<SdkModelCheck> check, FakeRequest r) {
        List<String> problems = check.map(c -> c.problemsJson(r.json())).orElse(List.of());
        if (!problems.isEmpty()) {
            throw LexFakeError.invalid(problems.size() + " validation error" + (problems.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", problems));
        }
    }

    private void installTransfers(FakeAwsServer server) {
        server.rest("CreateExport", "PUT", "/exports/", r -> sync(this::createExport, r));
        server.rest("DescribeExport", "GET", "/exports/{exportId}/", r -> sync(this::describeExport, r));
        server.rest("CreateUploadUrl", "POST", "/createuploadurl/", r -> sync(this::createUploadUrl, r));
        server.rest("StartImport", "PUT", "/imports/", r -> sync(this::startImport, r));
        server.rest("DescribeImport", "GET", "/imports/{importId}/", r -> sync(this::describeImport, r));
        server.rest("PresignedDownload", "GET", "/_presigned/exports/{exportId}", r -> sync(this::download, r));
        server.rest("PresignedUpload", "PUT", "/_presigned/uploads/{importId}", r -> sync(this::upload, r));
    }

    private FakeResponse createExport(FakeRequest r) {
        check(CREATE_EXPORT, r);
        ObjectNode req = body(r);
        String format = req.path("fileFormat").asText("");
        if (!format.equals("LexJson") && !format.equals("TSV") && !format.equals("CSV")) {
            throw LexFakeError.invalid("1 validation error detected: Value '" + format + "' at 'fileFormat' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [LexJson, TSV, CSV]");
        }
        JsonNode spec = req.path("resourceSpecification").path("botExportSpecification");
        if (!spec.isObject()) {
            throw LexFakeError.invalid("resourceSpecification.botExportSpecification is required (this fake exports bots only)");
        }
        if (!format.equals("LexJson")) {
            throw LexFakeError.invalid("a bot is exported as LexJson; TSV and CSV are for custom vocabularies and test sets");
        }
        Bot b = bots.get(spec.path("botId").asText());
        if (b == null) {
            throw LexFakeError.notFound("bot " + spec.path("botId").asText());
        }
        String version = spec.path("botVersion").asText("");
        Map<String, LocaleState> locales = localesOf(b, version);
        Transfer t = new Transfer(newId(), req, transferPolls);
        t.archive = LexArchive.write(b, locales);
        exports.put(t.id, t);
        return FakeResponse.json(202, exportJson(t));
    }

    private Map<String, LocaleState> localesOf(Bot b, String version) {
        if (DRAFT.equals(version)) {
            return b.draft;
        }
        Version v = b.versions.get(version);
        if (v == null) {
            throw LexFakeError.notFound("version " + version + " of bot " + b.id);
        }
        return v.locales;
    }

    private ObjectNode exportJson(Transfer t) {
        ObjectNode n = Json.object().put("exportId", t.id);
        n.set("resourceSpecification", t.request.path("resourceSpecification"));
        n.put("fileFormat", t.request.path("fileFormat").asText()).put("exportStatus", t.status)
                .put("creationDateTime", epoch(t.created));
        return n;
    }

    private Transfer transfer(Map<String, Transfer> map, String id, String what) {
        if (!TRANSFER_ID.matcher(id).matches()) {
            throw LexFakeError.invalid("1 validation error detected: Value '" + id + "' at '" + what
                    + "Id' failed to satisfy constraint: Member must have length 10 and match ^[0-9a-zA-Z]+$");
        }
        Transfer t = map.get(id);
        if (t == null) {
            throw LexFakeError.notFound(what + " " + id);
        }
        return t;
    }

    private FakeResponse describeExport(FakeRequest r) {
        Transfer t = transfer(exports, r.pathParam("exportId"), "export");
        if ("InProgress".equals(t.status) && t.pollsLeft-- <= 0) {
            t.status = "Completed";
            t.updated = Instant.now();
        }
        ObjectNode n = exportJson(t).put("lastUpdatedDateTime", epoch(t.updated));
        if ("Completed".equals(t.status)) {
            n.put("downloadUrl", server.endpoint() + "/_presigned/exports/" + t.id);
        }
        return FakeResponse.json(n);
    }

    private FakeResponse download(FakeRequest r) {
        Transfer t = exports.get(r.pathParam("exportId"));
        if (t == null || !"Completed".equals(t.status)) {
            return FakeResponse.bytes(403, "application/xml", "<Error><Code>AccessDenied</Code></Error>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return FakeResponse.bytes(200, "application/zip", t.archive);
    }

    private FakeResponse createUploadUrl(FakeRequest r) {
        Transfer t = new Transfer(newId(), Json.object(), transferPolls);
        t.status = "AwaitingUpload";
        imports.put(t.id, t);
        return FakeResponse.json(Json.object().put("importId", t.id).put("uploadUrl", server.endpoint() + "/_presigned/uploads/" + t.id));
    }

    private FakeResponse upload(FakeRequest r) {
        Transfer t = imports.get(r.pathParam("importId"));
        if (t == null || !"AwaitingUpload".equals(t.status)) {
            return FakeResponse.bytes(403, "application/xml", "<Error><Code>AccessDenied</Code></Error>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        t.archive = r.body();
        return FakeResponse.empty(200);
    }

    private FakeResponse startImport(FakeRequest r) {
        check(START_IMPORT, r);
        ObjectNode req = body(r);
        String id = req.path("importId").asText("");
        Transfer t = transfer(imports, id, "import");
        String strategy = req.path("mergeStrategy").asText("");
        if (!strategy.equals("Overwrite") && !strategy.equals("FailOnConflict") && !strategy.equals("Append")) {
            throw LexFakeError.invalid("1 validation error detected: Value '" + strategy + "' at 'mergeStrategy' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [Overwrite, FailOnConflict, Append]");
        }
        JsonNode spec = req.path("resourceSpecification").path("botImportSpecification");
        if (!spec.isObject()) {
            throw LexFakeError.invalid("resourceSpecification.botImportSpecification is required (this fake imports bots only)");
        }
        ObjectNode botSpec = (ObjectNode) spec;
        requireName(botSpec, "botName");
        if (!botSpec.hasNonNull("roleArn") || !botSpec.has("dataPrivacy")) {
            throw LexFakeError.invalid("botImportSpecification needs botName, roleArn and dataPrivacy");
        }
        if (!"AwaitingUpload".equals(t.status)) {
            throw LexFakeError.conflict("import " + id + " was already started");
        }
        if (t.archive == null) {
            throw LexFakeError.invalid("no archive was uploaded to the upload URL of import " + id);
        }
        t.request.setAll(req);
        t.status = "InProgress";
        t.updated = Instant.now();
        return FakeResponse.json(202, importJson(t));
    }

    private ObjectNode importJson(Transfer t) {
        ObjectNode n = Json.object().put("importId", t.id);
        n.set("resourceSpecification", t.request.path("resourceSpecification"));
        n.put("mergeStrategy", t.request.path("mergeStrategy").asText()).put("importStatus", t.status)
                .put("creationDateTime", epoch(t.created));
        return n;
    }

    private FakeResponse describeImport(FakeRequest r) {
        Transfer t = transfer(imports, r.pathParam("importId"), "import");
        if ("InProgress".equals(t.status) && t.pollsLeft-- <= 0) {
            finishImport(t);
        }
        ObjectNode n = importJson(t).put("lastUpdatedDateTime", epoch(t.updated));
        if (t.resourceId != null) {
            n.put("importedResourceId", t.resourceId).put("importedResourceName", t.resourceName);
        }
        if ("Failed".equals(t.status)) {
            ArrayNode reasons = n.putArray("failureReasons");
            t.failures.forEach(reasons::add);
        }
        return FakeResponse.json(n);
    }

    /** Applies an import: a new bot, or (Overwrite) the draft of the bot with that name replaced. */
    private void finishImport(Transfer t) {
        t.updated = Instant.now();
        ObjectNode spec = (ObjectNode) t.request.path("resourceSpecification").path("botImportSpecification");
        String name = spec.path("botName").asText();
        String strategy = t.request.path("mergeStrategy").asText();
        LexArchive.Contents contents;
        try {
            contents = LexArchive.read(t.archive);
        } catch (IllegalArgumentException e) {
            t.status = "Failed";
            t.failures.add(e.getMessage());
            return;
        }
        Bot existing = bots.values().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
        if (existing != null && !"Overwrite".equals(strategy)) {
            t.status = "Failed";
            t.failures.add("The bot " + name + " already exists (" + existing.id + ") and the merge strategy is " + strategy
                    + "; existing resources are not overwritten");
            return;
        }
        ObjectNode def = Json.object().put("botName", name);
        if (contents.description() != null) {
            def.put("description", contents.description());
        }
        def.set("roleArn", spec.get("roleArn"));
        def.set("dataPrivacy", spec.get("dataPrivacy"));
        def.put("idleSessionTTLInSeconds", spec.path("idleSessionTTLInSeconds").asInt(300));
        Bot b = existing;
        if (b == null) {
            b = new Bot(newId(), def);
            bots.put(b.id, b);
            b.aliases.put(TEST_ALIAS_ID, new Alias(TEST_ALIAS_ID, Json.object().put("botAliasName", "TestBotAlias")
                    .put("botVersion", DRAFT).put("description", "test bot alias")));
        } else {
            b.def = def;
            b.draft.clear();
        }
        b.status = "Available";
        b.updated = Instant.now();
        for (LocaleState l : contents.locales()) {
            LexDefaults.locale(l.def);
            for (IntentState i : l.intents.values()) {
                LexDefaults.intent(i.def);
                i.slots.values().forEach(LexDefaults::slot);
            }
            b.draft.put(l.localeId, l);
        }
        t.status = "Completed";
        t.resourceId = b.id;
        t.resourceName = name;
    }
}
