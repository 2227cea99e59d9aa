package dev.trae.testkit.aws.ssm;

import dev.trae.testkit.aws.ec2.Ec2Fake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;
import dev.trae.testkit.wire.SdkModelCheck;

/**
 * Trae Local fake of SSM (AWS JSON 1.1, target prefix {@code AmazonSSM}): {@code GetParameter} for the
 * public Deep Learning AMI parameters, and Run Command ({@code SendCommand}, {@code GetCommandInvocation},
 * {@code ListCommandInvocations}) with per-instance output. As in AWS, an invocation is not visible to
 * {@code GetCommandInvocation} on the first poll right after {@code SendCommand}
 * ({@code InvocationDoesNotExist}), then goes {@code InProgress}, then {@code Success} or {@code Failed}.
 * {@code SendCommand} refuses more than {@value #MAX_INSTANCE_IDS} instance ids with {@code ValidationException}
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html). Thread-safe.
 */
public final class SsmFake implements FakeService {
    /** The public parameter of the Neuron (Trainium) multi-framework Deep Learning AMI. */
    public static final String NEURON_DLAMI_PARAMETER = "/aws/service/neuron/dlami/multi-framework/ubuntu-22.04/latest/image_id";
    /** The public parameter of the GPU base Deep Learning AMI. */
    public static final String GPU_DLAMI_PARAMETER = "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id";

    /** What a command printed on one instance. */
    public record Outcome(String stdout, String stderr, int exitCode) {
    }

    private static final class Invocation {
        final String commandId;
        final String instanceId;
        final List<String> commands;
        final Outcome outcome;
        final Instant requested = Instant.now();
        volatile int polls;

        Invocation(String commandId, String instanceId, List<String> commands, Outcome outcome) {
            this.commandId = commandId;
            this.instanceId = instanceId;
            this.commands = commands;
            this.outcome = outcome;
        }

        String status() {
            if (polls <= 1) {
                return "InProgress";
            }
            return outcome.exitCode() == 0 ? "Success" : "Failed";
        }
    }

    /** SendCommand takes at most 50 instance ids per call. */
    public static final int MAX_INSTANCE_IDS = 50;

    // Requests are checked against the SSM SDK model (enums, types) plus the API reference's required members and limits.
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
    private static final java.util.Optional<SdkModelCheck> SEND_COMMAND = model("SendCommandRequest")
            .map(c -> c.required("DocumentName").length("InstanceIds", 0, MAX_INSTANCE_IDS).length("Comment", 0, 100));
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
    private static final java.util.Optional<SdkModelCheck> GET_PARAMETER = model("GetParameterRequest").map(c -> c.required("Name"));
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetCommandInvocation.html
    private static final java.util.Optional<SdkModelCheck> GET_INVOCATION = model("GetCommandInvocationRequest")
            .map(c -> c.required("CommandId", "InstanceId").length("CommandId", 36, 36));

    private static java.util.Optional<SdkModelCheck> model(String simpleName) {
        try {
            return java.util.Optional.of(SdkModelCheck.of(Class.forName("software.amazon.awssdk.services.ssm.model." + simpleName)
                    .asSubclass(software.amazon.awssdk.core.SdkPojo.class)));
        } catch (ClassNotFoundException | LinkageError e) {
            return java.util.Optional.empty(); // the SSM SDK is not on this class path: no client can call the fake
        }
    }

    private static dev.trae.testkit.wire.Handler checked(java.util.Optional<SdkModelCheck> check, dev.trae.testkit.wire.Handler h) {
        return req -> {
            java.util.Optional<FakeResponse> bad = check.flatMap(c -> c.checkJson(req.json()));
            return bad.isPresent() ? bad.get() : h.handle(req);
        };
    }

    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Map<String, List<Invocation>> commands = new ConcurrentHashMap<>();
    private final Ec2Fake ec2;
    private volatile BiFunction<String, List<String>, Outcome> runner = SsmFake::defaultRun;

    /** A fake that accepts commands for any instance id. */
    public SsmFake() {
        this(null);
    }

    /** A fake that accepts commands only for instances that are running in {@code ec2}. */
    public SsmFake(Ec2Fake ec2) {
        this.ec2 = ec2;
        parameters.put(NEURON_DLAMI_PARAMETER, "ami-0a1b2c3d4e5f60718");
        parameters.put(GPU_DLAMI_PARAMETER, "ami-0f9e8d7c6b5a40312");
    }

    @Override
    public void install(FakeAwsServer server) {
        server.json("GetParameter", checked(GET_PARAMETER, this::getParameter));
        server.json("SendCommand", checked(SEND_COMMAND, this::sendCommand));
        server.json("GetCommandInvocation", checked(GET_INVOCATION, this::getInvocation));
        server.json("ListCommandInvocations", this::listInvocations);
        server.validate("ListCommandInvocations", LIST_INVOCATIONS);
    }

    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListCommandInvocations.html
    private static final dev.trae.testkit.wire.RequestCheck LIST_INVOCATIONS = SdkModelCheck.ifPresent(
            "software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest", c -> c.length("CommandId", 36, 36)
                    .pattern("InstanceId", "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)").range("MaxResults", 1, 50).length("Filters", 1, 5));

    /** Sets a parameter value. */
    public SsmFake parameter(String name, String value) {
        parameters.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return this;
    }

    /** Decides what each instance prints for a command: {@code (instanceId, commands) -> outcome}. */
    public SsmFake runner(BiFunction<String, List<String>, Outcome> fn) {
        this.runner = Objects.requireNonNull(fn);
        return this;
    }

    /** The commands sent so far, by command id. */
    public Map<String, List<String>> sentCommands() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        commands.forEach((id, inv) -> out.put(id, inv.isEmpty() ? List.of() : inv.get(0).commands));
        return out;
    }

    /** Echoes {@code echo} arguments, answers {@code hostname}, and reports every other line as run. */
    static Outcome defaultRun(String instanceId, List<String> cmds) {
        StringBuilder out = new StringBuilder();
        int exit = 0;
        for (String c : cmds) {
            String t = c.trim();
            if (t.startsWith("echo ")) {
                out.append(t.substring(5).replace("\"", "").replace("'", "")).append('\n');
            } else if (t.equals("hostname")) {
                out.append("ip-").append(instanceId.substring(2, Math.min(instanceId.length(), 10))).append('\n');
            } else if (t.equals("exit 1") || t.equals("false")) {
                exit = 1;
                break;
            } else {
                out.append("ran: ").append(t).append('\n');
            }
        }
        return new Outcome(out.toString(), exit == 0 ? "" : "command failed", exit);
    }

    private FakeResponse getParameter(FakeRequest req) {
        String name = req.json().path("Name").asText("");
        String v = parameters.get(name);
        if (v == null) {
            return FakeResponse.error(400, "ParameterNotFound", "Parameter " + name + " not found.");
        }
        ObjectNode p = Json.object().put("Name", name).put("Type", "String").put("Value", v).put("Version", 1)
                .put("DataType", name.contains("ami") || name.contains("image") ? "aws:ec2:image" : "text")
                .put("ARN", "arn:aws:ssm:us-east-1::parameter" + name)
                .put("LastModifiedDate", Instant.now().getEpochSecond());
        return FakeResponse.json(Json.object().set("Parameter", p));
    }

    private FakeResponse sendCommand(FakeRequest req) {
        JsonNode j = req.json();
        String doc = j.path("DocumentName").asText("");
        if (!doc.equals("AWS-RunShellScript")) {
            return FakeResponse.error(400, "InvalidDocument", "Document " + doc + " is not supported by the Trae Local SSM fake");
        }
        List<String> ids = new ArrayList<>();
        j.path("InstanceIds").forEach(n -> ids.add(n.asText()));
        if (ids.isEmpty()) {
            return FakeResponse.error(400, "ValidationException", "InstanceIds or Targets must be given");
        }
        if (ids.size() > MAX_INSTANCE_IDS) {
            // "you can specify up to 50 IDs" (InstanceIds: array members 0-50)
            // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
            return FakeResponse.error(400, "ValidationException", "1 validation error detected: Value at 'instanceIds' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_INSTANCE_IDS + " (was " + ids.size() + ")");
        }
        for (String id : ids) {
            boolean known = ec2 == null ? id.startsWith("i-")
                    : ec2.instances().stream().anyMatch(i -> i.id().equals(id) && i.state().equals("running"));
            if (!known) {
                return FakeResponse.error(400, "InvalidInstanceId", "Instances [[" + id + "]] not in a valid state for account "
                        + Ec2Fake.ACCOUNT);
            }
        }
        List<String> cmds = new ArrayList<>();
        j.path("Parameters").path("commands").forEach(n -> cmds.add(n.asText()));
        String commandId = UUID.randomUUID().toString();
        List<Invocation> list = new ArrayList<>();
        for (String id : ids) {
            list.add(new Invocation(commandId, id, List.copyOf(cmds), runner.apply(id, List.copyOf(cmds))));
        }
        commands.put(commandId, list);
        ObjectNode c = Json.object().put("CommandId", commandId).put("DocumentName", doc).put("Status", "Pending")
                .put("Comment", j.path("Comment").asText("")).put("RequestedDateTime", Instant.now().getEpochSecond())
                .put("TargetCount", ids.size()).put("CompletedCount", 0).put("ErrorCount", 0);
        ArrayNode idArr = c.putArray("InstanceIds");
        ids.forEach(idArr::add);
        c.putObject("Parameters").set("commands", j.path("Parameters").path("commands"));
        return FakeResponse.json(Json.object().set("Command", c));
    }

    private Invocation find(String commandId, String instanceId) {
        List<Invocation> list = commands.get(commandId);
        if (list == null) {
            return null;
        }
        return list.stream().filter(i -> i.instanceId.equals(instanceId)).findFirst().orElse(null);
    }

    private FakeResponse getInvocation(FakeRequest req) {
        String commandId = req.json().path("CommandId").asText("");
        String instanceId = req.json().path("InstanceId").asText("");
        Invocation inv = find(commandId, instanceId);
        if (inv == null) {
            return FakeResponse.error(400, "InvalidCommandId", "Command " + commandId + " not found for " + instanceId);
        }
        if (inv.polls++ == 0) {
            return FakeResponse.error(400, "InvocationDoesNotExist", "The invocation for " + instanceId + " does not exist yet");
        }
        String st = inv.status();
        boolean done = !st.equals("InProgress");
        ObjectNode o = Json.object().put("CommandId", commandId).put("InstanceId", instanceId).put("DocumentName", "AWS-RunShellScript")
                .put("PluginName", "aws:runShellScript").put("ResponseCode", done ? inv.outcome.exitCode() : -1)
                .put("ExecutionStartDateTime", inv.requested.toString()).put("Status", st).put("StatusDetails", st)
                .put("StandardOutputContent", done ? inv.outcome.stdout() : "").put("StandardErrorContent", done ? inv.outcome.stderr() : "")
                .put("StandardOutputUrl", "").put("StandardErrorUrl", "");
        if (done) {
            o.put("ExecutionEndDateTime", Instant.now().toString()).put("ExecutionElapsedTime", "PT0.1S");
        }
        return FakeResponse.json(o);
    }

    private FakeResponse listInvocations(FakeRequest req) {
        String commandId = req.json().path("CommandId").asText("");
        String instanceId = req.json().path("InstanceId").asText("");
        boolean details = req.json().path("Details").asBoolean(false);
        List<Invocation> list = commands.getOrDefault(commandId, List.of());
        ArrayNode arr = Json.array();
        for (Invocation inv : list) {
            if (!instanceId.isEmpty() && !inv.instanceId.equals(instanceId)) {
                continue;
            }
            inv.polls = Math.max(inv.polls, 1) + 1;
            String st = inv.status();
            ObjectNode o = arr.addObject().put("CommandId", commandId).put("InstanceId", inv.instanceId)
                    .put("DocumentName", "AWS-RunShellScript").put("Status", st).put("StatusDetails", st)
                    .put("RequestedDateTime", inv.requested.getEpochSecond());
            if (details) {
                String out = inv.outcome.stdout();
                o.putArray("CommandPlugins").addObject().put("Name", "aws:runShellScript").put("Status", st)
                        .put("ResponseCode", inv.outcome.exitCode())
                        .put("Output", out.length() > 2500 ? out.substring(0, 2500) : out);
            }
        }
        return FakeResponse.json(Json.object().set("CommandInvocations", arr));
    }
}
