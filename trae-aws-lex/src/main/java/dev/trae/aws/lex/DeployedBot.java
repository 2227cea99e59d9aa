package dev.trae.aws.lex;

import java.util.List;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * What {@link BotBuilder#deploy} produced: ids, the version and alias, and what it created, updated or left
 * unchanged (a second deploy of the same definition creates and updates nothing). Immutable.
 *
 * @param botId       bot id
 * @param botName     bot name
 * @param version     the numbered version, or {@code DRAFT} when no version was created
 * @param aliasId     alias id ({@code TSTALIASID} when no version was created)
 * @param aliasName   alias name
 * @param localeIds   deployed locales
 * @param fingerprint SHA-256 of the deployed definition
 * @param created     resources created, such as {@code intent en_US/OrderFuel}
 * @param updated     resources updated
 * @param builds      locales built in this deploy
 */
public record DeployedBot(String botId, String botName, String version, String aliasId, String aliasName, List<String> localeIds,
                          String fingerprint, List<String> created, List<String> updated, List<String> builds) {
    public DeployedBot {
        Objects.requireNonNull(botId, "botId");
        localeIds = List.copyOf(localeIds);
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        builds = List.copyOf(builds);
    }

    /** The runtime reference for one locale through the deployed alias. */
    public BotRef ref(String localeId) {
        if (!localeIds.contains(localeId)) {
            throw new TraeValidationException("localeId", "bot " + botName + " has no locale " + localeId + "; it has " + localeIds);
        }
        return BotRef.of(botId, aliasId, localeId);
    }

    /** Whether this deploy changed nothing. */
    public boolean unchanged() {
        return created.isEmpty() && updated.isEmpty() && builds.isEmpty();
    }
}
