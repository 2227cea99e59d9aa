package dev.trae.spring.test;

import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Registered in {@code META-INF/spring.factories}: for a test class annotated with {@link TraeLocalTest}, starts a
 * {@link TraeLocalStack} per application context, adds its {@code trae.*} properties just below the test's inlined
 * properties, and registers the stack as a bean that closes with the context.
 */
public final class TraeLocalContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        TraeLocalTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, TraeLocalTest.class);
        return annotation == null ? null : new Customizer(annotation.s3());
    }

    /** Equal for equal settings, so Spring's context cache shares a context (and its stack) between test classes. */
    private static final class Customizer implements ContextCustomizer {
        static final String PROPERTY_SOURCE = "traeLocalTest";
        private final boolean s3;

        Customizer(boolean s3) {
            this.s3 = s3;
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            TraeLocalStack stack = TraeLocalStack.start(s3);
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource mine = new MapPropertySource(PROPERTY_SOURCE, stack.properties());
            if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
                sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, mine);
            } else {
                sources.addFirst(mine);
            }
            ConfigurableListableBeanFactory bf = context.getBeanFactory();
            bf.registerSingleton("traeLocalStack", stack);
            if (bf instanceof DefaultListableBeanFactory) {
                ((DefaultListableBeanFactory) bf).registerDisposableBean("traeLocalStack", stack::close);
            } else {
                context.addApplicationListener(e -> {
                    if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                        stack.close();
                    }
                });
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customizer && ((Customizer) o).s3 == s3;
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(s3);
        }
    }
}
