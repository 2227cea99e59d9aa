package dev.trae.aws.bedrock.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a record component (or type) in the JSON schema generated for tools and structured output;
 * models read these descriptions.
 *
 * <pre>{@code
 * record Weather(@Description("city name, e.g. Kyiv") String city) { }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE, ElementType.PARAMETER})
public @interface Description {
    String value();
}
