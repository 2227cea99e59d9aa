package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.ModelLifecycle;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;

/** The built-in model table (issue 16, point 2): AWS sources, dates, and replacements that are themselves current. */
class KnownModelsTest {
    private static final Map<String, KnownModels.Fact> BY_ID = KnownModels.facts().stream()
            .collect(Collectors.toMap(KnownModels.Fact::modelId, Function.identity()));

    /** Every replacement that is missing from the table, or LEGACY/EOL (or has an EOL date) on {@code day}. */
    static List<String> replacementProblems(List<KnownModels.Fact> facts, LocalDate day) {
        Map<String, KnownModels.Fact> byId = facts.stream().collect(Collectors.toMap(KnownModels.Fact::modelId, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (KnownModels.Fact f : facts) {
            if (f.replacement() == null) {
                continue;
            }
            KnownModels.Fact r = byId.get(f.replacement());
            if (r == null) {
                problems.add(f.modelId() + " -> " + f.replacement() + " is not in the table");
            } else if (r.lifecycleOn(day) != ModelLifecycle.ACTIVE || r.eol() != null) {
                problems.add(f.modelId() + " -> " + r.modelId() + " is " + r.lifecycleOn(day) + (r.eol() == null ? "" : ", EOL " + r.eol()));
            }
        }
        return problems;
    }

    @Test
    void everyReplacement_isInTheTableAndActive_onTheTableDate_andToday() {
        assertThat(replacementProblems(KnownModels.facts(), KnownModels.TABLE_AS_OF)).isEmpty();
        assertThat(replacementProblems(KnownModels.facts(), LocalDate.now())).isEmpty();
    }

    @Test
    void replacementCheck_reportsALegacyOrEolReplacement() {
        // the check itself can fail: Claude 3.5 Haiku (EOL 2026-06-19) named as a replacement, as the table once did
        List<KnownModels.Fact> broken = new ArrayList<>(KnownModels.facts());
        broken.add(new KnownModels.Fact("anthropic.claude-instant-v1", ModelLifecycle.EOL, null, "anthropic.claude-3-5-haiku-20241022-v1:0",
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html", KnownModels.TABLE_AS_OF, ""));
        broken.add(new KnownModels.Fact("amazon.nova-x-v1:0", ModelLifecycle.EOL, null, "anthropic.claude-sonnet-4-5-20250929-v1:0",
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html", KnownModels.TABLE_AS_OF, ""));
        broken.add(new KnownModels.Fact("amazon.nova-y-v1:0", ModelLifecycle.EOL, null, "amazon.nova-z-v1:0",
                "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html", KnownModels.TABLE_AS_OF, ""));
        assertThat(replacementProblems(broken, KnownModels.TABLE_AS_OF)).containsExactly(
                "anthropic.claude-instant-v1 -> anthropic.claude-3-5-haiku-20241022-v1:0 is EOL, EOL 2026-06-19",
                "amazon.nova-x-v1:0 -> anthropic.claude-sonnet-4-5-20250929-v1:0 is LEGACY, EOL 2027-04-08",
                "amazon.nova-y-v1:0 -> amazon.nova-z-v1:0 is not in the table");
    }

    @Test
    void everyEntry_hasAnAwsBedrockSourcePageAndDate() {
        assertThat(KnownModels.facts()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.source()).startsWith("https://docs.aws.amazon.com/bedrock/latest/userguide/");
            assertThat(f.checked()).isEqualTo(KnownModels.TABLE_AS_OF);
        });
    }

    @Test
    void currentClaudeNova2LlamaAndImageEntries_haveTheStatusTheirAwsPagesGive() {
        assertThat(BY_ID.get("anthropic.claude-opus-4-7").lifecycle()).isEqualTo(ModelLifecycle.ACTIVE);
        assertThat(BY_ID.get("anthropic.claude-opus-4-6").lifecycle()).isEqualTo(ModelLifecycle.ACTIVE);
        assertThat(BY_ID.get("anthropic.claude-sonnet-4-6").lifecycle()).isEqualTo(ModelLifecycle.ACTIVE);
        assertThat(BY_ID.get("anthropic.claude-haiku-4-5-20251001-v1:0").lifecycle()).isEqualTo(ModelLifecycle.ACTIVE);
        assertThat(BY_ID.get("amazon.nova-2-lite-v1:0").lifecycle()).isEqualTo(ModelLifecycle.ACTIVE);
        // Sonnet 4.5 went Legacy on 2026-10-08 (EOL 2027-04-08): warned about, not refused, and never a replacement
        KnownModels.Fact sonnet45 = BY_ID.get("anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(sonnet45.lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.LEGACY);
        assertThat(sonnet45.eol()).hasToString("2027-04-08");
        assertThat(sonnet45.replacement()).isEqualTo("anthropic.claude-sonnet-4-6");
        assertThat(sonnet45.lifecycleOn(LocalDate.of(2027, 4, 7))).isEqualTo(ModelLifecycle.LEGACY);
        assertThat(sonnet45.lifecycleOn(LocalDate.of(2027, 4, 8))).isEqualTo(ModelLifecycle.EOL);
        assertThat(BY_ID.get("meta.llama3-3-70b-instruct-v1:0").eol()).hasToString("2027-03-30");
        assertThat(BY_ID.get("meta.llama3-2-90b-instruct-v1:0").lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.EOL);
        assertThat(BY_ID.get("amazon.nova-canvas-v1:0").eol()).hasToString("2026-09-30");
        // Claude 3 Haiku is EOL only in some Regions: LEGACY offline, so it is not refused where it still serves
        assertThat(BY_ID.get("anthropic.claude-3-haiku-20240307-v1:0").lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.LEGACY);
    }

    @Test
    void legacyAndEolEntries_withoutReplacement_areOnlyThoseWithNoConfirmedActiveSuccessor() {
        List<String> none = KnownModels.facts().stream().filter(f -> f.lifecycle() != ModelLifecycle.ACTIVE && f.replacement() == null)
                .map(KnownModels.Fact::modelId).toList();
        assertThat(none).containsExactlyInAnyOrder("meta.llama3-3-70b-instruct-v1:0", "amazon.nova-sonic-v1:0", "amazon.nova-canvas-v1:0",
                "amazon.nova-reel-v1:0", "amazon.nova-reel-v1:1", "amazon.titan-image-generator-v2:0", "meta.llama3-1-405b-instruct-v1:0",
                "meta.llama3-2-1b-instruct-v1:0", "meta.llama3-2-3b-instruct-v1:0", "meta.llama3-2-11b-instruct-v1:0",
                "meta.llama3-2-90b-instruct-v1:0", "cohere.command-r-v1:0", "cohere.command-r-plus-v1:0", "ai21.jamba-1-5-large-v1:0",
                "ai21.jamba-1-5-mini-v1:0");
    }

    @Test
    void claude35Haiku_isPastItsEol_andNeverAReplacement() {
        KnownModels.Fact haiku = BY_ID.get("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(haiku.eol()).hasToString("2026-06-19");
        assertThat(haiku.lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.EOL);
        assertThat(KnownModels.facts()).noneMatch(f -> haiku.modelId().equals(f.replacement()));
        assertThat(KnownModels.retiredReplacement("anthropic.claude-3-7-sonnet-20250219-v1:0")).contains("anthropic.claude-sonnet-4-6");
        assertThatThrownBy(() -> RequestValidator.modelId("us.anthropic.claude-3-5-haiku-20241022-v1:0"))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("anthropic.claude-haiku-4-5-20251001-v1:0");
    }

    @Test
    void novaPremierReelAndCanvas_areEolAfterTheirDates() {
        assertThat(BY_ID.get("amazon.nova-premier-v1:0").eol()).hasToString("2026-09-14");
        assertThat(BY_ID.get("amazon.nova-reel-v1:0").eol()).hasToString("2026-09-30");
        assertThat(BY_ID.get("amazon.nova-premier-v1:0").lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.EOL);
        assertThatThrownBy(() -> RequestValidator.modelId("amazon.nova-reel-v1:0")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("choose an ACTIVE model");
        assertThatThrownBy(() -> RequestValidator.modelId("amazon.nova-canvas-v1:0")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("end of life");
    }

    @Test
    void idsNoAwsPageConfirmed_areNotInTheTable_andPassThrough() {
        for (String id : List.of("anthropic.claude-v2", "anthropic.claude-v2:1", "anthropic.claude-instant-v1",
                "anthropic.claude-3-opus-20240229-v1:0", "anthropic.claude-opus-4-5-20251101-v1:0", "meta.llama2-70b-chat-v1", "ai21.j2-ultra-v1")) {
            assertThat(KnownModels.fact(id)).as(id).isEmpty();
            RequestValidator.modelId(id); // not refused offline: the service decides
        }
    }

    @Test
    void fineTuningBases_areTheContextLengthVariantsOfTheFineTuningTable() {
        assertThat(KnownModels.customizationBaseFor("amazon.nova-2-lite-v1:0")).contains("amazon.nova-2-lite-v1:0:256k");
        assertThat(KnownModels.customizationBaseFor("amazon.nova-lite-v1:0")).contains("amazon.nova-lite-v1:0:300k");
        assertThat(KnownModels.customizationBaseFor("amazon.nova-micro-v1:0")).contains("amazon.nova-micro-v1:0:128k");
        assertThat(KnownModels.customizationBaseFor("amazon.nova-lite-v1:0:300k")).isEmpty();
    }

    @Test
    void unknownNewerClaude_isNotRefusedForCaching_orContext() {
        var caps = KnownModels.capabilities("us.anthropic.claude-sonnet-5-5-v1:0");
        assertThat(caps.known()).isFalse();
        assertThat(caps.promptCaching()).isTrue();
        assertThat(caps.contextWindow()).isEqualTo(Integer.MAX_VALUE);
        assertThat(KnownModels.capabilities("anthropic.claude-sonnet-4-6").contextWindow()).isEqualTo(1_000_000);
        assertThat(KnownModels.capabilities("anthropic.claude-opus-4-6").contextWindow()).isEqualTo(1_000_000);
        assertThat(KnownModels.capabilities("anthropic.claude-haiku-4-5-20251001-v1:0").promptCaching()).isTrue();
    }
}
