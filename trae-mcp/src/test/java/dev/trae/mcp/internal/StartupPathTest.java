package dev.trae.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.mcp.McpSettings;

/**
 * What start-up skips or defers, and the checks that make skipping it safe: the tool schemas are checked
 * against the JSON Schema meta-schema here, by the SDK's real validator, instead of at every start.
 */
class StartupPathTest {
    private final McpJsonMapper json = new JacksonMcpJsonMapperSupplier().get();

    @Test
    void everyToolInputSchema_conformsToTheMetaSchema_checkedByTheSdksRealValidator() {
        LazySchemaValidator v = new LazySchemaValidator();
        List<ToolDef> tools = Tools.all();
        assertThat(tools).hasSize(8);
        for (ToolDef def : tools) {
            McpSchema.Tool tool = def.tool(json);
            v.trustBuiltIn(tool.inputSchema());
            JsonSchemaValidator.ValidationResponse r = v.validateSchemaStrictly(tool.inputSchema());
            assertThat(r.valid()).as("%s: %s", def.name(), r.errorMessage()).isTrue();
        }
    }

    @Test
    void schemaThatIsNotBuiltIn_isStillChecked_andABrokenOneRefused() {
        LazySchemaValidator v = new LazySchemaValidator();
        McpSchema.Tool own = Tools.all().get(0).tool(json);
        v.trustBuiltIn(own.inputSchema());
        // an equal copy is not the registered instance: it goes to the real validator
        Map<String, Object> broken = json.convertValue(own.inputSchema(), new TypeRef<Map<String, Object>>() { });
        broken = new LinkedHashMap<>(broken);
        broken.put("type", 42); // "type" must be a string or an array of strings
        assertThat(v.validateSchema(broken).valid()).isFalse();
        assertThat(v.validateSchema(own.inputSchema()).valid()).isTrue();
    }

    @Test
    void messageTap_reportsTheFirstToolsListOnce_andNothingBefore() {
        AtomicInteger listed = new AtomicInteger();
        MessageTap tap = new MessageTap(new Cancellations(), listed::incrementAndGet);
        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(listed).hasValue(0);
        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        tap.inbound("s", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        assertThat(listed).hasValue(1);
    }

    @Test
    void localMode_doesNotStartTraeLocalBeforeTheToolList_butFirstUseStartsIt(@TempDir Path tmp) {
        McpSettings settings = McpSettings.builder().local(true).property("audit.file", tmp.resolve("audit.log").toString()).build();
        try (Backends b = new Backends(settings)) {
            assertThat(threadNamed("trae-mcp-local-start")).as("nothing started at construction").isFalse();
            // first use waits for it: the local demo connection comes from Trae Local
            assertThat(b.connectionNames()).contains(LocalMode.CONNECTION);
        }
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name));
    }
}
