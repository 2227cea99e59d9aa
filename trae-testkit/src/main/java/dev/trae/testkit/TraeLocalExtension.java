package dev.trae.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link TraeLocal} stack per test class, handed to tests as a parameter
 * (constructor, lifecycle or test method). Captured requests and faults are reset before each test;
 * the stack closes after the class.
 *
 * <pre>{@code
 * @ExtendWith(TraeLocalExtension.class)
 * class VisionClientTest {
 *     @Test
 *     void detectLabels_whenThrottled_retries(TraeLocal local) { ... }
 * }
 * }</pre>
 */
public final class TraeLocalExtension implements ParameterResolver, BeforeEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TraeLocalExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TraeLocal.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return stack(extensionContext);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Holder h = classStore(context).get(Holder.class, Holder.class);
        if (h != null) {
            h.local.resetAll();
        }
    }

    private static TraeLocal stack(ExtensionContext context) {
        return classStore(context).getOrComputeIfAbsent(Holder.class, k -> new Holder(TraeLocal.start()), Holder.class).local;
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c.getStore(NS);
    }

    /** Closes the stack when the class's store is closed. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final TraeLocal local;

        Holder(TraeLocal local) {
            this.local = local;
        }

        @Override
        public void close() {
            local.close();
        }
    }
}
