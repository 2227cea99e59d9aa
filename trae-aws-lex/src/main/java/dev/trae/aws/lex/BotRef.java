package dev.trae.aws.lex;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.model.LocaleDefinition;

/**
 * Which bot a {@link LexSession} talks to: bot id, alias id and locale. Validated on creation.
 *
 * @param botId    10 letters or digits
 * @param aliasId  10 letters or digits, or {@code TSTALIASID} (the draft test alias)
 * @param localeId a Lex locale id such as {@code en_US}
 */
public record BotRef(String botId, String aliasId, String localeId) {
    /** The alias id of the draft test alias every bot has. */
    public static final String TEST_ALIAS = "TSTALIASID";

    public BotRef {
        if (botId == null || !botId.matches("[0-9a-zA-Z]{10}")) {
            throw new TraeValidationException("botId", "must be 10 letters or digits, was " + Messages.shorten(botId));
        }
        if (aliasId == null || !aliasId.matches("[0-9a-zA-Z]{10}")) {
            throw new TraeValidationException("aliasId", "must be 10 letters or digits (or TSTALIASID), was " + Messages.shorten(aliasId));
        }
        if (localeId == null || !LocaleDefinition.isSupportedLocale(localeId)) {
            throw new TraeValidationException("localeId", "must be a Lex V2 locale id such as en_US, was " + Messages.shorten(localeId));
        }
    }

    public static BotRef of(String botId, String aliasId, String localeId) {
        return new BotRef(botId, aliasId, localeId);
    }
}
