package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/** Every module of the repository that ships a declaration: it parses, and the generated policy covers exactly its actions. */
class AllModulesIamTest {

    @Test
    void generate_whenEveryModuleDeclarationOnClassPath_coversAllDeclaredActions() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<URL> roots = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(repo)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path res = dir.resolve("src/main/resources");
                Path decl = res.resolve(IamPolicyGenerator.RESOURCE);
                if (Files.isRegularFile(decl)) {
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(decl)) {
                        p.load(in);
                    }
                    List<IamPolicyGenerator.Declaration> d = IamPolicyGenerator.parse(decl.toString(), p);
                    assertThat(d).as(decl.toString()).isNotEmpty();
                    assertThat(d.get(0).module()).as("module name matches its folder").isEqualTo(dir.getFileName().toString());
                    d.forEach(x -> declared.addAll(x.actions()));
                    modules.add(d.get(0).module());
                    roots.add(res.toUri().toURL());
                }
            }
        }
        assertThat(modules).contains("trae-security");
        try (URLClassLoader cl = new URLClassLoader(roots.toArray(URL[]::new), null)) {
            IamPolicyGenerator gen = IamPolicyGenerator.discover(cl);
            assertThat(gen.modules()).isEqualTo(modules);
            IamPolicyGenerator.Policy policy = IamBindings.bindAll(gen).generate();
            JsonNode doc = new ObjectMapper().readTree(policy.json());
            Set<String> inPolicy = new TreeSet<>();
            doc.path("Statement").forEach(s -> s.path("Action").forEach(a -> inPolicy.add(a.asText())));
            assertThat(inPolicy).isEqualTo(declared);
            doc.path("Statement").forEach(s -> assertThat(s.path("Sid").asText()).matches("[A-Za-z0-9]{1,100}"));
            List<String> sids = new java.util.ArrayList<>();
            doc.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
            assertThat(sids).doesNotHaveDuplicates();
        }
    }

    @Test
    void generate_whenLongSidsShareTheirFirst100Characters_keepsThemUnique(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String common = "a".repeat(120);
        Path f = dir.resolve("META-INF/trae/iam-actions.properties");
        Files.createDirectories(f.getParent());
        // two statements whose ids differ only after 120 characters, on different resources: their Sids
        // agree in the first 100 characters, so plain truncation would give IAM two equal Sids
        Files.writeString(f, "module=trae-long\n"
                + "statement." + common + "x.actions=s3:GetObject\n"
                + "statement." + common + "x.resource=arn:aws:s3:::bucket-x/*\n"
                + "statement." + common + "y.actions=s3:PutObject\n"
                + "statement." + common + "y.resource=arn:aws:s3:::bucket-y/*\n");
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            JsonNode doc = new ObjectMapper().readTree(IamPolicyGenerator.discover(cl).generate().json());
            List<String> sids = new java.util.ArrayList<>();
            doc.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
            assertThat(sids).hasSize(2).doesNotHaveDuplicates();
            sids.forEach(s -> assertThat(s).matches("[A-Za-z0-9]{1,100}"));
        }
    }
}
