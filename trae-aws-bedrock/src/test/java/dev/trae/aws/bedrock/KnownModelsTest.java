package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.ModelLifecycle;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;

/** The built-in model table (issue 16, point 2): sources, dates, and replacements that are themselves current. */
class KnownModelsTest {
    private static final Map<String, KnownModels.Fact> BY_ID = KnownModels.facts().stream()
            .collect(Collectors.toMap(KnownModels.Fact::modelId, Function.identity()));

    @Test
    void everyReplacement_isInTheTableAndActive_onTheTableDate() {
        for (KnownModels.Fact f : KnownModels.facts()) {
            if (f.replacement() == null) {
                continue;
            }
            KnownModels.Fact r = BY_ID.get(f.replacement());
            assertThat(r).as("replacement %s of %s is in the table", f.replacement(), f.modelId()).isNotNull();
            assertThat(r.lifecycleOn(KnownModels.TABLE_AS_OF)).as("replacement %s of %s", r.modelId(), f.modelId())
                    .isEqualTo(ModelLifecycle.ACTIVE);
            assertThat(r.eol()).as("replacement %s has no announced EOL", r.modelId()).isNull();
        }
    }

    @Test
    void everyEntry_hasSourcePageAndDate() {
        assertThat(KnownModels.facts()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.source()).startsWith("https://docs.aws.amazon.com/");
            assertThat(f.checked()).isEqualTo(KnownModels.TABLE_AS_OF);
        });
    }

    @Test
    void legacyAndEolEntries_withoutReplacement_areOnlyThoseWithNoNamedSuccessor() {
        List<String> none = KnownModels.facts().stream().filter(f -> f.lifecycle() != ModelLifecycle.ACTIVE && f.replacement() == null)
                .map(KnownModels.Fact::modelId).toList();
        assertThat(none).containsExactlyInAnyOrder("amazon.nova-reel-v1:0", "amazon.nova-reel-v1:1", "meta.llama2-13b-chat-v1",
                "meta.llama2-70b-chat-v1", "ai21.j2-mid-v1", "ai21.j2-ultra-v1");
    }

    @Test
    void claude35Haiku_isPastItsEol_andNeverAReplacement() {
        KnownModels.Fact haiku = BY_ID.get("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(haiku.eol()).hasToString("2026-06-19");
        assertThat(haiku.lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.EOL);
        assertThat(KnownModels.facts()).noneMatch(f -> haiku.modelId().equals(f.replacement()));
        assertThat(KnownModels.retiredReplacement("anthropic.claude-v2")).contains("anthropic.claude-haiku-4-5-20251001-v1:0");
        assertThatThrownBy(() -> RequestValidator.modelId("us.anthropic.claude-3-5-haiku-20241022-v1:0"))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("anthropic.claude-haiku-4-5-20251001-v1:0");
    }

    @Test
    void novaPremierAndReel_areEolAfterTheirDates() {
        assertThat(BY_ID.get("amazon.nova-premier-v1:0").eol()).hasToString("2026-09-14");
        assertThat(BY_ID.get("amazon.nova-reel-v1:0").eol()).hasToString("2026-09-30");
        assertThat(BY_ID.get("amazon.nova-premier-v1:0").lifecycleOn(KnownModels.TABLE_AS_OF)).isEqualTo(ModelLifecycle.EOL);
        assertThatThrownBy(() -> RequestValidator.modelId("amazon.nova-reel-v1:0")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("choose an ACTIVE model");
    }

    @Test
    void unknownNewerClaude_isNotRefusedForCaching_orContext() {
        var caps = KnownModels.capabilities("us.anthropic.claude-sonnet-5-5-v1:0");
        assertThat(caps.known()).isFalse();
        assertThat(caps.promptCaching()).isTrue();
        assertThat(caps.contextWindow()).isEqualTo(Integer.MAX_VALUE);
        assertThat(KnownModels.capabilities("anthropic.claude-sonnet-4-6").contextWindow()).isEqualTo(1_000_000);
        assertThat(KnownModels.capabilities("anthropic.claude-haiku-4-5-20251001-v1:0").promptCaching()).isTrue();
    }
}
