package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.IamReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege without wildcards: the generator refuses to widen, and every policy generated from the modules'
 * declarations (each module alone and all together) passes the lint against the checked-in Service Authorization table.
 */
class IamLeastPrivilegeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static URLClassLoader allModules;
    private static Set<String> moduleNames = new TreeSet<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void loadEveryModule() throws Exception {
        List<URL> roots = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Path res = d.resolve("src/main/resources");
                if (Files.isRegularFile(res.resolve(IamPolicyGenerator.RESOURCE))) {
                    roots.add(res.toUri().toURL());
                    moduleNames.add(d.getFileName().toString());
                }
            }
        }
        allModules = new URLClassLoader(roots.toArray(URL[]::new), null);
    }

    private static List<JsonNode> statements(IamPolicyGenerator.Policy p) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(p.json()).path("Statement").forEach(out::add);
        return out;
    }

    private static List<String> resources(JsonNode s) {
        List<String> r = new ArrayList<>();
        if (s.path("Resource").isArray()) {
            s.path("Resource").forEach(n -> r.add(n.asText()));
        } else {
            r.add(s.path("Resource").asText());
        }
        return r;
    }

    /** The review's probe: it produced kms:Decrypt, secretsmanager:GetSecretValue and s3:DeleteObject on "*". */
    @Test
    void generate_whenPlaceholdersUnbound_refusesAndListsWhatToBind() {
        assertThatThrownBy(() -> IamPolicyGenerator.discover().forModules("trae-security").generate())
                .isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("kmsKeyArn (used by trae-security/kms)")
                .hasMessageContaining("secretPrefix").hasMessageContaining("account").hasMessageContaining("region")
                .hasMessageContaining("nothing is widened");
    }

    @Test
    void generate_everyModuleAloneAndAllTogether_passesTheServiceAuthorizationLint() throws Exception {
        IamReference ref = IamReference.load();
        List<IamPolicyGenerator> generators = new ArrayList<>();
        for (String m : moduleNames) {
            generators.add(IamBindings.bindAll(IamPolicyGenerator.discover(allModules).forModules(m)));
        }
        generators.add(IamBindings.bindAll(IamPolicyGenerator.discover(allModules)));
        int checked = 0;
        for (IamPolicyGenerator gen : generators) {
            IamPolicyGenerator.Policy p = gen.generate(); // generate() lints and throws on any problem
            for (JsonNode s : statements(p)) {
                Set<String> actions = new TreeSet<>();
                s.path("Action").forEach(a -> actions.add(a.asText()));
                Set<String> keys = new TreeSet<>();
                s.path("Condition").fields().forEachRemaining(op -> op.getValue().fieldNames().forEachRemaining(keys::add));
                assertThat(ref.lint(s.path("Sid").asText(), actions, resources(s), keys)).as(s.toString()).isEmpty();
                for (String a : actions) {
                    assertThat(ref.action(a)).as(a + " in the table").isPresent();
                    if (ref.action(a).get().resourceLevel()) {
                        assertThat(resources(s)).as(a + " supports resource-level permissions").doesNotContain("*");
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void training_ec2DeletesCarryTheClusterTagAndPassRoleAndSendCommandAreNamed() throws Exception {
        IamPolicyGenerator.Policy p = IamBindings.bindAll(IamPolicyGenerator.discover(allModules).forModules("trae-aws-training"))
                .generate();
        List<JsonNode> st = statements(p);
        for (String destructive : List.of("ec2:TerminateInstances", "ec2:DeletePlacementGroup", "ec2:DeleteSecurityGroup",
                "ec2:CancelCapacityReservation")) {
            JsonNode s = st.stream().filter(x -> x.path("Action").toString().contains(destructive)).findFirst().orElseThrow();
            assertThat(s.path("Condition").path("StringLike").path("aws:ResourceTag/trae:cluster").asText()).isEqualTo("trae-*");
            assertThat(resources(s)).doesNotContain("*");
        }
        List<JsonNode> passRoles = st.stream().filter(x -> x.path("Action").toString().contains("iam:PassRole")).toList();
        assertThat(passRoles).hasSize(2).allSatisfy(s -> {
            assertThat(resources(s)).singleElement().asString().startsWith("arn:aws:iam::111122223333:role/");
            assertThat(s.path("Condition").path("StringEquals").path("iam:PassedToService").asText()).endsWith(".amazonaws.com");
        });
        List<String> sendCommand = new ArrayList<>();
        st.stream().filter(x -> x.path("Action").toString().contains("ssm:SendCommand")).forEach(s -> sendCommand.addAll(resources(s)));
        assertThat(sendCommand).containsExactlyInAnyOrder("arn:aws:ssm:eu-west-1::document/AWS-RunShellScript",
                "arn:aws:ec2:eu-west-1:111122223333:instance/*");
        // the only statements left on "*" hold actions without resource-level permissions
        IamReference ref = IamReference.load();
        st.stream().filter(s -> resources(s).contains("*"))
                .forEach(s -> s.path("Action").forEach(a -> assertThat(ref.action(a.asText()).orElseThrow().resourceLevel()).isFalse()));
    }

    private IamPolicyGenerator declared(String body) throws Exception {
        Path f = dir.resolve("META-INF/trae/iam-actions.properties");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "module=trae-probe\n" + body);
        return IamPolicyGenerator.discover(new URLClassLoader(new URL[] {dir.toUri().toURL()}, null));
    }

    @Test
    void lint_whenDeclarationWidensOrMistypes_refuses() throws Exception {
        assertThatThrownBy(() -> declared("statement.a.actions=kms:Decrypt\nstatement.a.resource=*\n").generate())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("must never get \"*\"");
        assertThatThrownBy(() -> declared("statement.a.actions=s3:GetObject\nstatement.a.resource=arn:aws:s3:::bucket\n").generate())
                .hasMessageContaining("resource types [object]");
        assertThatThrownBy(() -> declared("statement.a.actions=ec2:DescribeInstances\nstatement.a.resource=arn:aws:ec2:eu-west-1:1:instance/*\n")
                .generate()).hasMessageContaining("must be \"*\"");
        assertThatThrownBy(() -> declared("statement.a.actions=kms:Decrypt\nstatement.a.resource=arn:aws:kms:eu-west-1:111122223333:key/k\n"
                + "statement.a.condition=StringEquals|iam:PassedToService|ec2.amazonaws.com\n").generate())
                .hasMessageContaining("condition key iam:PassedToService is not supported by kms:Decrypt");
        assertThatThrownBy(() -> declared("statement.a.actions=kms:ReEncryptFrom\nstatement.a.resource=arn:aws:kms:eu-west-1:1:key/k\n").generate())
                .hasMessageContaining("not in the Service Authorization table");
        assertThatThrownBy(() -> declared("statement.a.actions=ec2:Delete*\nstatement.a.resource=*\n"))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("no wildcards");
        assertThatThrownBy(() -> declared("statement.a.actions=kms:Decrypt\n").generate()).hasMessageContaining("must never get \"*\"");
        assertThatThrownBy(() -> IamPolicyGenerator.discover().bind("kmsKeyArn", "*")).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void optionalStatement_whenUnbound_isLeftOutAndReported() throws Exception {
        IamPolicyGenerator.Policy p = declared("statement.a.actions=s3:GetObject\nstatement.a.resource=arn:${partition}:s3:::${b}/*\n"
                + "statement.a.optional=true\nstatement.c.actions=cloudtrail:LookupEvents\nstatement.c.resource=*\n").generate();
        assertThat(p.omitted()).containsExactly("trae-probe/a [b]");
        assertThat(p.actions()).containsExactly("cloudtrail:LookupEvents");
    }

    @Test
    void table_coversEveryActionEveryModuleDeclares() throws Exception {
        IamReference ref = IamReference.load();
        for (String m : moduleNames) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of("..", m, "src/main/resources", IamPolicyGenerator.RESOURCE))) {
                p.load(in);
            }
            IamPolicyGenerator.parse(m, p).forEach(d -> d.actions().forEach(a -> assertThat(ref.action(a)).as(m + ": " + a).isPresent()));
        }
    }
}
