package io.smsnotifier.worker.instances;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import java.time.Duration;

/** Beats at {@code notifier.instances.heartbeat}, read from its properties record rather than a placeholder. */
@Configuration(proxyBeanMethods = false)
class HeartbeatSchedule implements SchedulingConfigurer {

    private final Instances instances;
    private final InstancesProperties properties;

    HeartbeatSchedule(Instances instances, InstancesProperties properties) {
        this.instances = instances;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(instances::beat, properties.heartbeat(), Duration.ZERO));
        registrar.addFixedDelayTask(new FixedDelayTask(instances::forgetGone, Duration.ofHours(1),
                Duration.ofMinutes(1)));
    }
}
