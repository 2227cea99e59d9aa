package dev.trae.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A Spring Boot test whose Trae beans talk to Trae Local instead of AWS: before the context starts, a
 * {@link TraeLocalStack} (a fake per AWS service the modules call, and the embedded S3 unless {@link #s3()} is
 * false) starts, and every {@code trae.*} endpoint, the mode, the credentials and the timeouts point at it. The
 * stack is a bean ({@code TraeLocalStack}) so that a test can program fakes or inject faults; it closes with the
 * context. The test's own {@link #properties()} win over the slice's.
 *
 * <pre>{@code
 * @TraeLocalTest(properties = "trae.region=eu-central-1")
 * class AssistantTest {
 *     @Autowired TraeBedrockClient bedrock;
 *     @Autowired TraeLocalStack local;
 *
 *     @Test
 *     void answer_whenAsked_comesFromBedrock() {
 *         assertThat(bedrock.converse(r -> r.modelId("amazon.nova-lite-v1:0").user("hi")).text()).isNotBlank();
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
public @interface TraeLocalTest {

    /** Properties in {@code key=value} form, as {@link SpringBootTest#properties()}; they win over the slice's. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** The component classes of the application context, as {@link SpringBootTest#classes()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {};

    /** The web environment, as {@link SpringBootTest#webEnvironment()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;

    /** Whether the embedded S3 starts too (about a second). */
    boolean s3() default true;
}
