package rtc.pricing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import rtc.pricing.problem.ServiceBusyException;

/** Load shedding: as many pricing requests as allowed run, the next waits its bounded turn, then is answered 503. */
class AdmissionTest {

    @Test
    void pastTheLimitARequestIsShedWith503AndRetryAfter() throws Exception {
        Admission admission = new Admission(2, 200);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(() -> admission.run(() -> hold(running, finish, "a")));
            Future<String> b = pool.submit(() -> admission.run(() -> hold(running, finish, "b")));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            ServiceBusyException shed = assertThrows(ServiceBusyException.class, () -> admission.run(() -> "c"));
            assertEquals("overloaded", shed.slug());
            assertEquals(1, shed.retryAfterSeconds());
            finish.countDown();
            assertEquals("a", a.get(30, TimeUnit.SECONDS));
            assertEquals("b", b.get(30, TimeUnit.SECONDS));
            // Turns are given back, also by a request that failed.
            assertThrows(IllegalStateException.class, () -> admission.run(() -> {
                throw new IllegalStateException("failed");
            }));
            assertEquals("e", admission.run(() -> "e"));
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestWaitingWithinItsTimeRunsWhenATurnFrees() throws Exception {
        Admission admission = new Admission(1, 60_000);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(() -> admission.run(() -> hold(running, finish, "a")));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            Future<String> waiting = pool.submit(() -> admission.run(() -> "waited"));
            Thread.sleep(100);
            assertTrue(!waiting.isDone(), "it waits while the only turn is taken");
            finish.countDown();
            assertEquals("a", a.get(30, TimeUnit.SECONDS));
            assertEquals("waited", waiting.get(30, TimeUnit.SECONDS));
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    private static String hold(CountDownLatch running, CountDownLatch finish, String answer) {
        running.countDown();
        try {
            finish.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    }
}
