package dev.trae.aws.bedrock;

import java.math.BigDecimal;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * A spending limit of one application, in USD. With {@link Action#WARN} calls go on and listeners are
 * told when spending crosses {@code warnAt} of the limit and the limit itself; with {@link Action#REFUSE}
 * calls are also refused (before sending) once the limit is reached.
 *
 * @param app     the application id (as in {@code ConverseRequest.app()})
 * @param limit   the limit in USD
 * @param action  what happens at the limit
 * @param warnAt  the fraction of the limit at which to warn, in (0, 1]
 */
public record Budget(String app, BigDecimal limit, Action action, double warnAt) {
    /** What a budget does at its limit. */
    public enum Action { WARN, REFUSE }

    public Budget {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(action, "action");
        if (limit == null || limit.signum() <= 0) {
            throw new TraeValidationException("limit", "must be a positive amount");
        }
        if (!(warnAt > 0 && warnAt <= 1)) {
            throw new TraeValidationException("warnAt", "must be in (0, 1]");
        }
    }

    /** Warns at 80% and at the limit; never refuses. */
    public static Budget warn(String app, String limitUsd) {
        return new Budget(app, new BigDecimal(limitUsd), Action.WARN, 0.8);
    }

    /** Warns at 80%; refuses calls once the limit is reached. */
    public static Budget refuse(String app, String limitUsd) {
        return new Budget(app, new BigDecimal(limitUsd), Action.REFUSE, 0.8);
    }
}
