package io.smsnotifier.worker.console;

import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fieldset of the service form: the settings that the same types declare, shown (and posted) while one of
 * them is chosen ({@code services.js}). Settings of one name are one field, whichever types declare them, so
 * that each input is on the page once under its id ({@code f-endpoint} for Alibaba Cloud and Tencent Cloud).
 * Immutable.
 *
 * @param types the type names ({@code aliyun}) the group is shown for
 */
record ServiceFieldGroup(List<String> types, List<Field> fields) {

    /**
     * A setting as the form shows it.
     *
     * @param input     {@code text}, {@code password} (a secret: never shown), {@code checkbox} (a flag) or
     *                  {@code headers} (rows of name and secret value)
     * @param accountId shown masked as the placeholder, blank keeps it
     * @param keptHelp  the bundle key of what blank does on an edit, for a setting never shown in full; else null
     */
    record Field(String name, String input, boolean accountId, @Nullable String keptHelp) {

        static Field of(ServiceSetting setting) {
            String input = switch (setting.kind()) {
                case FLAG -> "checkbox";
                case HEADERS -> "headers";
                case TEXT, ENDPOINT, URL -> setting.secrecy() == ServiceSetting.Secrecy.SECRET ? "password" : "text";
            };
            String kept = !setting.keptWhenLeftOut() ? null
                    : "services.kept." + (setting.kind() == ServiceSetting.Kind.HEADERS ? "headers"
                    : switch (setting.secrecy()) {
                        case ACCOUNT_ID -> "accountId";
                        case SEALED_URL -> "url";
                        case SECRET, PLAIN -> "secret";
                    });
            return new Field(setting.name(), input, setting.secrecy() == ServiceSetting.Secrecy.ACCOUNT_ID, kept);
        }
    }

    /** The types as {@code data-types} names them for {@code services.js}. Public for the page. */
    public String dataTypes() {
        return String.join(" ", types);
    }

    /** Whether the group is the chosen type's. Public for the page. */
    public boolean shows(@Nullable String type) {
        return type != null && types.contains(type);
    }

    /** The legend's bundle keys: the name of each type the group is for. Public for the page. */
    public List<String> typeKeys() {
        return types.stream().map(type -> "services.type." + type).toList();
    }

    /** The one type of a group of its own, for its optional help ({@code services.typeHelp.<type>}), or null. */
    public @Nullable String ownType() {
        return types.size() == 1 ? types.getFirst() : null;
    }

    /**
     * The groups of every type's settings: the settings of one name in the group of the types that declare it,
     * groups in the order their first setting comes, and a group of its own for each type that has none (its
     * legend and help, for a type without settings).
     *
     * @throws IllegalStateException when types declare settings of one name differently, or a type declares more
     *                               than one HEADERS setting: the form could not show them as one field
     */
    static List<ServiceFieldGroup> of(ServiceTypes types) {
        Map<String, ServiceSetting> first = new LinkedHashMap<>();
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (SmsServicesProperties.Type type : types.types()) {
            List<ServiceSetting> settings = types.settings(type);
            if (settings.stream().filter(setting -> setting.kind() == ServiceSetting.Kind.HEADERS).count() > 1) {
                throw new IllegalStateException("type " + ServiceTypes.name(type) + " declares two HEADERS "
                        + "settings: the console's form has one set of header rows");
            }
            for (ServiceSetting setting : settings) {
                ServiceSetting known = first.putIfAbsent(setting.name(), setting);
                if (known != null && (known.kind() != setting.kind() || known.secrecy() != setting.secrecy())) {
                    throw new IllegalStateException("setting " + setting.name() + " is declared as two kinds of "
                            + "setting: the console's form shows one field per name");
                }
                owners.computeIfAbsent(setting.name(), name -> new ArrayList<>()).add(ServiceTypes.name(type));
            }
        }
        Map<List<String>, List<Field>> grouped = new LinkedHashMap<>();
        owners.forEach((name, declaring) -> grouped.computeIfAbsent(List.copyOf(declaring), key -> new ArrayList<>())
                .add(Field.of(first.get(name))));
        for (SmsServicesProperties.Type type : types.types()) {
            grouped.putIfAbsent(List.of(ServiceTypes.name(type)), List.of());
        }
        List<ServiceFieldGroup> groups = new ArrayList<>();
        grouped.forEach((declaring, fields) -> groups.add(new ServiceFieldGroup(declaring, List.copyOf(fields))));
        return List.copyOf(groups);
    }

    /** The name of every field of the groups. */
    static Set<String> settingNames(List<ServiceFieldGroup> groups) {
        Set<String> names = new LinkedHashSet<>();
        groups.forEach(group -> group.fields().forEach(field -> names.add(field.name())));
        return names;
    }
}
