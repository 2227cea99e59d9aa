package dev.trae.consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, enforced on the main classes of every library module (the jars users get),
 * and proven able to fail on a deliberately broken fixture ({@code dev.trae.archfixture}).
 *
 * <ul>
 *   <li>No public type of a root or {@code .model} package exposes AWS SDK or resilience4j types in a public
 *       signature, except the named escape hatches below.</li>
 *   <li>No {@code .model} type depends on {@code .internal}.</li>
 *   <li>No test-only helper (a {@code .testing} package) ships in a main jar.</li>
 * </ul>
 */
class ArchitectureTest {
    /**
     * Public signatures that may expose AWS SDK or resilience4j types, each on purpose. Format
     * {@code SimpleClassName.member}. Everything else in a root or {@code .model} package must not.
     */
    static final Set<String> ESCAPE_HATCHES = Set.of(
            // the AWS Region type is the region vocabulary users already have (TraeConfig.builder().region(Region.EU_CENTRAL_1))
            "TraeConfig.region", "TraeConfig$Builder.region",
            // interop: a user's own AWS credentials provider can back TraeCredentials, and the resolved one is handed to their own SDK clients
            "TraeCredentials.provider", "TraeCredentials.of", "TraeCredentials.from",
            // the dry-run view of a simulation: exactly the AWS Batch requests Trae would send, for review before submitting
            "BatchSubmission.<init>", "BatchSubmission.jobDefinition", "BatchSubmission.submitJob",
            // S3's own Object Lock vocabulary (GOVERNANCE / COMPLIANCE) for the audit anchor's retention
            "S3Anchor.withObjectLock");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // the library modules' main classes (jars or target/classes of the reactor), not this module's own classes
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/consumer-tests/"))
                .importPackages("dev.trae");
        assertThat(main.stream().map(JavaClass::getPackageName)).as("imported main classes")
                .contains("dev.trae.aws.core", "dev.trae.aws.bedrock", "dev.trae.ocr", "dev.trae.oracle");
    }

    static ArchRule publicApiDoesNotExposeAwsOrResilienceTypes(String basePackage, Set<String> escapeHatches) {
        return classes().that(apiTypes(basePackage))
                .should(new ArchCondition<JavaClass>("not expose software.amazon.awssdk or io.github.resilience4j types in public signatures") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        List<String> found = new ArrayList<>();
                        for (JavaCodeUnit m : c.getCodeUnits()) {
                            if (!m.getModifiers().contains(JavaModifier.PUBLIC) || escapeHatches.contains(c.getSimpleName() + "." + m.getName())
                                    || escapeHatches.contains(c.getName().substring(c.getPackageName().length() + 1) + "." + m.getName())) {
                                continue;
                            }
                            for (JavaClass t : m.getAllInvolvedRawTypes()) {
                                if (foreign(t)) {
                                    found.add(m.getFullName() + " uses " + t.getName());
                                }
                            }
                        }
                        for (JavaField f : c.getFields()) {
                            if (f.getModifiers().contains(JavaModifier.PUBLIC) && !escapeHatches.contains(c.getSimpleName() + "." + f.getName())
                                    && f.getAllInvolvedRawTypes().stream().anyMatch(ArchitectureTest::foreign)) {
                                found.add(f.getFullName() + " has type " + f.getRawType().getName());
                            }
                        }
                        found.forEach(v -> events.add(SimpleConditionEvent.violated(c, v)));
                    }
                });
    }

    static ArchRule modelDoesNotDependOnInternal(String basePackage, Set<String> knownViolators) {
        DescribedPredicate<JavaClass> notKnown = new DescribedPredicate<>("are not listed as known violators " + knownViolators) {
            @Override
            public boolean test(JavaClass c) {
                return !knownViolators.contains(c.getName().split("\\$")[0]);
            }
        };
        return noClasses().that().resideInAPackage(basePackage + "..model..").and(notKnown)
                .should().dependOnClassesThat().resideInAPackage(basePackage + "..internal..").allowEmptyShould(true);
    }

    static ArchRule noTestOnlyHelpersInMainCode(String basePackage) {
        return noClasses().should().resideInAPackage(basePackage + "..testing..")
                .as("test-only helpers (a .testing package) are not shipped in main jars");
    }

    private static boolean foreign(JavaClass t) {
        String n = t.getName();
        return n.startsWith("software.amazon.awssdk.") || n.startsWith("io.github.resilience4j.");
    }

    private static DescribedPredicate<JavaClass> apiTypes(String basePackage) {
        return new DescribedPredicate<>("public types of root or .model packages under " + basePackage) {
            @Override
            public boolean test(JavaClass c) {
                String p = c.getPackageName();
                boolean api = !p.contains(".internal") && !p.contains(".spi") && !p.contains(".testkit") && !p.endsWith(".cli")
                        && !p.contains(".archfixture.internal") && p.startsWith(basePackage);
                return api && c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isAnonymousClass();
            }
        };
    }

    @Test
    void publicApi_exposesNoAwsSdkOrResilienceTypesBeyondTheEscapeHatches() {
        publicApiDoesNotExposeAwsOrResilienceTypes("dev.trae", ESCAPE_HATCHES).check(main);
    }

    @Test
    void modelTypes_doNotCallIntoInternal() {
        // no known exceptions: lex BotDefinition and robotics Application keep their rules in their own model package
        modelDoesNotDependOnInternal("dev.trae", Set.of()).check(main);
    }

    @Test
    void mainJars_shipNoTestOnlyHelpers() {
        noTestOnlyHelpersInMainCode("dev.trae").check(main);
    }

    @Test
    void rules_failOnADeliberatelyBrokenExample() {
        JavaClasses broken = new ClassFileImporter().importPackages("dev.trae.archfixture");
        EvaluationResult exposure = publicApiDoesNotExposeAwsOrResilienceTypes("dev.trae.archfixture", Set.of()).evaluate(broken);
        assertThat(exposure.hasViolation()).isTrue();
        assertThat(exposure.getFailureReport().getDetails()).anyMatch(d -> d.contains("software.amazon.awssdk.regions.Region"))
                .anyMatch(d -> d.contains("io.github.resilience4j.circuitbreaker.CircuitBreaker"));
        EvaluationResult model = modelDoesNotDependOnInternal("dev.trae.archfixture", Set.of()).evaluate(broken);
        assertThat(model.hasViolation()).isTrue();
        assertThat(model.getFailureReport().getDetails()).anyMatch(d -> d.contains("BadModel") && d.contains("Helper"));
        assertThat(noTestOnlyHelpersInMainCode("dev.trae.archfixture").evaluate(broken).hasViolation()).isTrue();
        // a known-violator entry silences exactly its class
        assertThat(modelDoesNotDependOnInternal("dev.trae.archfixture", Set.of("dev.trae.archfixture.model.BadModel"))
                .evaluate(broken).hasViolation()).isFalse();
        // and an escape hatch silences exactly the member it names
        EvaluationResult hatched = publicApiDoesNotExposeAwsOrResilienceTypes("dev.trae.archfixture",
                Set.of("BadClient.region", "BadClient.breaker")).evaluate(broken);
        assertThat(hatched.hasViolation()).isFalse();
    }
}
