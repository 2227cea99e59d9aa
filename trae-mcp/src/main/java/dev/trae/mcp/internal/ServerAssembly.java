package dev.trae.mcp.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Builds the MCP SDK server (tools, resources, capabilities) on a transport, and owns what the transports
 * share: the module clients, the tool runner and the cancellation tap.
 */
public final class ServerAssembly implements AutoCloseable {
    /** The server's name and version in the MCP handshake. */
    public static final String NAME = "trae-mcp";
    public static final String VERSION = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Backends backends;
    // the Jackson mapper directly: McpJsonDefaults would also load the schema library, which start-up does not need
    private final McpJsonMapper json = new io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier().get();
    private final Cancellations cancellations = new Cancellations();
    private final MessageTap tap;
    private final LazySchemaValidator validator = new LazySchemaValidator();
    private final ToolRunner runner;

    public ServerAssembly(dev.trae.mcp.McpSettings settings) {
        this.backends = new Backends(settings);
        this.tap = new MessageTap(cancellations, this::toolsListed);
        this.runner = new ToolRunner(backends, json, validator, cancellations);
    }

    public MessageTap tap() {
        return tap;
    }

    public McpJsonMapper json() {
        return json;
    }

    /** Names of the tools, in the order they are listed. */
    public static List<String> toolNames() {
        return Tools.all().stream().map(ToolDef::name).toList();
    }

    /** Configures a server specification of either transport and builds it. */
    public McpSyncServer build(McpServer.SyncSpecification<?> spec) {
        return spec.serverInfo(NAME, VERSION).jsonMapper(json).jsonSchemaValidator(validator)
                .instructions("Trae AWS SDK tools: code and UI generation on Bedrock, UI screenshots and documents on Rekognition "
                        + "and Textract, OCR with Tesseract, table export to S3, the model catalog and the cost ledger. Files are read "
                        + "only under the allowed roots.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).logging().build())
                .validateToolInputs(false) // ToolRunner validates against the same schema and answers with an MCP error
                .tools(toolSpecs())
                .resources(resources())
                .rootsChangeHandler((exchange, roots) -> runner.rootsChanged(String.valueOf(exchange.sessionId())))
                .immediateExecution(false)
                .build();
    }

    /** The tool specifications; their input schemas are the server's own, checked against the meta-schema by the build's tests. */
    private List<McpServerFeatures.SyncToolSpecification> toolSpecs() {
        List<McpServerFeatures.SyncToolSpecification> specs = Tools.all().stream().map(runner::spec).toList();
        specs.forEach(s -> validator.trustBuiltIn(s.tool().inputSchema()));
        return specs;
    }

    /** Starts what the tools will need (Trae Local in {@code --local}) once the client has asked for the tool list. */
    void toolsListed() {
        backends.warmUp();
    }

    private List<McpServerFeatures.SyncResourceSpecification> resources() {
        return List.of(
                resource("trae://bedrock/catalog", "catalog", "Bedrock model catalog",
                        "Foundation models with lifecycle and modalities, and inference profiles of the server's region",
                        () -> Tools.catalog(backends.catalog(), new Args(Map.of()))),
                resource("trae://bedrock/cost-ledger", "cost-ledger", "Cost ledger",
                        "Token usage and cost of this server's Bedrock calls by application and model, with the budget",
                        () -> Tools.costs(backends.bedrock().ledger(), backends.app)));
    }

    private McpServerFeatures.SyncResourceSpecification resource(String uri, String name, String title, String description,
                                                                  java.util.function.Supplier<Object> content) {
        McpSchema.Resource r = McpSchema.Resource.builder().uri(uri).name(name).title(title).description(description)
                .mimeType("application/json").build();
        return new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) -> {
            try {
                return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json",
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content.get()))));
            } catch (IOException e) {
                throw Errors.of(Errors.INTERNAL, "cannot render " + uri + ": " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        backends.close();
    }
}
