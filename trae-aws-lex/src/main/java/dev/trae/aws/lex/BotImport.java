package dev.trae.aws.lex;

import java.time.Duration;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.model.BotDefinition;

/**
 * The bot settings of a {@link BotTransfers#importArchive import}: Lex's {@code botImportSpecification} (the archive
 * carries no IAM role) and what to do when a bot of that name exists
 * (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_StartImport.html). Checked when built, before any call.
 *
 * <pre>{@code
 * BotImport spec = new BotImport("FuelStationCopy", roleArn, false, Duration.ofMinutes(5), BotImport.MergeStrategy.FAIL_ON_CONFLICT);
 * }</pre>
 *
 * @param botName        the bot to create (or, with {@link MergeStrategy#OVERWRITE}, to overwrite)
 * @param roleArn        the IAM role Lex uses for the bot
 * @param childDirected  COPPA flag
 * @param idleSessionTtl how long Lex keeps an idle session (1 minute to 24 hours)
 * @param mergeStrategy  what happens when a bot with that name exists
 */
public record BotImport(String botName, String roleArn, boolean childDirected, Duration idleSessionTtl, MergeStrategy mergeStrategy) {
    /** Lex's {@code mergeStrategy}. */
    public enum MergeStrategy {
        /** An existing bot of that name is not changed and the import fails ({@code FailOnConflict}). */
        FAIL_ON_CONFLICT,
        /** The draft of an existing bot of that name is replaced by the archive ({@code Overwrite}). */
        OVERWRITE
    }

    public BotImport {
        if (botName == null || botName.length() > 100 || !BotDefinition.isValidName(botName)) {
            throw new TraeValidationException("botName", "breaks Lex naming rules: " + Messages.shorten(botName));
        }
        if (!BotDefinition.isValidRoleArn(roleArn)) {
            throw new TraeValidationException("roleArn", "must look like arn:aws:iam::<12-digit account>:role/<name>, was '"
                    + Messages.shorten(roleArn) + "'");
        }
        Objects.requireNonNull(idleSessionTtl, "idleSessionTtl");
        if (idleSessionTtl.compareTo(Duration.ofSeconds(60)) < 0 || idleSessionTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw new TraeValidationException("idleSessionTtl", "must be between 60 seconds and 24 hours, was " + idleSessionTtl.toSeconds() + " s");
        }
        Objects.requireNonNull(mergeStrategy, "mergeStrategy");
    }

    /** The settings of {@code definition} (name, role, COPPA flag, idle TTL). */
    public static BotImport of(BotDefinition definition, MergeStrategy mergeStrategy) {
        return new BotImport(definition.name(), definition.roleArn(), definition.childDirected(), definition.idleSessionTtl(), mergeStrategy);
    }
}
