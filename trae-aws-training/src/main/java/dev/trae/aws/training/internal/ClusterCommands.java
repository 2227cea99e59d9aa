package dev.trae.aws.training.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.training.model.CommandResult;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * Runs shell commands on a cluster's instances through SSM Run Command ({@code AWS-RunShellScript}) and follows
 * them until every instance has finished or the timeout passed. SendCommand takes at most 50 instance ids
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html), so larger clusters get
 * one command per 50 instances and the results are merged. Not API; thread-safe.
 */
public final class ClusterCommands {
    private static final List<String> FINAL = List.of("Success", "Failed", "Cancelled", "TimedOut");

    private final ServiceClient<SsmClient> ssm;
    private final String clusterId;
    private final ClusterSettings settings;
    private final BooleanSupplier cancelled;

    public ClusterCommands(ServiceClient<SsmClient> ssm, String clusterId, ClusterSettings settings, BooleanSupplier cancelled) {
        this.ssm = ssm;
        this.clusterId = clusterId;
        this.settings = settings;
        this.cancelled = cancelled;
    }

    /**
     * Sends {@code commands} to the instances {@code ids} and collects each one's status, exit code and output, in
     * the order of {@code ids}. Instances that do not finish within {@code timeout} report {@code TimedOut}.
     */
    public Map<String, CommandResult> run(List<String> ids, List<String> commands, Duration timeout) {
        long seconds = Math.max(30, Math.min(172_800, timeout.toSeconds()));
        Map<String, String> commandOf = new LinkedHashMap<>();
        for (List<String> batch : ClusterSettings.batches(ids, ClusterSettings.SEND_COMMAND_BATCH)) {
            String commandId = ssm.call("SendCommand", c -> c.sendCommand(b -> b.documentName("AWS-RunShellScript")
                    .instanceIds(batch).parameters(Map.of("commands", List.copyOf(commands))).timeoutSeconds((int) seconds)
                    .comment("Trae UltraCluster " + clusterId))).command().commandId();
            batch.forEach(id -> commandOf.put(id, commandId));
        }
        Map<String, CommandResult> out = new LinkedHashMap<>();
        try {
            settings.poller(timeout, cancelled).await("command on " + ids.size() + " instances of " + clusterId, () -> {
                for (String id : ids) {
                    if (!out.containsKey(id)) {
                        poll(commandOf.get(id), id).ifPresent(r -> out.put(id, r));
                    }
                }
                return out.size();
            }, n -> n == ids.size() ? Poller.State.done() : Poller.State.waiting(n + " of " + ids.size() + " finished"));
        } catch (TraeTimeoutException e) {
            ids.stream().filter(id -> !out.containsKey(id)).forEach(id -> out.put(id, new CommandResult(id, "TimedOut", -1, "", "")));
        }
        Map<String, CommandResult> ordered = new LinkedHashMap<>();
        ids.forEach(id -> ordered.put(id, out.get(id)));
        return ordered;
    }

    private Optional<CommandResult> poll(String commandId, String id) {
        GetCommandInvocationResponse r;
        try {
            r = ssm.call("GetCommandInvocation", Idempotency.IDEMPOTENT, c -> c.getCommandInvocation(b -> b.commandId(commandId).instanceId(id)));
        } catch (TraeServiceException e) {
            if (e.errorCode().filter("InvocationDoesNotExist"::equals).isPresent()) {
                return Optional.empty(); // not registered yet right after SendCommand: poll again
            }
            throw e;
        }
        String st = r.statusAsString();
        if (FINAL.contains(st)) {
            return Optional.of(new CommandResult(id, st, r.responseCode() == null ? -1 : r.responseCode(),
                    nz(r.standardOutputContent()), nz(r.standardErrorContent())));
        }
        return Optional.empty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
