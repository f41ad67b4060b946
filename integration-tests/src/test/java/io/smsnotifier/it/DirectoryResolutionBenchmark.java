package io.smsnotifier.it;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.worker.NotifierApplication;
import io.smsnotifier.worker.recipients.Directory;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recipient resolution on a directory of 100,000 members in 1,000 departments (docs/PERFORMANCE.md): how long
 * {@link RecipientResolver#resolve} takes for a 50,000-member department subtree and a 10,000-member role, and how
 * much of that is the SQL query. Prints figures; asserts only the recipient counts, never timings. Tagged
 * {@code benchmark}, so the normal build skips it; the command to run it is in docs/PERFORMANCE.md.
 *
 * <p>The tree: {@code dept-0000} is the root (100 members); {@code dept-0001} heads subtree A of 500 departments
 * (branching 4, six levels, 100 members each = exactly 50,000 members); {@code dept-0501} heads subtree B of the
 * other 499 departments (49,900 members). Every tenth member holds {@code bench-role} (10,000 members, spread
 * over both subtrees). Every member is active with a unique valid CN mobile number {@code +86139nnnnnnnn}.
 */
@Tag("benchmark")
@SpringBootTest(classes = NotifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "notifier.recipients.max-per-event=200000")
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class DirectoryResolutionBenchmark {

    private static final int DEPARTMENTS = 1_000;
    private static final int MEMBERS_PER_DEPARTMENT = 100;
    private static final int MEMBERS = DEPARTMENTS * MEMBERS_PER_DEPARTMENT;
    private static final int BRANCHING = 4;
    private static final String ROOT = department(0);
    private static final String SUBTREE_A = department(1);
    private static final String SUBTREE_B = department(501);
    private static final String ROLE = "bench-role";
    private static final int MEMBER_CHUNK = 2_000;
    private static final int WARM_UP_RUNS = 10;
    private static final int MEASURED_RUNS = 10;

    /**
     * The query {@code Members.findRecipients} runs (package-private in the worker), copied verbatim so its
     * SQL share of the time can be measured on its own. Keep in step with Members.java.
     */
    private static final String FIND_RECIPIENTS_SQL = """
            with recursive subtree(department_id) as (
                select unnest(cast(:departments as text[]))
                union
                select d.department_id from departments d join subtree s on d.parent_id = s.department_id
                 where :subDepartments
            ), named as (
                select unnest(cast(:members as text[])) as member_id
                union
                select md.member_id from member_departments md join subtree s using (department_id)
                union
                select mr.member_id from member_roles mr where mr.role_id = any(cast(:roles as text[]))
            )
            select m.member_id, m.nick, m.phone, m.phone_e164, m.phone_problem, m.active
              from members m join named n using (member_id)
            """;
    private static final Pattern EXECUTION_TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");

    @Autowired
    Directory directory;

    @Autowired
    RecipientResolver resolver;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::freshDatabaseUrl);
    }

    @Test
    void resolvesA50000MemberSubtreeAndA10000MemberRole() {
        load();

        System.out.printf("%n[benchmark] %d warm-up + %d measured runs each; JDK %s, %d CPUs, %s%n",
                WARM_UP_RUNS, MEASURED_RUNS, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                jdbc.getJdbcTemplate().queryForObject("select version()", String.class));
        Recipients subtree = new Recipients(null, List.of(SUBTREE_A), null, null, true);
        Recipients role = new Recipients(null, null, List.of(ROLE), null, null);
        Case subtreeCase = measure("subtree " + SUBTREE_A + " (50,000 members)", subtree, 50_000);
        Case roleCase = measure("role " + ROLE + " (10,000 members)", role, 10_000);

        System.out.printf("%n[benchmark] Recipient resolution, ms (%d measured runs after %d warm-up runs)%n",
                MEASURED_RUNS, WARM_UP_RUNS);
        System.out.printf("%-56s %8s %8s %8s %8s %10s%n", "what", "min", "median", "p90", "max", "rows");
        for (Case c : List.of(subtreeCase, roleCase)) {
            c.print();
        }
        System.out.printf("""
                [benchmark] resolve = RecipientResolver.resolve (what an event pays); SQL server = the query wrapped in
                  count(*) (executed in PostgreSQL, no rows sent); JDBC fetch = the query with every column read, nothing
                  built (server + transfer + driver); JDBC + map = the same plus one record per row, as
                  Members.findRecipients does; Java dedup = building a Recipient per row keyed by E.164 into a
                  LinkedHashMap and copying to a list, as resolve does after the query; EXPLAIN ANALYZE = the server's
                  own Execution Time (with instrumentation overhead).%n""");
        System.out.printf("[benchmark] target: subtree median <= 200 ms -> %s (%.1f ms)%n%n",
                subtreeCase.resolve.median() <= 200 ? "MET" : "MISSED", subtreeCase.resolve.median());

        assertThat(subtreeCase.count).isEqualTo(50_000);
        assertThat(roleCase.count).isEqualTo(10_000);
    }

    /** Builds the directory through {@link Directory}, as directory sync and bulk import do. */
    private void load() {
        List<DepartmentUpdated> departments = new ArrayList<>(DEPARTMENTS);
        for (int i = 0; i < DEPARTMENTS; i++) {
            departments.add(new DepartmentUpdated(department(i), parentOf(i), "Department " + i));
        }
        long start = System.nanoTime();
        directory.saveDepartments(departments);
        double departmentsMs = millis(start);

        start = System.nanoTime();
        List<MemberUpdated> chunk = new ArrayList<>(MEMBER_CHUNK);
        for (int m = 0; m < MEMBERS; m++) {
            chunk.add(new MemberUpdated("member-%06d".formatted(m), "Member " + m, "+86139%08d".formatted(m),
                    List.of(department(m / MEMBERS_PER_DEPARTMENT)), m % 10 == 0 ? List.of(ROLE) : List.of(), true));
            if (chunk.size() == MEMBER_CHUNK) {
                directory.saveMembers(chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            directory.saveMembers(chunk);
        }
        double membersMs = millis(start);

        // Production tables have statistics (autovacuum); give the planner the same rather than guesses.
        start = System.nanoTime();
        for (String table : List.of("departments", "members", "member_departments", "member_roles")) {
            jdbc.getJdbcTemplate().execute("vacuum analyze " + table);
        }
        double analyzeMs = millis(start);

        int invalid = jdbc.getJdbcTemplate().queryForObject(
                "select count(*) from members where phone_e164 is null", Integer.class);
        System.out.printf("%n[benchmark] loaded %,d departments in %.0f ms; %,d members (chunks of %,d) in %.0f ms "
                        + "= %,.0f members/s; vacuum analyze %.0f ms; members without a valid number: %d%n",
                DEPARTMENTS, departmentsMs, MEMBERS, MEMBER_CHUNK, membersMs, MEMBERS / (membersMs / 1000),
                analyzeMs, invalid);
        assertThat(invalid).isZero();
    }

    private Case measure(String name, Recipients recipients, int expected) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("members", new String[0])
                .addValue("departments", recipients.departments().toArray(String[]::new))
                .addValue("roles", recipients.roles().toArray(String[]::new))
                .addValue("subDepartments", Boolean.TRUE.equals(recipients.includeSubDepartments()));

        List<Row> rows = jdbc.query(FIND_RECIPIENTS_SQL, params, (rs, row) -> new Row(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)));
        // The variants run interleaved, round by round, so JIT warm-up, GC and the machine's other load fall on
        // all of them alike rather than on whichever happens to run first.
        List<IntSupplier> variants = List.of(
                () -> resolver.resolve(recipients).size(),
                () -> jdbc.queryForObject("select count(*) from (" + FIND_RECIPIENTS_SQL + ") q", params,
                        Integer.class),
                () -> {
                    int[] count = {0};
                    jdbc.query(FIND_RECIPIENTS_SQL, params, rs -> {
                        rs.getString(1);
                        rs.getString(2);
                        rs.getString(3);
                        rs.getString(4);
                        rs.getString(5);
                        rs.getBoolean(6);
                        count[0]++;
                    });
                    return count[0];
                },
                () -> jdbc.query(FIND_RECIPIENTS_SQL, params, (rs, row) -> new Row(
                        rs.getString("member_id"), rs.getString("nick"), rs.getString("phone"),
                        rs.getString("phone_e164"), rs.getString("phone_problem"), rs.getBoolean("active"))).size(),
                () -> dedup(rows).size());
        double[][] ms = new double[variants.size() + 1][MEASURED_RUNS];
        int[] counts = new int[variants.size()];
        for (int round = 0; round < WARM_UP_RUNS + MEASURED_RUNS; round++) {
            for (int v = 0; v < variants.size(); v++) {
                long start = System.nanoTime();
                counts[v] = variants.get(v).getAsInt();
                if (round >= WARM_UP_RUNS) {
                    ms[v][round - WARM_UP_RUNS] = millis(start);
                }
            }
            double explain = executionTime(jdbc.queryForList("explain (analyze, timing off) "
                    + FIND_RECIPIENTS_SQL, params, String.class));
            if (round >= WARM_UP_RUNS) {
                ms[variants.size()][round - WARM_UP_RUNS] = explain;
            }
        }
        List<String> plan = jdbc.queryForList("explain (analyze, buffers) " + FIND_RECIPIENTS_SQL, params,
                String.class);
        System.out.printf("%n[benchmark] plan for %s:%n  %s%n", name, String.join("\n  ", plan));

        int count = resolver.resolve(recipients).size();
        assertThat(count).as(name).isEqualTo(expected);
        return new Case(name, count, new Stats(ms[0], counts[0]), new Stats(ms[1], counts[1]),
                new Stats(ms[2], counts[2]), new Stats(ms[3], counts[3]), new Stats(ms[4], counts[4]),
                new Stats(ms[5], rows.size()));
    }

    /** What RecipientResolver.resolve does with the rows, for members that are active with a valid number. */
    private static List<Recipient> dedup(List<Row> rows) {
        Map<String, Recipient> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!row.active()) {
                continue;
            }
            Recipient recipient = row.phoneE164() != null ? Recipient.reachable(row.memberId(), row.phoneE164())
                    : Recipient.unreachable(row.memberId(), row.phone(), String.valueOf(row.phoneProblem()));
            byKey.putIfAbsent(recipient.key(), recipient);
        }
        return new ArrayList<>(byKey.values());
    }

    private static double executionTime(List<String> plan) {
        for (String line : plan) {
            Matcher matcher = EXECUTION_TIME.matcher(line);
            if (matcher.find()) {
                return Double.parseDouble(matcher.group(1));
            }
        }
        throw new IllegalStateException("no Execution Time in " + plan);
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    private static String department(int index) {
        return "dept-%04d".formatted(index);
    }

    /** Root 0; subtree A is 1..500 and subtree B 501..999, each a complete 4-ary tree in breadth-first order. */
    private static String parentOf(int index) {
        if (index == 0) {
            return null;
        }
        int base = index <= 500 ? 1 : 501;
        int offset = index - base;
        return offset == 0 ? ROOT : department(base + (offset - 1) / BRANCHING);
    }

    private record Row(String memberId, String nick, String phone, String phoneE164, String phoneProblem,
                       boolean active) {
    }

    private record Stats(double[] ms, int rows) {

        Stats {
            ms = ms.clone();
            Arrays.sort(ms);
        }

        double min() {
            return ms[0];
        }

        double median() {
            int n = ms.length;
            return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        }

        double p90() {
            return ms[(int) Math.ceil(0.9 * ms.length) - 1];
        }

        double max() {
            return ms[ms.length - 1];
        }
    }

    private record Case(String name, int count, Stats resolve, Stats server, Stats fetch, Stats fetchAndMap,
                        Stats java, Stats explain) {

        void print() {
            row("resolve", resolve);
            row("  SQL server (count(*), no transfer)", server);
            row("  EXPLAIN ANALYZE Execution Time (timing off)", explain);
            row("  JDBC fetch (all columns read, nothing built)", fetch);
            row("  JDBC + map to records (Members.findRecipients)", fetchAndMap);
            row("  Java dedup (Recipient + LinkedHashMap)", java);
        }

        private void row(String what, Stats stats) {
            System.out.printf("%-56s %8.1f %8.1f %8.1f %8.1f %,10d%n", (what.startsWith(" ") ? "" : name + ": ")
                    + what, stats.min(), stats.median(), stats.p90(), stats.max(), stats.rows());
        }
    }
}
