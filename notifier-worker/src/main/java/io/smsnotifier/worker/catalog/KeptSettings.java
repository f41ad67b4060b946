package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceSetting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An update's or a draft's settings with what it leaves out taken from the stored service: the settings that are
 * never shown in full (secrets, account ids, a sealed URL) are kept when left out, as the console's blank
 * password field means "keep". A stored secret is only ever sent where it was stored for: when the type or a
 * destination setting (endpoint, region, URL) changes, the secrets left out are dropped, not carried to the new
 * destination; the change must give them again.
 *
 * @param definition the settings to check and store, or to test
 * @param dropped    the stored secrets the change left out and that were not kept because the destination changed
 */
record KeptSettings(ServiceDefinition definition, List<String> dropped) {

    static KeptSettings merge(ServiceDocument document, ServiceDefinition stored, List<ServiceSetting> schema) {
        ServiceDefinition given = document.definition();
        if (given.type() != stored.type()) {
            return new KeptSettings(given, List.of());
        }
        Map<String, Object> settings = new LinkedHashMap<>(given.settings());
        for (ServiceSetting setting : schema) {
            Object now = settings.get(setting.name());
            Object before = stored.settings().get(setting.name());
            // A sealed URL sent back as the view showed it means the stored one.
            if (setting.secrecy() == ServiceSetting.Secrecy.SEALED_URL && now != null && before != null
                    && now.equals(ServiceSetting.redactedUrl(before.toString()))) {
                settings.put(setting.name(), before);
            }
        }
        boolean moved = schema.stream().filter(ServiceSetting::destination).anyMatch(setting -> {
            Object now = settings.containsKey(setting.name()) || !setting.keptWhenLeftOut()
                    ? settings.get(setting.name()) : stored.settings().get(setting.name());
            return !Objects.equals(now, stored.settings().get(setting.name()));
        });
        List<String> dropped = new ArrayList<>();
        for (ServiceSetting setting : schema) {
            Object before = stored.settings().get(setting.name());
            if (!setting.keptWhenLeftOut() || settings.containsKey(setting.name()) || before == null) {
                continue;
            }
            if (moved && setting.secrecy() == ServiceSetting.Secrecy.SECRET) {
                dropped.add(setting.name());
            } else {
                settings.put(setting.name(), before);
            }
        }
        return new KeptSettings(new ServiceDefinition(given.common(), settings), List.copyOf(dropped));
    }
}
