package dev.trae.spring.autoconfigure;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import dev.trae.spring.autoconfigure.observation.MicrometerCallObserver;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/** Records the time to a stream's first token as a Micrometer timer (only loaded when micrometer-core is present). */
final class FirstTokenTimer {
    private FirstTokenTimer() {
    }

    /** Looks the registry up at each first token, so a registry created after the observer is still found. */
    static BiConsumer<Iterable<KeyValue>, Long> of(BeanFactory beans) {
        ObjectProvider<MeterRegistry> meters = beans.getBeanProvider(MeterRegistry.class);
        return (keys, nanos) -> {
            MeterRegistry m = meters.getIfUnique();
            if (m != null) {
                Tags tags = Tags.empty();
                for (KeyValue kv : keys) {
                    if (kv.getKey().equals("aws.service") || kv.getKey().equals("aws.operation") || kv.getKey().startsWith("gen_ai.")) {
                        tags = tags.and(kv.getKey(), kv.getValue());
                    }
                }
                Timer.builder(MicrometerCallObserver.TIME_TO_FIRST_TOKEN)
                        .description("Time from the start of a generative call to its first token")
                        .tags(tags).register(m).record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
