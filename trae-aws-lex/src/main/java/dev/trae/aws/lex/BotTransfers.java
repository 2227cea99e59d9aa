package dev.trae.aws.lex;

import java.time.Duration;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.lex.internal.LexTransfers;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.model.BotDefinition;
import software.amazon.awssdk.services.lexmodelsv2.LexModelsV2Client;
import software.amazon.awssdk.services.lexmodelsv2.model.MergeStrategy;

/**
 * Lex V2's own export and import, in Lex's bot archive format ({@link LexExportFormat}):
 *
 * <ul>
 *   <li>{@link #exportArchive}: {@code CreateExport} ({@code LexJson}), {@code DescribeExport} until {@code Completed},
 *       then the archive from its pre-signed {@code downloadUrl}
 *       (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_CreateExport.html,
 *       https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DescribeExport.html).</li>
 *   <li>{@link #importArchive}: {@code CreateUploadUrl}, the archive to its pre-signed {@code uploadUrl},
 *       {@code StartImport}, {@code DescribeImport} until {@code Completed}
 *       (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_CreateUploadUrl.html,
 *       https://docs.aws.amazon.com/lexv2/latest/APIReference/API_StartImport.html,
 *       https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DescribeImport.html).</li>
 * </ul>
 * Inputs are checked before any call ({@link TraeValidationException}); waits use core's poller (every
 * {@code pollInterval}, up to {@code timeout}: {@code TraeTimeoutException}); an export or import that Lex reports as
 * {@code Failed} raises {@link BotTransferException} with Lex's failure reasons. Every Lex call goes through core's
 * guarded service client (service {@code lex-models}). Immutable and thread-safe.
 *
 * <pre>{@code
 * try (LexClient lex = LexClient.create(config)) {
 *     byte[] zip = lex.transfers().exportArchive(botId, "1");
 *     ImportedBot copy = lex.transfers().importArchive(zip,
 *             new BotImport("FuelStationCopy", roleArn, false, Duration.ofMinutes(5), BotImport.MergeStrategy.FAIL_ON_CONFLICT));
 * }
 * }</pre>
 */
public final class BotTransfers {
    /** Default time between polls. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    /** Default longest wait for one export or import. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final ServiceClient<LexModelsV2Client> models;
    private final Duration pollInterval;
    private final Duration timeout;
    private final LexTransfers transfers;

    BotTransfers(ServiceClient<LexModelsV2Client> models, Duration pollInterval, Duration timeout) {
        this.models = models;
        this.pollInterval = positive("pollInterval", pollInterval);
        this.timeout = positive("timeout", timeout);
        if (timeout.compareTo(pollInterval) < 0) {
            throw new TraeValidationException("timeout", "must not be shorter than pollInterval");
        }
        this.transfers = new LexTransfers(models, pollInterval, timeout, LexExportFormat.MAX_BYTES);
    }

    /** The same transfers polling every {@code pollInterval} for at most {@code timeout}. */
    public BotTransfers withPolling(Duration pollInterval, Duration timeout) {
        return new BotTransfers(models, pollInterval, timeout);
    }

    /**
     * Exports one version of a bot ({@code DRAFT} or a version number) as Lex's bot archive (zip bytes).
     *
     * @throws TraeValidationException when the bot id or version is malformed (nothing is sent)
     * @throws BotTransferException    when Lex reports the export as failed
     */
    public byte[] exportArchive(String botId, String botVersion) {
        checkBotId(botId);
        if (botVersion == null || !botVersion.matches("DRAFT|[1-9][0-9]{0,4}")) {
            throw new TraeValidationException("botVersion", "must be DRAFT or a version number, was " + Messages.shorten(botVersion));
        }
        try {
            return transfers.exportBot(botId, botVersion);
        } catch (LexTransfers.FailedException e) {
            throw failure("export of bot " + botId + " version " + botVersion, e);
        }
    }

    /** {@link #exportArchive} read into a definition with {@link LexExportFormat#read}; the archive carries no role. */
    public BotDefinition exportDefinition(String botId, String botVersion, String roleArn) {
        if (!BotDefinition.isValidRoleArn(roleArn)) {
            throw new TraeValidationException("roleArn", "must look like arn:aws:iam::<12-digit account>:role/<name>, was '"
                    + Messages.shorten(roleArn) + "'");
        }
        return LexExportFormat.read(exportArchive(botId, botVersion), roleArn);
    }

    /**
     * Imports a bot archive (as {@link #exportArchive} or the Lex console writes it) with the given bot settings and
     * waits until Lex has imported it.
     *
     * @throws TraeValidationException when the archive is empty, larger than {@link LexExportFormat#MAX_BYTES} or not
     *                                 a Lex bot archive (nothing is sent)
     * @throws BotTransferException    when Lex reports the import as failed, with Lex's reasons
     */
    public ImportedBot importArchive(byte[] archive, BotImport spec) {
        Objects.requireNonNull(spec, "spec");
        if (archive == null || archive.length == 0) {
            throw new TraeValidationException("archive", "must not be empty");
        }
        if (archive.length > LexExportFormat.MAX_BYTES) {
            throw new TraeValidationException("archive", "is larger than " + LexExportFormat.MAX_BYTES + " bytes");
        }
        LexExportFormat.checkBotArchive(archive);
        MergeStrategy strategy = spec.mergeStrategy() == BotImport.MergeStrategy.OVERWRITE ? MergeStrategy.OVERWRITE
                : MergeStrategy.FAIL_ON_CONFLICT;
        try {
            LexTransfers.Imported done = transfers.importBot(archive, spec.botName(), spec.roleArn(), spec.childDirected(),
                    spec.idleSessionTtl(), strategy);
            return new ImportedBot(done.importId(), done.botId(), done.botName());
        } catch (LexTransfers.FailedException e) {
            throw failure("import of bot " + spec.botName(), e);
        }
    }

    /** Imports a definition: {@link LexExportFormat#write} with the definition's own bot settings. */
    public ImportedBot importDefinition(BotDefinition definition, BotImport.MergeStrategy mergeStrategy) {
        Objects.requireNonNull(definition, "definition").validate();
        return importArchive(LexExportFormat.write(definition), BotImport.of(definition, mergeStrategy));
    }

    private static BotTransferException failure(String what, LexTransfers.FailedException e) {
        return new BotTransferException(what + " " + e.failure().id() + " did not complete", e.failure().id(), e.failure().status(),
                e.failure().reasons());
    }

    private static void checkBotId(String botId) {
        if (botId == null || !botId.matches("[0-9a-zA-Z]{10}")) {
            throw new TraeValidationException("botId", "must be 10 letters or digits, was " + Messages.shorten(botId));
        }
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new TraeValidationException(name, "must be a positive duration, was " + d);
        }
        return d;
    }
}
