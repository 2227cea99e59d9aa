package dev.trae.aws.lex;

import java.time.Duration;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.model.BotDefinition;

/**
 * How {@link BotBuilder#deploy} deploys: the alias to point at the new version, whether to create a version
 * at all, how often and how long to wait for builds, and who hears about progress. Immutable.
 *
 * @param aliasName     alias pointed at the deployed version (default {@code live})
 * @param createVersion false stops after the draft build (talk to it through {@code TSTALIASID})
 * @param pollInterval  pause between status polls (default 2 s)
 * @param buildTimeout  longest wait for one build or version (default 10 min)
 * @param progress      receives progress events
 */
public record DeployOptions(String aliasName, boolean createVersion, Duration pollInterval, Duration buildTimeout,
                            ProgressListener progress) {
    public DeployOptions {
        if (aliasName == null || !BotDefinition.isValidName(aliasName) || aliasName.length() > 100) {
            throw new TraeValidationException("aliasName", "breaks Lex naming rules: " + Messages.shorten(aliasName));
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new TraeValidationException("pollInterval", "must be between 0 and 1 minute");
        }
        if (buildTimeout == null || buildTimeout.isNegative() || buildTimeout.isZero() || buildTimeout.compareTo(Duration.ofHours(2)) > 0) {
            throw new TraeValidationException("buildTimeout", "must be between 1 ms and 2 hours");
        }
        Objects.requireNonNull(progress, "progress");
    }

    public static DeployOptions defaults() {
        return new DeployOptions("live", true, Duration.ofSeconds(2), Duration.ofMinutes(10), ProgressListener.noop());
    }

    public DeployOptions withAliasName(String name) {
        return new DeployOptions(name, createVersion, pollInterval, buildTimeout, progress);
    }

    public DeployOptions withCreateVersion(boolean create) {
        return new DeployOptions(aliasName, create, pollInterval, buildTimeout, progress);
    }

    public DeployOptions withPollInterval(Duration d) {
        return new DeployOptions(aliasName, createVersion, d, buildTimeout, progress);
    }

    public DeployOptions withBuildTimeout(Duration d) {
        return new DeployOptions(aliasName, createVersion, pollInterval, d, progress);
    }

    public DeployOptions withProgress(ProgressListener listener) {
        return new DeployOptions(aliasName, createVersion, pollInterval, buildTimeout, listener);
    }
}
