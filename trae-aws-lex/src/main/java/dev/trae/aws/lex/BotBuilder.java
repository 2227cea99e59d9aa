package dev.trae.aws.lex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.lex.internal.NormalForm;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.model.IntentDefinition;
import dev.trae.aws.lex.model.LocaleDefinition;
import dev.trae.aws.lex.model.SlotDefinition;
import dev.trae.aws.lex.model.SlotTypeDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.lexmodelsv2.LexModelsV2Client;
import software.amazon.awssdk.services.lexmodelsv2.model.BotAliasLocaleSettings;
import software.amazon.awssdk.services.lexmodelsv2.model.BotAliasSummary;
import software.amazon.awssdk.services.lexmodelsv2.model.BotFilter;
import software.amazon.awssdk.services.lexmodelsv2.model.BotSummary;
import software.amazon.awssdk.services.lexmodelsv2.model.BotVersionLocaleDetails;
import software.amazon.awssdk.services.lexmodelsv2.model.BotVersionSummary;
import software.amazon.awssdk.services.lexmodelsv2.model.DataPrivacy;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeBotLocaleResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeBotResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeBotVersionResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeIntentResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeSlotResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeSlotTypeResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DialogCodeHookSettings;
import software.amazon.awssdk.services.lexmodelsv2.model.FulfillmentCodeHookSettings;
import software.amazon.awssdk.services.lexmodelsv2.model.IntentClosingSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.IntentConfirmationSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.IntentSummary;
import software.amazon.awssdk.services.lexmodelsv2.model.ListBotAliasesResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.ListBotVersionsResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.ListBotsResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.ListIntentsResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.ListSlotTypesResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.ListSlotsResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.Message;
import software.amazon.awssdk.services.lexmodelsv2.model.MessageGroup;
import software.amazon.awssdk.services.lexmodelsv2.model.PlainTextMessage;
import software.amazon.awssdk.services.lexmodelsv2.model.PromptSpecification;
import software.amazon.awssdk.services.lexmodelsv2.model.ResponseSpecification;
import software.amazon.awssdk.services.lexmodelsv2.model.SampleUtterance;
import software.amazon.awssdk.services.lexmodelsv2.model.SampleValue;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotPriority;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotSummary;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotTypeSummary;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotTypeValue;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotValueElicitationSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotValueSelectionSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.VoiceSettings;

/**
 * Deploys {@link BotDefinition}s to Lex V2 (lexmodelsv2). {@link #deploy} is idempotent: it finds the bot by
 * name and creates or updates the bot, its locales, slot types, intents and slots (comparing with what Lex
 * holds, so an unchanged resource is not written), sets slot priorities, builds each changed locale and waits
 * for the build, then creates a version (reusing an existing version of the same definition, found by the
 * definition's fingerprint in the version description) and points the alias at it. Every call goes through
 * core's guarded {@link ServiceClient} (service {@code lex-models}; reads retried as {@link Idempotency#IDEMPOTENT}); a poll that still fails after the retries (e.g.
 * sustained throttling) is tolerated until the build timeout. Thread-safe.
 *
 * <pre>{@code
 * try (LexClient lex = LexClient.create(config)) {
 *     DeployedBot bot = lex.bots().deploy(definition);                 // create or update, build, version, alias
 *     TraeJob<DeployedBot> job = lex.bots().deployJob(definition, DeployOptions.defaults());
 *     job.onProgress(ConsoleProgressBar.create(System.out)).await(Duration.ofMinutes(15));
 * }
 * }</pre>
 *
 * <p>Not done: intents, slots and slot types that are no longer in the definition are left in the bot
 * (they are listed in the log), and old versions are not deleted.
 */
public final class BotBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(BotBuilder.class);
    private static final String DRAFT = "DRAFT";
    private static final String FINGERPRINT_PREFIX = "trae-fingerprint:";

    private final LexModelsV2Client client;
    private final ServiceClient<LexModelsV2Client> models;
    private final Supplier<JobRunner> runner;

    BotBuilder(ServiceClient<LexModelsV2Client> models, Supplier<JobRunner> runner) {
        this.client = models.raw();
        this.models = models;
        this.runner = runner;
    }

    /** Deploys with {@link DeployOptions#defaults()}. */
    public DeployedBot deploy(BotDefinition definition) {
        return deploy(definition, DeployOptions.defaults());
    }

    /** Deploys on the calling thread. */
    public DeployedBot deploy(BotDefinition definition, DeployOptions options) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(options, "options");
        definition.validate(); // records can be built without the builder: check again
        ProgressTracker tracker = new ProgressTracker("lex-deploy-" + definition.name(), "steps", -1);
        tracker.addListener(options.progress());
        return new Deployment(definition, options, tracker, null).run();
    }

    /** Deploys as a {@link TraeJob} with progress (steps) and cancellation between steps. */
    public TraeJob<DeployedBot> deployJob(BotDefinition definition, DeployOptions options) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(options, "options");
        definition.validate();
        TraeJob<DeployedBot> job = runner.get().submit("lex-bot-deploy", ctx -> new Deployment(definition, options, ctx.tracker(), ctx).run());
        job.onProgress(options.progress());
        return job;
    }

    /** The id of the bot with this name, if it exists. */
    public Optional<String> findBotId(String botName) {
        Objects.requireNonNull(botName, "botName");
        String token = null;
        do {
            String t = token;
            ListBotsResponse r = models.call("ListBots", Idempotency.IDEMPOTENT, c -> client.listBots(b -> b.nextToken(t).maxResults(50)
                    .filters(BotFilter.builder().name("BotName").operator("EQ").values(botName).build())));
            for (BotSummary s : r.botSummaries()) {
                if (botName.equals(s.botName())) {
                    return Optional.of(s.botId());
                }
            }
            token = r.nextToken();
        } while (token != null);
        return Optional.empty();
    }

    /** Deletes a bot with all its versions and aliases. */
    public void delete(String botId) {
        BotRef.of(botId, BotRef.TEST_ALIAS, "en_US"); // validates the id
        models.call("DeleteBot", c -> client.deleteBot(b -> b.botId(botId).skipResourceInUseCheck(true)));
    }

    // ------------------------------------------------------------------ one deployment

    private final class Deployment {
        final BotDefinition def;
        final DeployOptions opts;
        final ProgressTracker tracker;
        final JobContext ctx;
        final List<String> created = new ArrayList<>();
        final List<String> updated = new ArrayList<>();
        final List<String> builds = new ArrayList<>();
        final String fingerprint;

        Deployment(BotDefinition def, DeployOptions opts, ProgressTracker tracker, JobContext ctx) {
            this.def = def;
            this.opts = opts;
            this.tracker = tracker;
            this.ctx = ctx;
            this.fingerprint = def.fingerprint();
        }

        <T> T call(String op, Supplier<T> s) {
            if (ctx != null) {
                ctx.throwIfCancelled();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new TraeCancelledException("bot deployment of " + def.name() + " was interrupted");
            }
            boolean read = op.startsWith("Describe") || op.startsWith("List");
            return models.call(op, read ? Idempotency.IDEMPOTENT : Idempotency.DEFAULT, c -> s.get());
        }

        void step(String phase, String message) {
            tracker.phase(phase, message);
            tracker.advance(1);
        }

        DeployedBot run() {
            long steps = 3; // bot, version, alias
            for (LocaleDefinition l : def.locales()) {
                steps += 2 + l.slotTypes().size() + l.intents().size();
                for (IntentDefinition i : l.intents()) {
                    steps += i.slots().size();
                }
            }
            tracker.total(steps);
            String botId = bot();
            step("bot", def.name() + " " + botId);
            Map<String, Boolean> changedLocales = new LinkedHashMap<>();
            for (LocaleDefinition l : def.locales()) {
                int before = created.size() + updated.size();
                locale(botId, l);
                changedLocales.put(l.localeId(), created.size() + updated.size() > before);
            }
            for (LocaleDefinition l : def.locales()) {
                build(botId, l.localeId(), changedLocales.get(l.localeId()));
                step("build", l.localeId() + " built");
            }
            String version = DRAFT;
            String aliasId = BotRef.TEST_ALIAS;
            String aliasName = "TestBotAlias";
            if (opts.createVersion()) {
                version = version(botId);
                step("version", "version " + version);
                aliasId = alias(botId, version);
                aliasName = opts.aliasName();
                step("alias", aliasName + " -> " + version);
            } else {
                tracker.total(steps - 2);
            }
            List<String> locales = def.locales().stream().map(LocaleDefinition::localeId).toList();
            DeployedBot out = new DeployedBot(botId, def.name(), version, aliasId, aliasName, locales, fingerprint, created, updated, builds);
            tracker.phase("done", out.unchanged() ? "unchanged" : created.size() + " created, " + updated.size() + " updated");
            LOG.info("deployed Lex bot {} ({}) version {} alias {}: {} created, {} updated, {} build(s)", def.name(), botId, version,
                    aliasName, created.size(), updated.size(), builds.size());
            return out;
        }

        // -------------------------------------------------------------- bot

        String bot() {
            Optional<String> existing = findBotId(def.name());
            DataPrivacy privacy = DataPrivacy.builder().childDirected(def.childDirected()).build();
            int ttl = (int) def.idleSessionTtl().toSeconds();
            String desc = def.description().isEmpty() ? null : def.description();
            if (existing.isEmpty()) {
                String id = call("CreateBot", () -> client.createBot(b -> b.botName(def.name()).description(desc)
                        .roleArn(def.roleArn()).dataPrivacy(privacy).idleSessionTTLInSeconds(ttl))).botId();
                created.add("bot " + def.name());
                await("bot " + def.name(), "DescribeBot", () -> client.describeBot(b -> b.botId(id)),
                        r -> "Available".equals(r.botStatusAsString()),
                        r -> "Failed".equals(r.botStatusAsString()) || "Deleting".equals(r.botStatusAsString()),
                        DescribeBotResponse::failureReasons);
                return id;
            }
            String id = existing.get();
            DescribeBotResponse d = await("bot " + def.name(), "DescribeBot", () -> client.describeBot(b -> b.botId(id)),
                    r -> !"Creating".equals(r.botStatusAsString()) && !"Versioning".equals(r.botStatusAsString())
                            && !"Importing".equals(r.botStatusAsString()) && !"Updating".equals(r.botStatusAsString()),
                    r -> "Failed".equals(r.botStatusAsString()) || "Deleting".equals(r.botStatusAsString()),
                    DescribeBotResponse::failureReasons);
            boolean same = NormalForm.Bot.of(d.description(), d.roleArn(), d.dataPrivacy(), d.idleSessionTTLInSeconds())
                    .equals(NormalForm.Bot.of(desc, def.roleArn(), privacy, ttl));
            if (!same) {
                call("UpdateBot", () -> client.updateBot(b -> b.botId(id).botName(def.name()).description(desc)
                        .roleArn(def.roleArn()).dataPrivacy(privacy).idleSessionTTLInSeconds(ttl)));
                updated.add("bot " + def.name());
            }
            return id;
        }

        // -------------------------------------------------------------- locale and its content

        void locale(String botId, LocaleDefinition l) {
            String lid = l.localeId();
            String desc = l.description().isEmpty() ? null : l.description();
            VoiceSettings voice = l.voiceId().isEmpty() ? null : VoiceSettings.builder().voiceId(l.voiceId()).build();
            DescribeBotLocaleResponse current = describeLocale(botId, lid);
            if (current == null) {
                call("CreateBotLocale", () -> client.createBotLocale(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                        .description(desc).nluIntentConfidenceThreshold(l.confidenceThreshold()).voiceSettings(voice)));
                created.add("locale " + lid);
                awaitLocale(botId, lid, s -> !"Creating".equals(s));
            } else {
                awaitLocale(botId, lid, s -> !"Creating".equals(s) && !"Building".equals(s));
                boolean same = NormalForm.Locale.of(current.description(), current.nluIntentConfidenceThreshold(), current.voiceSettings(), voice != null)
                        .equals(NormalForm.Locale.of(desc, l.confidenceThreshold(), voice, voice != null));
                if (!same) {
                    call("UpdateBotLocale", () -> client.updateBotLocale(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                            .description(desc).nluIntentConfidenceThreshold(l.confidenceThreshold()).voiceSettings(voice)));
                    updated.add("locale " + lid);
                }
            }
            step("locale", lid);
            Map<String, String> typeIds = slotTypes(botId, l);
            Map<String, String> intentIds = listIntents(botId, lid);
            for (IntentDefinition i : l.intents()) {
                intent(botId, lid, i, intentIds.get(i.name()), typeIds);
            }
            List<String> stale = intentIds.keySet().stream().filter(n -> !"FallbackIntent".equals(n) && l.intent(n).isEmpty()).toList();
            if (!stale.isEmpty()) {
                LOG.warn("intents {} of bot {} locale {} are not in the definition and were left in place", stale, def.name(), lid);
            }
        }

        DescribeBotLocaleResponse describeLocale(String botId, String lid) {
            try {
                return call("DescribeBotLocale", () -> client.describeBotLocale(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)));
            } catch (TraeServiceException e) {
                if (e.statusCode() == 404) {
                    return null;
                }
                throw e;
            }
        }

        DescribeBotLocaleResponse awaitLocale(String botId, String lid, Predicate<String> done) {
            return await("locale " + lid, "DescribeBotLocale",
                    () -> client.describeBotLocale(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)),
                    r -> done.test(r.botLocaleStatusAsString()),
                    r -> "Failed".equals(r.botLocaleStatusAsString()) && !done.test("Failed"),
                    DescribeBotLocaleResponse::failureReasons);
        }

        Map<String, String> slotTypes(String botId, LocaleDefinition l) {
            String lid = l.localeId();
            Map<String, String> ids = new LinkedHashMap<>();
            String token = null;
            do {
                String t = token;
                ListSlotTypesResponse r = call("ListSlotTypes", () -> client.listSlotTypes(b -> b.botId(botId).botVersion(DRAFT)
                        .localeId(lid).maxResults(100).nextToken(t)));
                for (SlotTypeSummary s : r.slotTypeSummaries()) {
                    ids.put(s.slotTypeName(), s.slotTypeId());
                }
                token = r.nextToken();
            } while (token != null);
            for (SlotTypeDefinition st : l.slotTypes()) {
                List<SlotTypeValue> values = new ArrayList<>();
                for (SlotTypeDefinition.Value v : st.values()) {
                    values.add(SlotTypeValue.builder().sampleValue(SampleValue.builder().value(v.value()).build())
                            .synonyms(v.synonyms().stream().map(x -> SampleValue.builder().value(x).build()).toList()).build());
                }
                SlotValueSelectionSetting selection = SlotValueSelectionSetting.builder()
                        .resolutionStrategy(st.restrictToValues() ? "TopResolution" : "OriginalValue").build();
                String desc = st.description().isEmpty() ? null : st.description();
                String id = ids.get(st.name());
                if (id == null) {
                    String newId = call("CreateSlotType", () -> client.createSlotType(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                            .slotTypeName(st.name()).description(desc).slotTypeValues(values).valueSelectionSetting(selection))).slotTypeId();
                    ids.put(st.name(), newId);
                    created.add("slotType " + lid + "/" + st.name());
                } else {
                    DescribeSlotTypeResponse d = call("DescribeSlotType", () -> client.describeSlotType(b -> b.botId(botId)
                            .botVersion(DRAFT).localeId(lid).slotTypeId(id)));
                    boolean same = NormalForm.SlotType.of(d.description(), d.slotTypeValues(), d.valueSelectionSetting())
                            .equals(NormalForm.SlotType.of(desc, values, selection));
                    if (!same) {
                        call("UpdateSlotType", () -> client.updateSlotType(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                                .slotTypeId(id).slotTypeName(st.name()).description(desc).slotTypeValues(values)
                                .valueSelectionSetting(selection)));
                        updated.add("slotType " + lid + "/" + st.name());
                    }
                }
                step("slotType", lid + "/" + st.name());
            }
            return ids;
        }

        Map<String, String> listIntents(String botId, String lid) {
            Map<String, String> ids = new LinkedHashMap<>();
            String token = null;
            do {
                String t = token;
                ListIntentsResponse r = call("ListIntents", () -> client.listIntents(b -> b.botId(botId).botVersion(DRAFT)
                        .localeId(lid).maxResults(100).nextToken(t)));
                for (IntentSummary s : r.intentSummaries()) {
                    ids.put(s.intentName(), s.intentId());
                }
                token = r.nextToken();
            } while (token != null);
            return ids;
        }

        void intent(String botId, String lid, IntentDefinition i, String existingId, Map<String, String> typeIds) {
            String key = "intent " + lid + "/" + i.name();
            String intentId = existingId;
            boolean isNew = intentId == null;
            if (isNew) {
                // created bare: slots must exist before utterances and prompts refer to them
                intentId = call("CreateIntent", () -> client.createIntent(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                        .intentName(i.name()))).intentId();
                created.add(key);
            }
            String iid = intentId;
            Map<String, String> slotIds = slots(botId, lid, iid, i, typeIds);
            List<SlotPriority> priorities = new ArrayList<>();
            for (int k = 0; k < i.slots().size(); k++) {
                priorities.add(SlotPriority.builder().priority(k + 1).slotId(slotIds.get(i.slots().get(k).name())).build());
            }
            String desc = i.description().isEmpty() ? null : i.description();
            List<SampleUtterance> utterances = i.utterances().stream().map(u -> SampleUtterance.builder().utterance(u).build()).toList();
            DialogCodeHookSettings dialogHook = DialogCodeHookSettings.builder().enabled(i.dialogCodeHook()).build();
            FulfillmentCodeHookSettings fulfillmentHook = FulfillmentCodeHookSettings.builder().enabled(i.fulfillmentCodeHook()).build();
            IntentConfirmationSetting confirmation = i.confirmationPrompt().isEmpty() ? null : IntentConfirmationSetting.builder()
                    .promptSpecification(prompt(i.confirmationPrompt(), 2)).declinationResponse(response(i.declinationResponse()))
                    .active(true).build();
            IntentClosingSetting closing = i.closingResponse().isEmpty() ? null : IntentClosingSetting.builder()
                    .closingResponse(response(i.closingResponse())).active(true).build();
            boolean same = false;
            if (!isNew) {
                DescribeIntentResponse d = call("DescribeIntent", () -> client.describeIntent(b -> b.botId(botId).botVersion(DRAFT)
                        .localeId(lid).intentId(iid)));
                same = NormalForm.Intent.of(d.description(), d.sampleUtterances(), d.dialogCodeHook(), d.fulfillmentCodeHook(),
                                d.intentConfirmationSetting(), d.intentClosingSetting(), d.slotPriorities())
                        .equals(NormalForm.Intent.of(desc, utterances, dialogHook, fulfillmentHook, confirmation, closing, priorities));
            }
            if (!same) {
                call("UpdateIntent", () -> client.updateIntent(b -> b.botId(botId).botVersion(DRAFT).localeId(lid).intentId(iid)
                        .intentName(i.name()).description(desc).sampleUtterances(utterances).dialogCodeHook(dialogHook)
                        .fulfillmentCodeHook(fulfillmentHook).intentConfirmationSetting(confirmation).intentClosingSetting(closing)
                        .slotPriorities(priorities)));
                if (!isNew) {
                    updated.add(key);
                }
            }
            step("intent", lid + "/" + i.name());
        }

        Map<String, String> slots(String botId, String lid, String intentId, IntentDefinition i, Map<String, String> typeIds) {
            Map<String, String> ids = new LinkedHashMap<>();
            String token = null;
            do {
                String t = token;
                ListSlotsResponse r = call("ListSlots", () -> client.listSlots(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                        .intentId(intentId).maxResults(100).nextToken(t)));
                for (SlotSummary s : r.slotSummaries()) {
                    ids.put(s.slotName(), s.slotId());
                }
                token = r.nextToken();
            } while (token != null);
            for (SlotDefinition s : i.slots()) {
                String typeId = s.slotType().startsWith("AMAZON.") ? s.slotType() : typeIds.get(s.slotType());
                SlotValueElicitationSetting elicitation = SlotValueElicitationSetting.builder()
                        .slotConstraint(s.required() ? "Required" : "Optional")
                        .promptSpecification(s.prompt().isEmpty() ? null : prompt(s.prompt(), s.maxRetries())).build();
                String desc = s.description().isEmpty() ? null : s.description();
                String key = "slot " + lid + "/" + i.name() + "/" + s.name();
                String id = ids.get(s.name());
                if (id == null) {
                    ids.put(s.name(), call("CreateSlot", () -> client.createSlot(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)
                            .intentId(intentId).slotName(s.name()).description(desc).slotTypeId(typeId)
                            .valueElicitationSetting(elicitation))).slotId());
                    created.add(key);
                } else {
                    DescribeSlotResponse d = call("DescribeSlot", () -> client.describeSlot(b -> b.botId(botId).botVersion(DRAFT)
                            .localeId(lid).intentId(intentId).slotId(id)));
                    boolean same = NormalForm.Slot.of(d.slotTypeId(), d.description(), d.valueElicitationSetting())
                            .equals(NormalForm.Slot.of(typeId, desc, elicitation));
                    if (!same) {
                        call("UpdateSlot", () -> client.updateSlot(b -> b.botId(botId).botVersion(DRAFT).localeId(lid).intentId(intentId)
                                .slotId(id).slotName(s.name()).description(desc).slotTypeId(typeId).valueElicitationSetting(elicitation)));
                        updated.add(key);
                    }
                }
                step("slot", lid + "/" + i.name() + "/" + s.name());
            }
            return ids;
        }

        // -------------------------------------------------------------- build, version, alias

        void build(String botId, String lid, boolean changed) {
            DescribeBotLocaleResponse now = awaitLocale(botId, lid, s -> !"Creating".equals(s) && !"Building".equals(s));
            String status = now.botLocaleStatusAsString();
            if (!changed && ("Built".equals(status) || "ReadyExpressTesting".equals(status))) {
                return;
            }
            call("BuildBotLocale", () -> client.buildBotLocale(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)));
            builds.add(lid);
            tracker.phase("build", "building " + lid);
            DescribeBotLocaleResponse done = await("build of locale " + lid, "DescribeBotLocale",
                    () -> client.describeBotLocale(b -> b.botId(botId).botVersion(DRAFT).localeId(lid)),
                    r -> "Built".equals(r.botLocaleStatusAsString()) || "ReadyExpressTesting".equals(r.botLocaleStatusAsString()),
                    r -> "Failed".equals(r.botLocaleStatusAsString())
                            || "NotBuilt".equals(r.botLocaleStatusAsString()) && r.hasFailureReasons() && !r.failureReasons().isEmpty(),
                    DescribeBotLocaleResponse::failureReasons);
            LOG.debug("locale {} of bot {} is {}", lid, botId, done.botLocaleStatusAsString());
        }

        String version(String botId) {
            String marker = FINGERPRINT_PREFIX + fingerprint.substring(0, 48);
            String token = null;
            do {
                String t = token;
                ListBotVersionsResponse r = call("ListBotVersions", () -> client.listBotVersions(b -> b.botId(botId).maxResults(50).nextToken(t)));
                for (BotVersionSummary v : r.botVersionSummaries()) {
                    if (v.description() != null && v.description().contains(marker) && !"Failed".equals(v.botStatusAsString())) {
                        awaitVersion(botId, v.botVersion());
                        return v.botVersion();
                    }
                }
                token = r.nextToken();
            } while (token != null);
            Map<String, BotVersionLocaleDetails> spec = new LinkedHashMap<>();
            def.locales().forEach(l -> spec.put(l.localeId(), BotVersionLocaleDetails.builder().sourceBotVersion(DRAFT).build()));
            String version = call("CreateBotVersion", () -> client.createBotVersion(b -> b.botId(botId)
                    .description(marker).botVersionLocaleSpecification(spec))).botVersion();
            created.add("version " + version);
            awaitVersion(botId, version);
            return version;
        }

        void awaitVersion(String botId, String version) {
            await("version " + version, "DescribeBotVersion", () -> client.describeBotVersion(b -> b.botId(botId).botVersion(version)),
                    r -> "Available".equals(r.botStatusAsString()),
                    r -> "Failed".equals(r.botStatusAsString()) || "Deleting".equals(r.botStatusAsString()),
                    DescribeBotVersionResponse::failureReasons);
        }

        String alias(String botId, String version) {
            Map<String, BotAliasLocaleSettings> settings = new LinkedHashMap<>();
            def.locales().forEach(l -> settings.put(l.localeId(), BotAliasLocaleSettings.builder().enabled(true).build()));
            String token = null;
            do {
                String t = token;
                ListBotAliasesResponse r = call("ListBotAliases", () -> client.listBotAliases(b -> b.botId(botId).maxResults(50).nextToken(t)));
                for (BotAliasSummary a : r.botAliasSummaries()) {
                    if (opts.aliasName().equals(a.botAliasName())) {
                        if (!version.equals(a.botVersion())) {
                            call("UpdateBotAlias", () -> client.updateBotAlias(b -> b.botId(botId).botAliasId(a.botAliasId())
                                    .botAliasName(opts.aliasName()).botVersion(version).botAliasLocaleSettings(settings)));
                            updated.add("alias " + opts.aliasName());
                        }
                        return a.botAliasId();
                    }
                }
                token = r.nextToken();
            } while (token != null);
            String id = call("CreateBotAlias", () -> client.createBotAlias(b -> b.botId(botId).botAliasName(opts.aliasName())
                    .botVersion(version).botAliasLocaleSettings(settings))).botAliasId();
            created.add("alias " + opts.aliasName());
            return id;
        }

        /**
         * Polls through core's {@link Poller} (every {@code pollInterval}, up to {@code buildTimeout}) until
         * {@code done} or {@code failed}; a poll that fails with a retryable error even after the resilience
         * retries is tolerated until the deadline.
         */
        <T> T await(String what, String op, Supplier<T> poll, Predicate<T> done, Predicate<T> failed, Function<T, List<String>> reasons) {
            TraeException[] lastError = {null};
            Duration interval = opts.pollInterval().isZero() ? Duration.ofMillis(1) : opts.pollInterval();
            Poller poller = Poller.builder().initialDelay(interval).maxDelay(interval).multiplier(1.0)
                    .deadline(opts.buildTimeout()).cancelled(() -> {
                        if (ctx != null) {
                            ctx.throwIfCancelled();
                        }
                        return false;
                    }).build();
            try {
                return poller.<Optional<T>>await(what + " of bot " + def.name(), () -> {
                    try {
                        return Optional.of(call(op, poll));
                    } catch (TraeServiceException e) {
                        if (!e.retryable()) {
                            throw e;
                        }
                        lastError[0] = e;
                        LOG.debug("polling {} failed after retries, polling on: {}", what, e.getMessage());
                        return Optional.empty();
                    }
                }, r -> {
                    if (r.isEmpty()) {
                        return Poller.State.waiting("poll failed: " + lastError[0].getMessage());
                    }
                    if (done.test(r.get())) {
                        return Poller.State.done();
                    }
                    if (failed.test(r.get())) {
                        throw new BotBuildException(what + " of bot " + def.name() + " failed", reasons.apply(r.get()));
                    }
                    return Poller.State.waiting("in progress");
                }).orElseThrow();
            } catch (TraeTimeoutException e) {
                throw new TraeTimeoutException(what + " of bot " + def.name() + " did not finish within " + opts.buildTimeout()
                        + (lastError[0] != null ? " (last poll error: " + lastError[0].getMessage() + ")" : "")
                        + "; raise DeployOptions.buildTimeout or check the bot in the Lex console", opts.buildTimeout(),
                        lastError[0] != null ? lastError[0] : e, false);
            }
        }
    }

    private static PromptSpecification prompt(String text, int maxRetries) {
        return PromptSpecification.builder().messageGroups(group(text)).maxRetries(maxRetries).build();
    }

    private static ResponseSpecification response(String text) {
        return ResponseSpecification.builder().messageGroups(group(text)).build();
    }

    private static MessageGroup group(String text) {
        return MessageGroup.builder().message(Message.builder().plainTextMessage(PlainTextMessage.builder().value(text).build()).build()).build();
    }
}
