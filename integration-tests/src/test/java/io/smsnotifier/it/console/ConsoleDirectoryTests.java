package io.smsnotifier.it.console;

import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.worker.recipients.Directory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Support looks a member up (number masked); an operator imports a file and reads what it did. */
class ConsoleDirectoryTests extends ConsoleBrowserTest {

    @Autowired
    Directory directory;

    @Test
    void looksAMemberUpWithTheNumberMaskedAndSaysWhenThereIsNone() {
        String memberId = "console-lookup-" + UUID.randomUUID();
        directory.saveMember(new MemberUpdated(memberId, "Erin 张", "+8613900139022", List.of("d-sales"),
                List.of("approver"), true));
        signIn(VIEWER_TOKEN);

        browser().get(url("/console/directory"));
        assertThat(browser().findElements(By.id("import-form"))).as("a viewer cannot import").isEmpty();
        waitFor(By.id("memberId")).sendKeys(memberId);
        browser().findElement(By.id("lookup-button")).click();

        assertThat(waitFor(By.id("member-id")).getText()).isEqualTo(memberId);
        assertThat(browser().findElement(By.id("member-nick")).getText()).isEqualTo("Erin 张");
        assertThat(browser().findElement(By.id("member-phone")).getText()).isEqualTo("+86139****9022");
        assertThat(browser().findElement(By.id("member")).getText()).contains("d-sales").contains("approver");
        assertThat(browser().getPageSource()).doesNotContain("13900139022");

        browser().get(url("/console/directory?memberId=" + URLEncoder.encode("no-such-" + UUID.randomUUID(),
                StandardCharsets.UTF_8)));
        assertThat(waitFor(By.id("not-found")).getText()).contains("no-such-");
        browser().get(url("/console/directory?memberId=" + memberId + "&lang=zh-CN"));
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("通讯录");
        assertThat(browser().findElement(By.id("member")).getText()).contains("手机号").contains("+86139****9022");
        screenshot("directory-lookup-zh-CN");
    }

    @Test
    void importsASmallCsvAndShowsTheReport() throws Exception {
        String prefix = "console-import-" + UUID.randomUUID();
        Path csv = Files.createTempFile("members", ".csv");
        Files.writeString(csv, """
                memberId,nick,phone,departmentIds,roleIds,active
                %1$s-1,Gao,+8613900139031,d-ops;d-sales,,true
                %1$s-2,"Lin, Wei",13900139032,d-ops,approver,true
                %1$s-3,Bad,+8613900139033,d-ops,,perhaps
                """.formatted(prefix));
        signIn(ALICE_TOKEN);

        browser().get(url("/console/directory"));
        waitFor(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser().findElement(By.id("import-button")).click();

        assertThat(waitFor(By.cssSelector("#report .notice")).getText())
                .isEqualTo("CSV imported: 2 new, 0 updated, 1 rejected.");
        assertThat(browser().findElement(By.id("rejections")).getText()).contains("4")
                .contains("active must be true or false");
        JsonNode member = AdminApiClient.json(admin().member(prefix + "-2"));
        assertThat(member.get("nick").asString()).isEqualTo("Lin, Wei");
        assertThat(member.get("departmentIds")).extracting(JsonNode::asString).containsExactly("d-ops");
        screenshot("directory-import");

        browser().get(url("/console/audit?action=directory.import&actor=ops-alice"));
        assertThat(waitFor(By.cssSelector("#audit tr.entry .changes")).getText())
                .containsPattern("\"inserted\"\\s*:\\s*2").containsPattern("\"rejected\"\\s*:\\s*1");
        Files.delete(csv);
    }
}
