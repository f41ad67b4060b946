package io.smsnotifier.it.console;

import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.it.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser: the worker of {@link WorkerIntegrationTest} (real broker, real PostgreSQL, the
 * sandbox SMS service; the same context as the other integration tests) and one headless Chromium per test
 * class, Debian's {@code chromium} driven through its {@code chromium-driver}. Each test starts signed out on a
 * 1280 px wide window, and ends with {@link #screenshot} of the page it ends on
 * ({@code integration-tests/target/console/<name>.png}).
 *
 * <p>Without the browser the class is skipped, saying what to install; on CI ({@code CI=true}) it runs and fails,
 * because there the console must be tested. Waits are explicit ({@link #waitFor}), never sleeps.
 */
@ExtendWith(ConsoleBrowserTest.BrowserInstalled.class)
public abstract class ConsoleBrowserTest extends WorkerIntegrationTest {

    /** {@code notifier.admin.token} in profile {@code it}: the operator named {@code admin}. */
    public static final String OPERATOR_TOKEN = AdminApiClient.ADMIN_TOKEN;
    /** {@code notifier.admin.tokens.ops-viewer}: role viewer. */
    public static final String VIEWER_TOKEN = AdminApiClient.VIEWER_TOKEN;
    /** {@code notifier.admin.tokens.ops-alice}: role operator, name {@code ops-alice}. */
    public static final String ALICE_TOKEN = AdminApiClient.OPERATOR_TOKEN;

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "install Debian's chromium chromium-driver fonts-wqy-microhei "
            + "(apt-get install -y chromium chromium-driver fonts-wqy-microhei) to run the console tests";

    private static final Path SCREENSHOTS = Path.of("target", "console");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " or " + CHROMEDRIVER + ": " + INSTALL);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US", "--hide-scrollbars");
        // The browser asks for English; the tests switch languages with ?lang= (or send Accept-Language by hand).
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /** Every test starts signed out, in English, 1280 px wide. */
    @BeforeEach
    void signedOutAndWide() {
        wide();
        browser.get(url("/console/sign-in?lang=en"));
        browser.manage().deleteAllCookies();
    }

    /** The test class's browser. */
    protected WebDriver browser() {
        return browser;
    }

    /** {@code path} ({@code /console/...}) on this worker: {@code http://localhost:<port><path>}. */
    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A client of this worker's console without a browser ({@link ConsoleHttp}), not signed in. */
    protected ConsoleHttp http() {
        return new ConsoleHttp(url(""));
    }

    /** Signs in on the sign-in page with {@code token} and waits for the page it lands on (the overview). */
    protected void signIn(String token) {
        browser.get(url("/console/sign-in"));
        WebElement field = waitFor(By.id("token"));
        field.clear();
        field.sendKeys(token);
        field.submit();
        waitFor(By.cssSelector("form.sign-out button"));
    }

    /** Signs out with the layout's button and waits for the sign-in page. */
    protected void signOut() {
        waitFor(By.cssSelector("form.sign-out button")).click();
        waitFor(By.id("token"));
    }

    /** Waits (up to 15 s) until an element {@code by} finds is visible, and returns it. */
    protected WebElement waitFor(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits (up to 15 s) until the element {@code by} finds is visible and its text contains {@code text}. */
    protected WebElement waitForText(By by, String text) {
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return waitFor(by);
    }

    /**
     * Waits (up to {@code timeout}) until {@code condition} gives neither {@code null} nor {@code false}, and
     * returns what it gave. An element that htmx swapped out while the condition read it is read again.
     */
    protected <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, timeout).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** {@link #waitUntil(Duration, Function)} for up to 15 s. */
    protected <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(WAIT, condition);
    }

    /** Saves what the browser shows as {@code integration-tests/target/console/<name>.png}. */
    protected void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A phone: 390 px wide. */
    protected void narrow() {
        browser.manage().window().setSize(new Dimension(390, 844));
    }

    /** A desktop: 1280 px wide. */
    protected void wide() {
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    /**
     * Skips the class, saying what to install, where the browser or its driver is missing, unless on CI
     * ({@code CI=true}): there {@link #startBrowser} fails instead.
     */
    static final class BrowserInstalled implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
                return ConditionEvaluationResult.enabled("headless Chromium is installed");
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("on CI the console tests must run");
            }
            return ConditionEvaluationResult.disabled("no " + CHROMIUM + " or " + CHROMEDRIVER + ": " + INSTALL);
        }
    }
}
