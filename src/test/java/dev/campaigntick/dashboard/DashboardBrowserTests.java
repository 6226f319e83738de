package dev.campaigntick.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium, driven by chromedriver, against the running
 * app and real PostgreSQL, at a phone's screen size. Without Chromium these tests are skipped
 * (install {@code chromium chromium-driver}); on CI (CI set) a missing browser is a failure.
 */
@QuarkusTest
@Tag("browser")
class DashboardBrowserTests {

  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));
  static final Path CHROMIUM = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));

  static WebDriver browser;

  @TestHTTPResource("/")
  URL base;

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  @BeforeAll
  static void startBrowser() {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
      String missing =
          "no "
              + CHROMIUM
              + " or "
              + CHROMEDRIVER
              + ": apt-get install -y chromium chromium-driver";
      if (System.getenv("CI") != null) {
        Assertions.fail("CI runs the browser tests, but there is " + missing);
      }
      Assumptions.abort("browser tests skipped: " + missing);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // A phone-sized window: the pages must be usable at this width.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        // This machine's network is closed: no background fetches to refuse.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=412,915");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void setUp() {
    db.reset();
    clock.reset();
    browser.manage().deleteAllCookies();
  }

  @Test
  void refusesAWrongTokenAndSignsInWithTheRightOne() {
    open("dashboard");
    assertTrue(browser.getCurrentUrl().endsWith("/dashboard/sign-in"), browser.getCurrentUrl());
    signInWith("not-the-token");
    waitFor(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-error")));
    assertEquals("That is not the admin token.", text("sign-in-error"));
    assertTrue(browser.manage().getCookieNamed(DashboardSessions.COOKIE) == null);

    signInWith(Api.ADMIN_TOKEN);
    waitFor(ExpectedConditions.urlMatches("/dashboard$"));
    assertTrue(browser.manage().getCookieNamed(DashboardSessions.COOKIE).isHttpOnly());
    assertTrue(!browser.getPageSource().contains(Api.ADMIN_TOKEN), "the token is on no page");

    browser.findElement(By.id("sign-out")).click();
    waitFor(ExpectedConditions.urlMatches("/dashboard/sign-in$"));
    open("dashboard");
    assertTrue(browser.getCurrentUrl().endsWith("/dashboard/sign-in"), "signed out");
  }

  @Test
  void overviewShowsTheLastTickAndACountdownThatMoves() {
    Api.cron().post("/api/scheduler/tick").then().statusCode(200);
    signIn();

    assertEquals("online", text("online"));
    assertTrue(text("last-status").contains("COMPLETED"), text("last-status"));
    WebElement lastTick = browser.findElement(By.cssSelector("#last-tick time"));
    assertTrue(lastTick.getAttribute("title").endsWith("(UTC)"));
    assertNotEquals(
        lastTick.getAttribute("datetime"), lastTick.getText(), "shown in the browser's zone");

    String first = text("countdown");
    assertTrue(first.startsWith("in "), first);
    waitFor(driver -> !text("countdown").equals(first));
    assertFitsThePhoneScreen();
  }

  @Test
  void runNowLaunchesAndShowsTheResult() {
    long campaign =
        fixtures
            .campaign("acme", "Renewals")
            .status("SCHEDULED")
            .scheduledAt(Instant.now().minusSeconds(60))
            .create();
    fixtures.contacts(campaign, 4);
    signIn();

    browser.findElement(By.id("organizationId")).sendKeys("acme");
    browser.findElement(By.id("run-now-button")).click();

    waitFor(ExpectedConditions.presenceOfElementLocated(By.id("run-result")));
    assertTrue(text("run-result").contains("COMPLETED"), text("run-result"));
    assertEquals("4", text("result-launched"));
    assertEquals(
        4L,
        db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE campaign_id = ?", campaign));
  }

  @Test
  void pausingACampaignFromItsPageChangesItsStatus() {
    long campaign =
        fixtures
            .campaign("acme", "Winback")
            .status("SCHEDULED")
            .scheduledAt(Instant.now().plusSeconds(3600))
            .create();
    fixtures.contacts(campaign, 2);
    signIn();

    open("dashboard/campaigns");
    browser.findElement(By.linkText("Winback")).click();
    waitFor(ExpectedConditions.presenceOfElementLocated(By.id("campaign-status")));
    assertEquals("SCHEDULED", text("campaign-status"));
    assertFitsThePhoneScreen();

    browser.findElement(By.id("pause")).click();
    waitFor(ExpectedConditions.textToBe(By.id("campaign-status"), "PAUSED"));
    Api.admin()
        .get("/api/campaigns/" + campaign)
        .then()
        .body("status", org.hamcrest.Matchers.is("PAUSED"));

    // Cancel asks first; saying no changes nothing.
    browser.findElement(By.id("cancel")).click();
    waitFor(ExpectedConditions.alertIsPresent()).dismiss();
    assertEquals("PAUSED", text("campaign-status"));
  }

  @Test
  void aFormPostWithoutTheCsrfTokenIsRefused() {
    signIn();
    long runs = db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs");
    ((JavascriptExecutor) browser)
        .executeScript(
            "document.querySelector('#run-now input[name=csrf]').remove();"
                + "document.querySelector('#run-now form').submit();");
    waitFor(ExpectedConditions.presenceOfElementLocated(By.id("error-message")));
    assertTrue(text("error-message").contains("CSRF token"), text("error-message"));
    assertEquals(runs, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs"), "nothing ran");
  }

  private void open(String path) {
    browser.get(base.toString() + path);
  }

  private void signIn() {
    open("dashboard/sign-in");
    signInWith(Api.ADMIN_TOKEN);
    waitFor(ExpectedConditions.urlMatches("/dashboard$"));
  }

  /** Clicks return before the next page has loaded: wait for what the test expects next. */
  private <T> T waitFor(java.util.function.Function<? super WebDriver, T> condition) {
    return new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition);
  }

  private void signInWith(String token) {
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.id("sign-in")).click();
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText().trim();
  }

  /** Nothing wider than the screen: tables scroll inside their cards, the page does not. */
  private void assertFitsThePhoneScreen() {
    Number overflow =
        (Number)
            ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
    assertTrue(overflow.intValue() <= 0, "page wider than the screen by " + overflow + " px");
  }
}
