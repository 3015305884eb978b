package rtc.pricing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.client.ApiClient;
import rtc.pricing.client.ApiException;
import rtc.pricing.client.api.AccountsApi;
import rtc.pricing.client.api.PricingApi;
import rtc.pricing.client.api.SettlementsApi;
import rtc.pricing.client.api.UsageApi;
import rtc.pricing.client.model.Bill;
import rtc.pricing.client.model.DeductionPackage;
import rtc.pricing.client.model.DeductionRequest;
import rtc.pricing.client.model.DeductionUsage;
import rtc.pricing.client.model.Deductions;
import rtc.pricing.client.model.Interval;
import rtc.pricing.client.model.ModelPackage;
import rtc.pricing.client.model.NewAccount;
import rtc.pricing.client.model.NewApp;
import rtc.pricing.client.model.PackageAdvice;
import rtc.pricing.client.model.PackageAdviceRequest;
import rtc.pricing.client.model.PackageAdviceUsage;
import rtc.pricing.client.model.PackageKind;
import rtc.pricing.client.model.PackagePrice;
import rtc.pricing.client.model.Purchase;
import rtc.pricing.client.model.Quote;
import rtc.pricing.client.model.QuoteRequest;
import rtc.pricing.client.model.Room;
import rtc.pricing.client.model.Run;
import rtc.pricing.client.model.Stream;
import rtc.pricing.client.model.StreamType;
import rtc.pricing.client.model.Subscription;
import rtc.pricing.client.model.TopUp;
import rtc.pricing.client.model.UsageAnswer;
import rtc.pricing.client.model.UsageBatch;
import rtc.pricing.client.model.UsageCategory;
import rtc.pricing.client.model.UsageReport;
import rtc.pricing.client.model.User;
import rtc.pricing.client.model.Video;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/**
 * The service driven by a typed client that openapi-generator made at build time from docs/openapi.json (the served
 * document, OpenApiDocumentTest): what a third-party integrator gets. No cast, no hand-written JSON: the README's
 * examples and a ledger flow from an account to its bill, every figure worked out by hand.
 */
@QuarkusTest
class TypedClientTest {

    @TestHTTPResource("/")
    URL base;

    private ApiClient anonymous() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        return client;
    }

    private ApiClient client(String user, String password) {
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return anonymous().setRequestInterceptor(request -> request.header("Authorization", basic));
    }

    private static OffsetDateTime t(String text) {
        return OffsetDateTime.parse(text);
    }

    @Test
    void theReadmesQuoteIsPricedByItsExampleE3() throws ApiException {
        Interval half = new Interval().from(t("2022-06-01T00:00:00+08:00")).to(t("2022-06-01T00:30:00+08:00"));
        QuoteRequest request = new QuoteRequest().rooms(List.of(new Room().roomId("r1")
                .users(List.of(new User().userId("A").presence(List.of(half)),
                        new User().userId("B").presence(List.of(half))))
                .streams(List.of(new Stream().streamId("A-cam").userId("A").type(StreamType.CAMERA)
                                .video(new Video().width(640).height(360)),
                        new Stream().streamId("B-cam").userId("B").type(StreamType.CAMERA)
                                .video(new Video().width(1920).height(1080))))
                .subscriptions(List.of(new Subscription().userId("A").streamId("B-cam").from(half.getFrom())
                                .to(half.getTo()),
                        new Subscription().userId("B").streamId("A-cam").from(half.getFrom()).to(half.getTo())))));
        // A public endpoint: anonymous, as the README sends it.
        Quote quote = new PricingApi(anonymous()).createQuote(request);
        // FHD 30 min × 63.00/1000 = 1.89; SD 30 min × 14.00/1000 = 0.42.
        assertEquals("2.31", quote.getTotal());
        assertEquals(List.of("0.42", "1.89"), quote.getLines().stream().map(l -> l.getAmount()).toList());
        assertEquals("CNY", quote.getCurrency());
    }

    /**
     * Every valid documented quote request (the fixture's examples with an expected total) read into the generated
     * types, strictly (a field the types lack fails), sent through the client, and answered its documented total.
     */
    @TestFactory
    List<DynamicTest> everyDocumentedQuoteRequestIsSentThroughTheTypedClient() throws IOException {
        ObjectMapper strict = rtc.pricing.client.JSON.getDefault().getMapper().copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        PricingApi pricing = new PricingApi(anonymous());
        List<DynamicTest> tests = new ArrayList<>();
        try (var files = Files.list(RulesFolder.FIXTURE.resolve("examples"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode example = strict.readTree(file.toFile());
                if (!example.has("request") || !example.path("expect").has("total")) {
                    continue; // the error examples and the other kinds' examples
                }
                tests.add(DynamicTest.dynamicTest(example.get("id").asText(), () -> {
                    QuoteRequest request = strict.treeToValue(example.get("request"), QuoteRequest.class);
                    assertEquals(example.get("expect").get("total").asText(), pricing.createQuote(request).getTotal());
                }));
            }
        }
        assertTrue(tests.size() >= 30, "the fixture documents " + tests.size() + " priced quotes");
        return tests;
    }

    @Test
    void theReadmesPackageExamplesAnswerTheirFigures() throws ApiException {
        PricingApi pricing = new PricingApi(client("analyst", Users.ANALYST_PASSWORD));
        // The HD minute at 00:00 takes 4 minutes of p1, bought at 09:00 the same day: a backfill.
        Deductions replay = pricing.replayDeductions(new DeductionRequest()
                .packages(List.of(new DeductionPackage().packageId("p1").kind(PackageKind.GENERAL).minutes(25_000L)
                        .acquiredAt(t("2022-06-01T09:00:00+08:00"))))
                .usage(List.of(new DeductionUsage().appId("1400000001").interval(t("2022-06-01T00:00:00+08:00"))
                        .category(DeductionUsage.CategoryEnum.VIDEO).tier("HD").seconds(30L))));
        var covered = replay.getDeductions().get(0).getCovered().get(0);
        assertEquals("p1", covered.getPackageId());
        assertEquals(4L, covered.getPackageMinutes());
        assertEquals(true, covered.getBackfill());

        PackagePrice price = (PackagePrice) pricing.getPackagePrices("4000", null).getActualInstance();
        assertEquals("22517.32", price.getPrice());

        // 10,000 HD minutes at 4 package minutes each + 5,000 audio minutes = 45,000 general minutes; postpaid
        // 10,000 × 0.028 + 5,000 × 0.007 = 315.00; a custom package of 45 thousand minutes costs 302.40.
        PackageAdvice advice = pricing.advisePackages(new PackageAdviceRequest().usage(List.of(
                new PackageAdviceUsage().category(UsageCategory.VIDEO).tier("HD").minutes(10_000L),
                new PackageAdviceUsage().category(UsageCategory.AUDIO).minutes(5_000L))));
        assertEquals(45_000L, advice.getGeneralMinutes());
        assertEquals("315.00", advice.getPostpaid());
        assertEquals("302.40", advice.getOptions().get(0).getTotal());
    }

    @Test
    void anAccountFromItsCreationToItsBill() throws ApiException {
        ApiClient admin = client("admin", Users.ADMIN_PASSWORD);
        AccountsApi accounts = new AccountsApi(admin);
        String id = "typed-client-flow";
        String app = "1400099014";
        accounts.createAccount(new NewAccount().accountId(id).registeredAt(t("2022-09-01T10:00:00+08:00"))
                .postpaid(true), "typed-1-" + id, null);
        accounts.createApp(id, new NewApp().appId(app).createdAt(t("2022-09-01T10:00:00+08:00")), "typed-2-" + id,
                null);
        assertEquals("20.00", accounts.topUpAccount(id, new TopUp().amount("20.00")
                .at(t("2022-09-01T10:00:00+08:00")), "typed-3-" + id, null).getBalance());
        // A custom package of 1 thousand minutes: 1,000 × 0.00700000 = 7.00 from the balance.
        ModelPackage bought = accounts.buyPackage(id, new Purchase().thousandMinutes(BigDecimal.ONE)
                .paidAt(t("2022-09-01T10:00:00+08:00")), "typed-4-" + id, null);
        assertEquals("7.00", bought.getPrice());
        assertEquals(1_000L, bought.getMinutes());

        // 2,000 audio minutes on 09-14: the package covers 1,000, the other 1,000 are postpaid at 7.00 / 1,000.
        UsageAnswer usage = new UsageApi(client("billing", Users.BILLING_PASSWORD)).reportUsage(new UsageBatch()
                .reports(List.of(new UsageReport().reportId("typed-r1").appId(app)
                        .interval(t("2022-09-14T10:00:00+08:00")).service(UsageReport.ServiceEnum.BASE)
                        .category(UsageReport.CategoryEnum.AUDIO).seconds(120_000L))), "typed-5-" + id, null);
        assertEquals(1, usage.getAccepted());

        Run run = new SettlementsApi(admin).settleDay("2022-09-14");
        assertEquals(1, run.getBills());
        assertEquals("7.00", run.getTotal());
        List<Bill> bills = accounts.listAccountBills(id, "2022-09-14", "2022-09-14", null);
        assertEquals(1, bills.size());
        assertEquals("7.00", bills.get(0).getTotal());
        assertEquals("7.00", bills.get(0).getPaid());
        // 20.00 − 7.00 (package) − 7.00 (bill) = 6.00.
        assertEquals("6.00", accounts.getAccount(id, "2022-09-15T00:00:00+08:00", null).getBalance());

        // The document's 409s reach the client as what they are.
        ApiException again = assertThrows(ApiException.class, () -> accounts.createAccount(new NewAccount()
                .accountId(id).registeredAt(t("2022-09-01T10:00:00+08:00")), "typed-6-" + id, null));
        assertEquals(409, again.getCode());
        assertEquals(LocalDate.parse("2022-09-14"), bills.get(0).getDate());
    }
}
